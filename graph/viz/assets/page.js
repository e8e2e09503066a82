// kg viz page: draws the graph embedded in #kg-data with vis-network.
// Every text from the data is put in the page with textContent, never as HTML; vis-network
// gets no `title`, so its own HTML popup never opens.
(function () {
  "use strict";
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var data = read("kg-data");
  var kinds = {};
  data.kinds.forEach(function (k) { kinds[k.kind] = k; });

  var nodeList = read("kg-nodes");
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(read("kg-edges"));
  var options = read("kg-options");  // built by pyvis's Network in Python
  var large = data.large;

  var container = document.getElementById("kg-canvas");
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
    if (data.focus !== null) { highlight(data.focus); showDetails(nodes.get(data.focus)); }
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

  // ---- tooltip: text only, inside the canvas, gone when the pointer leaves --------------
  var main = document.getElementById("kg-network");
  var tip = document.getElementById("kg-tip");
  var pending = null;
  function hideTip() { tip.hidden = true; tip.textContent = ""; window.kgTip = null; }
  function showTip(text, x, y) {
    tip.textContent = text;
    tip.hidden = false;
    var box = main.getBoundingClientRect();
    var margin = 8;
    tip.style.maxHeight = Math.max(60, box.height - 2 * margin) + "px";
    tip.style.maxWidth = Math.max(120, Math.min(460, box.width - 2 * margin)) + "px";
    var w = tip.offsetWidth, h = tip.offsetHeight;
    // beside the pointer, flipped and clamped so the whole box stays in the canvas
    var left = x + 14 + w <= box.width - margin ? x + 14 : x - 14 - w;
    var top = y + 14 + h <= box.height - margin ? y + 14 : y - 14 - h;
    tip.style.left = Math.max(margin, Math.min(left, box.width - margin - w)) + "px";
    tip.style.top = Math.max(margin, Math.min(top, box.height - margin - h)) + "px";
  }
  function tipAt(x, y) {
    var p = { x: x, y: y };
    var id = network.getNodeAt(p);
    var item = id !== undefined ? nodes.get(id) : null;
    if (!item) {
      var e = network.getEdgeAt(p);
      item = e !== undefined ? edges.get(e) : null;
    }
    if (item && !item.hidden && item.tip) {
      if (window.kgTip !== item.id + (item.from === undefined ? "n" : "e")) showTip(item.tip, x, y);
      window.kgTip = item.id + (item.from === undefined ? "n" : "e");
    } else {
      hideTip();
    }
  }
  main.addEventListener("mousemove", function (ev) {
    if (ev.target === tip || tip.contains(ev.target)) return;
    var box = main.getBoundingClientRect();
    var x = ev.clientX - box.left, y = ev.clientY - box.top;
    if (pending === null) pending = requestAnimationFrame(function () { pending = null; tipAt(x, y); });
  });
  main.addEventListener("mouseleave", function () {
    if (pending !== null) { cancelAnimationFrame(pending); pending = null; }
    hideTip();
  });
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ---- click: emphasise the node's own links, fade the rest --------------------------
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
  function restyle(keep, own) {
    nodes.update(nodes.get().map(function (n) {
      var on = keep === null || keep.has(n.id);
      return { id: n.id, color: on ? groupColor(n.group) : dimNode, font: { color: on ? "#222" : "#c4c4c4" } };
    }));
    // a faded edge keeps no label at all: a label's white halo would cut the line into dashes
    edges.update(edges.get().map(function (e) {
      var on = own === null || own.has(e.id);
      return {
        id: e.id,
        color: { color: on ? e.base : "#e4e4e4", highlight: e.color.highlight, hover: e.color.hover },
        width: own !== null && on ? 2 : 1,
        font: on ? { color: "#555", strokeWidth: 3 } : { color: "rgba(0,0,0,0)", strokeWidth: 0 }
      };
    }));
  }
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var own = new Set(network.getConnectedEdges(id));
    window.kgHighlighted = Array.from(keep);
    window.kgEmphasised = Array.from(own);
    network.selectNodes([id], true);  // the node and its own edges, nothing else
    if (!large) {
      restyle(keep, own);
      dimmed = true;
    }
    showSelection(id);
  }
  function clearHighlight() {
    window.kgHighlighted = [];
    window.kgEmphasised = [];
    if (dimmed) {
      restyle(null, null);
      dimmed = false;
    }
    network.unselectAll();
    showSelection(null);
  }
  // ---- details: a clicked node's or edge's facts and sentences, in the side panel --------
  var details = document.getElementById("kg-details");
  function showDetails(item) {
    if (!item || !item.details) { details.hidden = true; window.kgDetails = null; return; }
    details.hidden = false;
    document.getElementById("kg-details-title").textContent = item.from === undefined ? item.full : "Edge";
    document.getElementById("kg-details-text").textContent = item.details;
    window.kgDetails = item.id + (item.from === undefined ? "n" : "e");
  }
  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); showDetails(nodes.get(params.nodes[0])); }
    else if (params.edges.length) { clearHighlight(); showDetails(edges.get(params.edges[0])); }
    else { clearHighlight(); showDetails(null); }
  });

  // ---- class checkboxes and legend ----------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  // each kind's picture: the shape and colours drawn, made once in Python (graph/viz/icons.py)
  function shapeIcon(kind) {
    var img = document.createElement("img");
    img.src = kind.icon;
    img.alt = "";
    img.width = 18;
    img.height = 18;
    img.className = "kg-icon";
    return img;
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
  nodeList.forEach(function (n) { (byKind[n.group] = byKind[n.group] || []).push(n.id); });
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
    row.appendChild(shapeIcon(k));
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
  var index = nodeList.map(function (n) { return { id: n.id, key: norm(n.full), node: n }; });
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
    showDetails(n);
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
