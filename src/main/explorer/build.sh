#!/usr/bin/env bash
# Called by the Maven build (exec-maven-plugin, generate-resources): installs the explorer's browser libraries from
# the npm registry (package-lock.json: exact versions, integrity hashes) with the machine's node/npm, and copies the
# files the page loads into the app's static resources ($1, served under /explorer-assets/vendor/). No CDN at run time.
set -euo pipefail
cd "$(dirname "$0")"
out="$1"
if ! command -v npm > /dev/null; then
  echo "build.sh: npm is not on the PATH; the lineage explorer needs node and npm (Debian: apt-get install -y nodejs npm)." >&2
  exit 1
fi
# npm ci only when the lock file changed since the last install (npm writes node_modules/.package-lock.json).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --prefer-offline --loglevel=error
fi
mkdir -p "$out"
cp node_modules/cytoscape/dist/cytoscape.min.js node_modules/cytoscape-dagre/dist/cytoscape-dagre.js "$out/"
cp node_modules/cytoscape/LICENSE "$out/cytoscape.LICENSE"
cp node_modules/cytoscape-dagre/LICENSE "$out/cytoscape-dagre.LICENSE"
