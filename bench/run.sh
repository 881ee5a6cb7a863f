#!/usr/bin/env bash
# The benchmark harness, one command: ./bench/run.sh --size S|M|L   (also: tiny, for a quick check)
# Builds the app (./mvnw -B -DskipTests package) and the harness (bench/pom.xml), installs the peer
# (@neo4j/graphql + Apollo Server, npm ci in bench/peer), then runs io.provenant.bench.BenchMain, which starts the
# packaged app on a free 127.0.0.1 port with fresh embedded Neo4j and PostgreSQL under bench/target/runs/, measures,
# prints the table, writes bench/results/<timestamp>-<size>.json and redraws bench/results/growth.png.
# Options after the size go to the harness: --repeats N (20; 3 from L up), --measure-seconds S (5), --warm-up-seconds S (5), --warm-up-max-seconds S (60), --batch N, --seed N, --no-peer, --jsonl FILE,
# --app-java-opts "..." (default -Xmx256m -XX:+UseSerialGC ..., see BenchMain), --results DIR. --no-build skips building the app (it must be packaged already).
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done
if [[ $build == 1 ]]; then
  ./mvnw -B -q -DskipTests package
fi
./mvnw -B -q -f bench/pom.xml package
peer=1
for a in "${args[@]}"; do [[ "$a" == "--no-peer" ]] && peer=0; done
if [[ $peer == 1 && ! -d bench/peer/node_modules ]]; then
  (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error)
fi
exec java -Xmx1g -jar bench/target/provenant-bench.jar --repo "$PWD" "${args[@]}"
