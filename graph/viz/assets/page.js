// kg viz page: draws the graph embedded in #kg-data with vis-network.
// Every text from the data is put in the page with textContent or vis-network's string
// titles (innerText), never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k.kind] = k; });

  var groups = {};
  data.kinds.forEach(function (k) {
    groups[k.kind] = {
      shape: k.shape,
      color: { background: k.color, border: k.border,
               highlight: { background: k.color, border: "#111" },
               hover: { background: k.color, border: "#111" } }
    };
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var large = data.large;
  var options = {
    groups: groups,
    nodes: {
      size: 14,
      borderWidth: 1.5,
      font: { size: 14, face: "system-ui, DejaVu Sans, sans-serif", color: "#222", strokeWidth: 4, strokeColor: "#ffffff" },
      scaling: { label: { enabled: false, drawThreshold: 7 } }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.45 } },
      color: { color: "#8a99a8", highlight: "#222", hover: "#222", inherit: false },
      font: { size: 12, color: "#555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      width: 1,
      selectionWidth: 1.5,
      smooth: false,
      scaling: { label: { enabled: false, drawThreshold: 9 } }
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: { hover: !large, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large, keyboard: false },
    physics: data.physics ? {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -110, centralGravity: 0.01, springLength: 145, springConstant: 0.06, avoidOverlap: 0.9 },
      stabilization: { enabled: true, iterations: data.iterations, updateInterval: 50, fit: true },
      minVelocity: 1.5
    } : false
  };

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;
  window.kgSettled = false;

  // ---- the layout settles, then stops: physics off once stabilization is done ----------
  function markSettled() {
    if (window.kgSettled) return;
    window.kgSettled = true;
    window.kgSettledAt = performance.now();
    document.body.setAttribute("data-settled", "true");
    if (data.focus !== null) highlight(data.focus);
  }
  function stopPhysics() {
    network.setOptions({ physics: false });
    network.fit({ animation: false });
    network.once("afterDrawing", markSettled);
    network.redraw();
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", stopPhysics);
    setTimeout(function () { if (!window.kgSettled) stopPhysics(); }, 10000);
  } else {
    network.once("afterDrawing", markSettled);
  }

  // ---- click: highlight a node's neighbourhood ----------------------------------------
  var dimNode = { background: "#ececec", border: "#d6d6d6" };
  var dimmed = false;
  function groupColor(kind) { return { background: kinds[kind].color, border: kinds[kind].border }; }
  function showSelection(id) {
    var text = "";
    if (id !== null) {
      var n = nodes.get(id);
      text = "Selected: " + n.full + " (" + n.group + ", " + network.getConnectedNodes(id).length + " neighbours)";
    }
    document.getElementById("kg-selection").textContent = text;
  }
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    window.kgHighlighted = Array.from(keep);
    network.selectNodes(Array.from(keep), true);
    if (!large) {
      var keepEdges = new Set(network.getConnectedEdges(id));
      nodes.update(nodes.get().map(function (n) {
        var on = keep.has(n.id);
        return { id: n.id, color: on ? groupColor(n.group) : dimNode, font: { color: on ? "#222" : "#c4c4c4" } };
      }));
      edges.update(edges.get().map(function (e) {
        var on = keepEdges.has(e.id);
        return { id: e.id, color: { color: on ? e.base : "#eeeeee" }, font: { color: on ? "#555" : "rgba(0,0,0,0)" } };
      }));
      dimmed = true;
    }
    showSelection(id);
  }
  function clearHighlight() {
    window.kgHighlighted = [];
    if (dimmed) {
      nodes.update(nodes.get().map(function (n) { return { id: n.id, color: groupColor(n.group), font: { color: "#222" } }; }));
      edges.update(edges.get().map(function (e) { return { id: e.id, color: { color: e.base }, font: { color: "#555" } }; }));
      dimmed = false;
    }
    network.unselectAll();
    showSelection(null);
  }
  network.on("click", function (params) {
    if (params.nodes.length) highlight(params.nodes[0]); else clearHighlight();
  });

  // ---- class checkboxes and legend ----------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function shapeIcon(shape, fill, stroke) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("viewBox", "-9 -9 18 18");
    var el;
    var polygons = {
      star: "0,-8 2.2,-2.6 8,-2.6 3.4,1 5,7 0,3.6 -5,7 -3.4,1 -8,-2.6 -2.2,-2.6",
      triangle: "0,-7.5 7.5,6 -7.5,6",
      triangleDown: "0,7.5 7.5,-6 -7.5,-6",
      diamond: "0,-8 8,0 0,8 -8,0",
      hexagon: "0,-8 7,-4 7,4 0,8 -7,4 -7,-4",
      square: "-6.5,-6.5 6.5,-6.5 6.5,6.5 -6.5,6.5"
    };
    if (polygons[shape]) {
      el = document.createElementNS(SVG, "polygon");
      el.setAttribute("points", polygons[shape]);
    } else if (shape === "box" || shape === "ellipse") {
      el = document.createElementNS(SVG, "rect");
      el.setAttribute("x", "-8"); el.setAttribute("y", "-5"); el.setAttribute("width", "16"); el.setAttribute("height", "10");
      el.setAttribute("rx", shape === "ellipse" ? "5" : "1.5");
    } else {
      el = document.createElementNS(SVG, "circle");
      el.setAttribute("r", "7");
    }
    el.setAttribute("fill", fill);
    el.setAttribute("stroke", stroke);
    el.setAttribute("stroke-width", "1.3");
    svg.appendChild(el);
    return svg;
  }
  function lineIcon(color, dashed) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "30");
    svg.setAttribute("height", "12");
    var line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "6"); line.setAttribute("x2", "29"); line.setAttribute("y2", "6");
    line.setAttribute("stroke", color);
    line.setAttribute("stroke-width", "2");
    if (dashed) line.setAttribute("stroke-dasharray", "6 4");
    svg.appendChild(line);
    return svg;
  }
  var byKind = {};
  data.nodes.forEach(function (n) { (byKind[n.group] = byKind[n.group] || []).push(n.id); });
  var hiddenKinds = new Set();
  function setKindVisible(kind, visible) {
    if (visible) hiddenKinds.delete(kind); else hiddenKinds.add(kind);
    nodes.update((byKind[kind] || []).map(function (id) { return { id: id, hidden: !visible }; }));
    var box = document.querySelector('input[data-kind="' + kind + '"]');
    if (box) box.checked = visible;
  }
  var kindsBox = document.getElementById("kg-kinds");
  data.kinds.forEach(function (k) {
    var row = document.createElement("label");
    row.className = "kg-row";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-kind", k.kind);
    box.addEventListener("change", function () { setKindVisible(k.kind, box.checked); });
    var name = document.createElement("span");
    name.textContent = k.text;
    var count = document.createElement("span");
    count.className = "kg-count";
    count.textContent = String(k.count);
    row.appendChild(box);
    row.appendChild(shapeIcon(k.shape, k.color, k.border));
    row.appendChild(name);
    row.appendChild(count);
    kindsBox.appendChild(row);
  });
  var linesBox = document.getElementById("kg-lines");
  data.lines.forEach(function (l) {
    var row = document.createElement("div");
    row.className = "kg-row";
    row.appendChild(lineIcon(l.color, l.dashed));
    var text = document.createElement("span");
    text.textContent = l.text;
    row.appendChild(text);
    var count = document.createElement("span");
    count.className = "kg-count";
    count.textContent = String(l.count);
    row.appendChild(count);
    linesBox.appendChild(row);
  });

  // ---- search: find a node by name and focus it ---------------------------------------
  function norm(s) { return s.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}_]+/gu, ""); }
  var index = data.nodes.map(function (n) { return { id: n.id, key: norm(n.full), node: n }; });
  var search = document.getElementById("kg-search");
  var list = document.getElementById("kg-matches");
  var matches = [];
  function findMatches(text) {
    var q = norm(text);
    if (!q) return [];
    var exact = [], start = [], within = [];
    for (var i = 0; i < index.length && exact.length + start.length + within.length < 400; i++) {
      var k = index[i].key;
      if (k === q) exact.push(index[i]);
      else if (k.indexOf(q) === 0) start.push(index[i]);
      else if (k.indexOf(q) > 0) within.push(index[i]);
    }
    return exact.concat(start, within).slice(0, 15);
  }
  function renderMatches() {
    list.textContent = "";
    matches.forEach(function (m, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      if (i === 0) li.className = "kg-active";
      li.appendChild(document.createTextNode(m.node.full + " "));
      var small = document.createElement("small");
      small.textContent = m.node.group;
      li.appendChild(small);
      li.addEventListener("click", function () { focusNode(m.id, true); });
      list.appendChild(li);
    });
  }
  function focusNode(id, fromSearch) {
    var n = nodes.get(id);
    if (!n) return;
    if (hiddenKinds.has(n.group)) setKindVisible(n.group, true);
    highlight(id);
    network.selectNodes([id], true);
    network.focus(id, { scale: Math.max(network.getScale(), large ? 1.2 : 1.0), animation: false });
    window.kgFocused = id;
    if (fromSearch) { list.textContent = ""; search.value = n.full; }
  }
  search.addEventListener("input", function () { matches = findMatches(search.value); renderMatches(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && matches.length) { ev.preventDefault(); focusNode(matches[0].id, true); }
    if (ev.key === "Escape") { search.value = ""; matches = []; renderMatches(); }
  });
  window.kgFocus = focusNode;
  window.kgSetKindVisible = setKindVisible;
})();
