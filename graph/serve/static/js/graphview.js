// A growing vis-network drawing, styled as `kg viz` draws (same shapes and colours per kind,
// speculation dashed orange). Nodes are IRIs; double-click asks the server for a node's
// neighbours (/api/neighbours, capped per expansion), so only what is looked at is fetched.
(function () {
  "use strict";
  var WB = window.WB;
  var EDGE_COLOR = "#8a99a8";
  var SPECULATION_COLOR = "#e8860c";
  var INFERRED_COLOR = "#7b6cc4";

  function label(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
  }

  function GraphView(container, info, styles) {
    this.container = container;
    this.info = info;
    this.styles = styles;
    this.nodes = new vis.DataSet([]);
    this.edges = new vis.DataSet([]);
    this.expanded = new Set();
    this.more = {};  // node -> where its capped neighbourhood continues
    this.pending = null;
    var groups = {};
    Object.keys(styles).forEach(function (kind) {
      var s = styles[kind];
      groups[kind] = {
        shape: s.shape,
        color: { background: s.color, border: s.border,
                 highlight: { background: s.color, border: "#111" }, hover: { background: s.color, border: "#111" } }
      };
    });
    this.network = new vis.Network(container, { nodes: this.nodes, edges: this.edges }, {
      groups: groups,
      nodes: { size: 14, borderWidth: 1.5,
               font: { size: 14, face: "system-ui, DejaVu Sans, sans-serif", color: "#222", strokeWidth: 4, strokeColor: "#ffffff" } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } },
               color: { color: EDGE_COLOR, highlight: "#222", hover: "#222", inherit: false },
               font: { size: 11, color: "#555", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
               width: 1, selectionWidth: 1.5, smooth: false },
      layout: { improvedLayout: false, randomSeed: 7 },
      interaction: { hover: true, keyboard: false },
      physics: { solver: "forceAtlas2Based",
                 forceAtlas2Based: { gravitationalConstant: -90, centralGravity: 0.01, springLength: 130, springConstant: 0.06, avoidOverlap: 0.8 },
                 stabilization: { iterations: 200, fit: true }, minVelocity: 1.5 }
    });
    var self = this;
    this.network.on("doubleClick", function (params) {
      if (params.nodes.length) self.expand(params.nodes[0]);
    });
    this.network.on("click", function (params) {
      if (params.nodes.length) self.showNode(params.nodes[0]);
      else if (params.edges.length) self.showEdge(params.edges[0]);
    });
    this.network.on("stabilizationIterationsDone", function () { self.network.setOptions({ physics: { enabled: false } }); });
  }

  GraphView.prototype.addNode = function (n, near) {
    if (this.nodes.get(n.iri)) return false;
    var node = { id: n.iri, label: label(n.label, 34), group: this.styles[n.kind] ? n.kind : "other", info: n };
    if (near) {
      var at = this.network.getPositions([near])[near];
      if (at) { node.x = at.x + (Math.random() - 0.5) * 120; node.y = at.y + (Math.random() - 0.5) * 120; }
    }
    this.nodes.add(node);
    return true;
  };

  GraphView.prototype.addEdge = function (e) {
    var id = e.from + " " + e.predicate + " " + e.to;
    if (this.edges.get(id)) return false;
    var color = e.status === "speculation" ? SPECULATION_COLOR : e.status === "inferred" ? INFERRED_COLOR : EDGE_COLOR;
    var local = e.short.replace(/^[^:]*:/, "");
    var edge = { id: id, from: e.from, to: e.to, label: label(local, 28), color: { color: color }, info: e };
    if (e.status === "speculation") edge.dashes = [8, 6];
    else if (e.status === "inferred") edge.dashes = [2, 4];
    this.edges.add(edge);
    return true;
  };

  // Add a {nodes, edges} answer; returns how many new nodes and edges it brought.
  GraphView.prototype.add = function (data, near) {
    var self = this, newNodes = 0, newEdges = 0;
    data.nodes.forEach(function (n) { if (self.addNode(n, near)) newNodes += 1; });
    data.edges.forEach(function (e) { if (self.addEdge(e)) newEdges += 1; });
    this.network.setOptions({ physics: { enabled: true } });
    this.network.stabilize(120);
    return { nodes: newNodes, edges: newEdges };
  };

  // Fetch a node's neighbours; `offset` continues a capped neighbourhood ("fetch more").
  GraphView.prototype.expand = function (iri, offset) {
    var self = this;
    var params = WB.optionParams();
    params.iri = iri;
    if (offset) params.offset = String(offset);
    this.say("Fetching the neighbours of " + WB.shorten(iri) + " …");
    this.pending = WB.getJSON("/api/neighbours?" + WB.query(params)).then(function (data) {
      self.expanded.add(data.center);
      var added = self.add(data, self.nodes.get(data.center) ? data.center : null);
      self.network.selectNodes([data.center]);
      var shown = data.offset ? " (" + (data.offset + 1) + "–" + (data.offset + data.edges.length) + ")" : "";
      self.say(WB.shorten(data.center) + ": " + data.edges.length + " edges" + shown + ", " + added.nodes + " new nodes, " +
               added.edges + " new edges. Click an edge for its provenance.");
      if (data.more) self.more[data.center] = { offset: data.offset + data.limit, limit: data.limit };
      else delete self.more[data.center];
      self.moreButton(data.center);
      document.body.setAttribute("data-expanded", String(self.expanded.size));
      return data;
    }).catch(function (err) { self.say("Could not expand: " + err.message); });
    return this.pending;
  };

  // A button fetching the rest of a capped neighbourhood, when there is a rest.
  GraphView.prototype.moreButton = function (iri) {
    var self = this, next = this.more[iri];
    if (!next) return;
    var button = WB.el("button", { type: "button", class: "wb-button wb-more", text: "Fetch the next " + next.limit + " neighbours" });
    button.addEventListener("click", function () { self.expand(iri, next.offset); });
    this.info.appendChild(button);
  };

  GraphView.prototype.say = function (text) {
    WB.clear(this.info).appendChild(WB.el("p", { class: "wb-help", text: text }));
  };

  GraphView.prototype.showNode = function (id) {
    var n = this.nodes.get(id).info;
    var box = WB.clear(this.info);
    box.appendChild(WB.el("h3", { text: n.label }));
    box.appendChild(WB.el("p", {}, [WB.entityLink(n.iri), " ", WB.el("span", { class: "wb-kind", text: n.kind })]));
    box.appendChild(WB.el("p", { class: "wb-help", text: this.expanded.has(id)
      ? "Neighbours fetched." : "Double-click the node to fetch its neighbours." }));
    this.moreButton(id);
  };

  GraphView.prototype.showEdge = function (id) {
    var e = this.edges.get(id).info;
    var box = WB.clear(this.info);
    box.setAttribute("data-edge", id);
    box.appendChild(WB.el("h3", {}, [WB.entityLink(e.from), " ", WB.entityLink(e.predicate, e.short), " ", WB.entityLink(e.to)]));
    if (!e.claims.length) box.appendChild(WB.el("p", { class: "wb-help", text: "No claim states this (ontology or a --data file)." }));
    e.claims.forEach(function (c) {
      var item = WB.el("div", { class: "wb-evidence wb-edge-claim" }, [WB.statusBadge(c.status), " ", WB.entityLink(c.claim, c.short)]);
      if (c.comment) item.appendChild(WB.el("p", { class: "wb-why", text: "why: " + c.comment }));
      c.sentences.forEach(function (s) { item.appendChild(WB.el("blockquote", { class: "wb-quote", text: s })); });
      box.appendChild(item);
    });
  };

  WB.GraphView = GraphView;

  // The legend: node kinds present, and the three line styles.
  WB.legend = function (box, styles) {
    WB.clear(box);
    Object.keys(styles).forEach(function (kind) {
      var s = styles[kind];
      var dot = WB.el("span", { class: "wb-swatch" });
      dot.style.background = s.color;
      dot.style.borderColor = s.border;
      box.appendChild(WB.el("span", { class: "wb-legend-item" }, [dot, s.text]));
    });
    [["fact", EDGE_COLOR, "solid"], ["inferred", INFERRED_COLOR, "dotted"], ["speculation", SPECULATION_COLOR, "dashed"]].forEach(function (l) {
      var line = WB.el("span", { class: "wb-line" });
      line.style.borderTopColor = l[1];
      line.style.borderTopStyle = l[2];
      box.appendChild(WB.el("span", { class: "wb-legend-item" }, [line, l[0]]));
    });
  };
})();
