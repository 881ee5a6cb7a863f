/* Provenant lineage explorer: lineage(ref) drawn with Cytoscape.js + dagre; click a node to see it and expand it. */
(function () {
  'use strict';

  /** One colour per kind (GraphQL ArtifactKind), ordered along the loop: policy → … → release. */
  var KIND_COLOURS = {
    POLICY: '#6a1b9a', RUBRIC: '#8e24aa', REVIEWER: '#00838f', FEEDBACK: '#90a4ae', TRIAGE: '#546e7a',
    ESCALATION: '#ef6c00', CALIBRATION: '#00897b', ADJUDICATION: '#c2185b', DATASET: '#1565c0',
    TRAINING_RUN: '#f9a825', CHECKPOINT: '#2e7d32', EVAL_RUN: '#ad1457', GATE_POLICY: '#4e342e',
    GATE: '#d84315', RELEASE: '#b71c1c'
  };
  var TOKEN_KEY = 'provenant.token';
  var NODE_FIELDS = 'ref kind key version project registeredAt depth side attributes { name value }';
  var LINEAGE = 'query Explore($ref: String!, $direction: LineageDirection, $maxDepth: Int) {' +
    ' lineage(ref: $ref, direction: $direction, maxDepth: $maxDepth, first: 1000) {' +
    ' nodes { ' + NODE_FIELDS + ' } edges { from type to } totalCount truncated truncation { reason detail } } }';
  var ARTIFACT = 'query Details($ref: String!) { artifact(ref: $ref) { digest registeredBy journalSequence } }';

  var $ = function (id) { return document.getElementById(id); };
  var state = { cy: null, state: 'idle', expanded: {}, selected: null, error: null };
  window.explorer = state;

  function setState(s) { state.state = s; document.body.dataset.state = s; }

  function status(text, isError) {
    var el = $('status');
    el.textContent = text;
    el.className = isError ? 'error' : '';
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function gql(query, variables) {
    var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    if (token()) { headers.Authorization = 'Bearer ' + token(); }
    return fetch('/graphql', { method: 'POST', headers: headers, body: JSON.stringify({ query: query, variables: variables }) })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          throw new Error('HTTP ' + response.status + ': ' + (token() ? 'the token was refused.' : 'enter a token above.'));
        }
        return response.json();
      })
      .then(function (body) {
        if (body.errors && body.errors.length) {
          throw new Error(body.errors.map(function (e) {
            return (e.extensions && e.extensions.code ? e.extensions.code + ': ' : '') + e.message;
          }).join('; '));
        }
        return body.data;
      });
  }

  function colour(kind) { return KIND_COLOURS[kind] || '#607d8b'; }

  function graph() {
    if (state.cy) { return state.cy; }
    state.cy = cytoscape({
      container: $('graph'),
      wheelSensitivity: 0.3,
      style: [
        { selector: 'node', style: {
          'background-color': 'data(colour)', 'label': 'data(label)', 'font-size': 9, 'color': '#1f2933',
          'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'wrap', 'text-max-width': 110,
          'width': 18, 'height': 18, 'border-width': 1, 'border-color': '#fff' } },
        { selector: 'node.root', style: { 'width': 26, 'height': 26, 'border-width': 3, 'border-color': '#102a43' } },
        { selector: 'node.expanded', style: { 'shape': 'round-rectangle' } },
        { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffb300' } },
        { selector: 'node.new', style: { 'border-width': 3, 'border-color': '#ffb300', 'border-style': 'dashed' } },
        { selector: 'edge', style: {
          'width': 1, 'line-color': '#bcccdc', 'target-arrow-color': '#9fb3c8', 'target-arrow-shape': 'triangle',
          'arrow-scale': 0.7, 'curve-style': 'bezier', 'label': 'data(type)', 'font-size': 6, 'color': '#829ab1',
          'text-rotation': 'autorotate' } }
      ]
    });
    state.cy.on('tap', 'node', function (event) { select(event.target); });
    return state.cy;
  }

  /** Adds nodes and edges not shown yet; returns the number of nodes added. */
  function add(lineage, markNew) {
    var cy = graph();
    var added = 0;
    cy.batch(function () {
      lineage.nodes.forEach(function (n) {
        if (cy.getElementById(n.ref).nonempty()) { return; }
        added++;
        var node = cy.add({ group: 'nodes', data: {
          id: n.ref, ref: n.ref, kind: n.kind, key: n.key, version: n.version, project: n.project,
          registeredAt: n.registeredAt, attributes: n.attributes, colour: colour(n.kind), label: n.key + '@' + n.version } });
        if (markNew) { node.addClass('new'); }
      });
      lineage.edges.forEach(function (e) {
        var id = e.from + ' ' + e.type + ' ' + e.to;
        if (cy.getElementById(id).nonempty() || cy.getElementById(e.from).empty() || cy.getElementById(e.to).empty()) { return; }
        cy.add({ group: 'edges', data: { id: id, source: e.from, target: e.to, type: e.type } });
      });
    });
    return added;
  }

  /** Edges point from the newer artifact to what it was made from: right to left puts the oldest on the left. */
  function layout() {
    return new Promise(function (resolve) {
      var l = graph().layout({
        name: 'dagre', rankDir: 'RL', nodeSep: 14, rankSep: 70, edgeSep: 6, animate: false, fit: true, padding: 24,
        sort: function (a, b) { return String(a.data('registeredAt')).localeCompare(String(b.data('registeredAt'))); }
      });
      l.one('layoutstop', function () { resolve(); });
      l.run();
    });
  }

  function summary(lineage) {
    var cy = graph();
    return cy.nodes().length + ' nodes, ' + cy.edges().length + ' edges' +
      (lineage && lineage.truncated ? ' (truncated: ' + lineage.truncation.map(function (t) { return t.reason; }).join(', ') + ')' : '');
  }

  function show(ref) {
    setState('loading');
    status('Loading the lineage of ' + ref + ' …');
    var cy = graph();
    cy.elements().remove();
    state.expanded = {};
    details(null);
    return gql(LINEAGE, { ref: ref, direction: $('direction').value, maxDepth: Number($('depth').value) || 10 })
      .then(function (data) {
        add(data.lineage, false);
        cy.getElementById(ref).addClass('root');
        state.expanded[ref] = true;
        return layout().then(function () {
          legend();
          status(ref + ': ' + summary(data.lineage));
          setState('ready');
        });
      })
      .catch(fail);
  }

  function select(node) {
    var cy = graph();
    cy.nodes().unselect();
    node.select();
    state.selected = node.id();
    details(node);
    gql(ARTIFACT, { ref: node.id() }).then(function (data) {
      if (data.artifact && state.selected === node.id()) { details(node, data.artifact); }
    }).catch(function () { /* the details from the lineage are shown already */ });
    if (state.expanded[node.id()]) { return Promise.resolve(0); }
    setState('expanding');
    status('Expanding ' + node.id() + ' …');
    return gql(LINEAGE, { ref: node.id(), direction: 'BOTH', maxDepth: 1 })
      .then(function (data) {
        state.expanded[node.id()] = true;
        node.addClass('expanded');
        cy.nodes().removeClass('new');
        var added = add(data.lineage, true);
        return (added ? layout() : Promise.resolve()).then(function () {
          legend();
          status('Expanded ' + node.id() + ': ' + added + (added === 1 ? ' new node; ' : ' new nodes; ') + summary(null));
          setState('ready');
          return added;
        });
      })
      .catch(fail);
  }

  function row(name, value) {
    var tr = document.createElement('tr');
    var th = document.createElement('th');
    var td = document.createElement('td');
    th.textContent = name;
    td.textContent = value == null ? '' : String(value);
    td.dataset.field = name;
    tr.appendChild(th);
    tr.appendChild(td);
    return tr;
  }

  function details(node, artifact) {
    var panel = $('details');
    panel.textContent = '';
    if (!node) {
      var hint = document.createElement('p');
      hint.className = 'hint';
      hint.textContent = 'Click a node: its details appear here and its direct lineage (one step both ways) is added to the graph.';
      panel.appendChild(hint);
      return;
    }
    var d = node.data();
    var h2 = document.createElement('h2');
    var badge = document.createElement('span');
    badge.className = 'kind-badge';
    badge.style.background = d.colour;
    badge.textContent = d.kind;
    h2.appendChild(badge);
    h2.appendChild(document.createTextNode(' ' + d.ref));
    panel.appendChild(h2);
    var table = document.createElement('table');
    table.id = 'fields';
    [['ref', d.ref], ['kind', d.kind], ['key', d.key], ['version', d.version], ['project', d.project],
      ['registeredAt', d.registeredAt]].forEach(function (f) { table.appendChild(row(f[0], f[1])); });
    if (artifact) {
      table.appendChild(row('registeredBy', artifact.registeredBy));
      table.appendChild(row('journalSequence', artifact.journalSequence));
      table.appendChild(row('digest', artifact.digest));
    }
    panel.appendChild(table);
    var h3 = document.createElement('h3');
    h3.textContent = 'Attributes';
    panel.appendChild(h3);
    var attributes = document.createElement('table');
    attributes.id = 'attributes';
    (d.attributes || []).forEach(function (a) { attributes.appendChild(row(a.name, a.value)); });
    panel.appendChild(attributes);
    var link = document.createElement('a');
    link.href = '/explorer?ref=' + encodeURIComponent(d.ref);
    link.textContent = 'Explore from here';
    panel.appendChild(link);
  }

  function legend() {
    var kinds = {};
    graph().nodes().forEach(function (n) { kinds[n.data('kind')] = true; });
    var el = $('legend');
    el.textContent = '';
    Object.keys(KIND_COLOURS).filter(function (k) { return kinds[k]; }).forEach(function (k) {
      var span = document.createElement('span');
      var dot = document.createElement('i');
      dot.style.background = KIND_COLOURS[k];
      span.appendChild(dot);
      span.appendChild(document.createTextNode(k.toLowerCase().replace('_', '-')));
      el.appendChild(span);
    });
  }

  function fail(error) {
    state.error = String(error.message || error);
    status(state.error, true);
    setState('error');
  }

  function tokenState() { $('token-state').textContent = token() ? 'token set for this tab' : 'no token'; }

  document.addEventListener('DOMContentLoaded', function () {
    // cytoscape-dagre registers the 'dagre' layout on the global cytoscape when it loads.
    state.colours = KIND_COLOURS;
    tokenState();
    $('auth').addEventListener('submit', function (event) {
      event.preventDefault();
      var value = $('token').value.trim().replace(/^Bearer\s+/i, '');
      if (value) { sessionStorage.setItem(TOKEN_KEY, value); } else { sessionStorage.removeItem(TOKEN_KEY); }
      $('token').value = '';
      tokenState();
      if ($('ref').value) { show($('ref').value.trim()); }
    });
    $('query').addEventListener('submit', function (event) {
      event.preventDefault();
      var ref = $('ref').value.trim();
      if (!ref) { return; }
      history.replaceState(null, '', '/explorer?ref=' + encodeURIComponent(ref));
      show(ref);
    });
    var ref = new URLSearchParams(location.search).get('ref');
    if (ref) {
      $('ref').value = ref;
      show(ref);
    }
  });
})();
