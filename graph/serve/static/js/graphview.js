// A growing vis-network drawing, styled as `kg viz` draws (same shapes and colours per kind,
// speculation dashed orange, inferred dotted). Nodes are IRIs; double-click (or a node's
// Expand button, for the keyboard) asks the server for its neighbours (/api/neighbours, capped
// per expansion), so only what is looked at is fetched. Labels sit under their shapes, wrapped,
// and the layout keeps nodes apart so labels do not overlap; the view fits what is drawn.
(function () {
  "use strict";
  var WB = window.WB;
  var EDGE_COLOR = "#8a99a8";
  var SPECULATION_COLOR = "#c46a00";
  var INFERRED_COLOR = "#6a5acd";

  function label(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
  }

  function GraphView(container, info, styles, options) {
    this.container = container;
    this.info = info;
    this.styles = styles;
    this.options = options || {};
    this.nodes = new vis.DataSet([]);
    this.edges = new vis.DataSet([]);
    this.expanded = new Set();
    this.more = {};  // node -> where its capped neighbourhood continues
    this.hidden = {};  // node -> how many bookkeeping neighbours its expansion left out
    this.pending = null;
    this.selected = null;
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
      nodes: { size: 13, borderWidth: 1.5, widthConstraint: { maximum: 150 },
               font: { size: 13, face: "system-ui, DejaVu Sans, sans-serif", color: "#222", strokeWidth: 4, strokeColor: "#ffffff" } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } },
               color: { color: EDGE_COLOR, highlight: "#222", hover: "#222", inherit: false },
               font: { size: 10, color: "#4a5563", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
               width: 1, selectionWidth: 1.5, smooth: false },
      layout: { improvedLayout: false, randomSeed: 7 },
      interaction: { hover: true, keyboard: false, multiselect: false },
      physics: { solver: "forceAtlas2Based",
                 forceAtlas2Based: { gravitationalConstant: -160, centralGravity: 0.012, springLength: 170, springConstant: 0.05, avoidOverlap: 1 },
                 stabilization: { iterations: 250, fit: true }, minVelocity: 1.5 }
    });
    var self = this;
    this.network.on("doubleClick", function (params) {
      if (params.nodes.length) self.expand(params.nodes[0]);
    });
    this.network.on("click", function (params) {
      if (params.nodes.length) self.showNode(params.nodes[0]);
      else if (params.edges.length) self.showEdge(params.edges[0]);
      else self.select(null);
    });
    this.network.on("stabilizationIterationsDone", function () {
      self.network.setOptions({ physics: { enabled: false } });
      self.fit();
    });
  }

  GraphView.prototype.fit = function () {
    this.network.fit({ animation: false });
    document.body.setAttribute("data-fitted", String(Date.now()));
  };

  GraphView.prototype.addNode = function (n, near) {
    if (this.nodes.get(n.iri)) return false;
    if (n.bookkeeping && !this.options.bookkeeping) return false;
    var node = { id: n.iri, label: label(n.label, 40), group: this.styles[n.kind] ? n.kind : "other", info: n };
    if (near) {
      var at = this.network.getPositions([near])[near];
      if (at) { node.x = at.x + (Math.random() - 0.5) * 160; node.y = at.y + (Math.random() - 0.5) * 160; }
    }
    this.nodes.add(node);
    return true;
  };

  GraphView.prototype.addEdge = function (e) {
    var id = e.from + " " + e.predicate + " " + e.to;
    if (this.edges.get(id) || !this.nodes.get(e.from) || !this.nodes.get(e.to)) return false;
    var color = e.status === "speculation" ? SPECULATION_COLOR : e.status === "inferred" ? INFERRED_COLOR : EDGE_COLOR;
    var local = e.short.replace(/^[^:]*:/, "");
    var edge = { id: id, from: e.from, to: e.to, label: label(local, 24), color: { color: color }, info: e };
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
    this.network.stabilize(160);
    this.listNodes();
    return { nodes: newNodes, edges: newEdges };
  };

  // Fetch a node's neighbours; `offset` continues a capped neighbourhood ("fetch more").
  GraphView.prototype.expand = function (iri, offset) {
    var self = this;
    var params = WB.optionParams();
    params.iri = iri;
    if (offset) params.offset = String(offset);
    if (this.options.bookkeeping) params.bookkeeping = "true";
    this.say("Fetching the neighbours of " + WB.shorten(iri) + " …");
    this.pending = WB.getJSON("/api/neighbours?" + WB.query(params)).then(function (data) {
      self.expanded.add(data.center);
      var added = self.add(data, self.nodes.get(data.center) ? data.center : null);
      self.hidden[data.center] = data.hidden || 0;
      if (data.more) self.more[data.center] = { offset: data.offset + data.limit, limit: data.limit };
      else delete self.more[data.center];
      self.select(data.center);
      var shown = data.offset ? " (" + (data.offset + 1) + "–" + (data.offset + data.edges.length) + ")" : "";
      self.note(WB.shorten(data.center) + ": " + data.edges.length + " edges" + shown + ", " + added.nodes + " new nodes, " +
               added.edges + " new edges" + (data.hidden ? "; " + data.hidden + " bookkeeping nodes left out" : "") + ".");
      document.body.setAttribute("data-expanded", String(self.expanded.size));
      return data;
    }).catch(function (err) { self.say("Could not expand: " + err.message); });
    return this.pending;
  };

  // Take a node (and the edges at it) out of the drawing.
  GraphView.prototype.remove = function (iri) {
    this.edges.remove(this.network.getConnectedEdges(iri));
    this.nodes.remove(iri);
    this.expanded.delete(iri);
    delete this.more[iri];
    if (this.selected === iri) this.select(null);
    this.listNodes();
  };

  GraphView.prototype.clearAll = function () {
    this.edges.clear();
    this.nodes.clear();
    this.expanded.clear();
    this.more = {};
    this.select(null);
    this.listNodes();
  };

  GraphView.prototype.say = function (text) {
    WB.clear(this.info).appendChild(WB.el("p", { class: "wb-help", role: "status", text: text }));
    this.listNodes();
  };

  GraphView.prototype.note = function (text) {
    var box = this.info.querySelector(".wb-graph-note");
    if (box) box.textContent = text;
  };

  GraphView.prototype.select = function (iri) {
    this.selected = iri;
    if (iri) { this.network.selectNodes([iri]); this.showNode(iri); }
    else this.network.unselectAll();
    if (this.onselect) this.onselect(iri);
  };

  // Every node drawn, as buttons: the keyboard's way into the drawing.
  GraphView.prototype.listNodes = function () {
    var self = this;
    var old = this.info.querySelector(".wb-node-list");
    var open = old ? old.open : false;
    if (old) old.parentNode.removeChild(old);
    var all = this.nodes.get();
    if (!all.length) return;
    all.sort(function (a, b) { return a.info.label < b.info.label ? -1 : a.info.label > b.info.label ? 1 : 0; });
    var list = WB.el("details", { class: "wb-node-list" }, [WB.el("summary", { text: "The " + all.length + " nodes drawn" }),
      WB.el("ul", {}, all.map(function (n) {
        var button = WB.el("button", { type: "button", class: "wb-node-button", "data-iri": n.id, text: n.info.label });
        button.addEventListener("click", function () { self.select(n.id); self.network.focus(n.id, { animation: false, scale: Math.max(self.network.getScale(), 0.9) }); });
        return WB.el("li", {}, [button]);
      }))]);
    list.open = open;
    this.info.appendChild(list);
  };

  GraphView.prototype.showNode = function (id) {
    var self = this;
    var node = this.nodes.get(id);
    if (!node) return;
    var n = node.info;
    var box = WB.clear(this.info);
    this.selected = id;
    box.appendChild(WB.el("h2", { class: "wb-info-title", text: n.label }));
    box.appendChild(WB.el("p", {}, [WB.entityLink(n.iri), " ", WB.el("span", { class: "wb-kind", text: n.kind })]));
    var expand = WB.el("button", { type: "button", class: "wb-button wb-expand", text: this.expanded.has(id) ? "Expand again" : "Expand" });
    expand.addEventListener("click", function () { self.expand(id); });
    var remove = WB.el("button", { type: "button", class: "wb-button wb-remove", text: "Remove" });
    remove.addEventListener("click", function () { self.remove(id); });
    box.appendChild(WB.el("p", { class: "wb-toolbar" }, [expand, " ", remove, " ",
      WB.el("a", { href: WB.entityHref(n.iri), class: "wb-button", text: "Its page" })]));
    box.appendChild(WB.el("p", { class: "wb-help wb-graph-note", role: "status", text: this.expanded.has(id)
      ? "Neighbours fetched" + (this.hidden[id] ? " (" + this.hidden[id] + " bookkeeping nodes left out)." : ".")
      : "Double-click the node, or press Expand, to fetch its neighbours." }));
    this.moreButton(id);
    this.listNodes();
    if (this.onselect) this.onselect(id);
  };

  // A button fetching the rest of a capped neighbourhood, when there is a rest.
  GraphView.prototype.moreButton = function (iri) {
    var self = this, next = this.more[iri];
    if (!next) return;
    var button = WB.el("button", { type: "button", class: "wb-button wb-more", text: "Fetch the next " + next.limit + " neighbours" });
    button.addEventListener("click", function () { self.expand(iri, next.offset); });
    this.info.appendChild(button);
  };

  GraphView.prototype.showEdge = function (id) {
    var e = this.edges.get(id).info;
    var box = WB.clear(this.info);
    box.setAttribute("data-edge", id);
    box.appendChild(WB.el("h2", { class: "wb-info-title" }, [WB.entityLink(e.from, this.nodes.get(e.from).info.label), " ", WB.entityLink(e.predicate, e.short), " ",
      WB.entityLink(e.to, this.nodes.get(e.to).info.label)]));
    if (!e.claims.length) box.appendChild(WB.el("p", { class: "wb-help", text: "No claim states this (ontology or a --data file)." }));
    e.claims.forEach(function (c) {
      var item = WB.el("div", { class: "wb-evidence wb-edge-claim" }, [WB.statusBadge(c.status), " ", WB.entityLink(c.claim, c.short)]);
      if (c.comment) item.appendChild(WB.el("p", { class: "wb-why", text: "why: " + c.comment }));
      c.sentences.forEach(function (s) { item.appendChild(WB.el("blockquote", { class: "wb-quote", text: s })); });
      box.appendChild(item);
    });
    this.listNodes();
  };

  WB.GraphView = GraphView;

  // The legend: each kind drawn with the very shape and colours the drawing uses (the server
  // draws the icons: /api/styles), and the three line styles.
  WB.legend = function (box, styles) {
    WB.clear(box);
    Object.keys(styles).forEach(function (kind) {
      var s = styles[kind];
      if (kind === "literal") return;
      box.appendChild(WB.el("span", { class: "wb-legend-item", "data-shape": s.shape }, [
        WB.el("img", { src: s.icon, alt: "", width: "16", height: "16", class: "wb-legend-icon" }), s.text]));
    });
    [["fact", EDGE_COLOR, "solid"], ["inferred", INFERRED_COLOR, "dotted"], ["speculation", SPECULATION_COLOR, "dashed"]].forEach(function (l) {
      var line = WB.el("span", { class: "wb-line" });
      line.style.borderTopColor = l[1];
      line.style.borderTopStyle = l[2];
      box.appendChild(WB.el("span", { class: "wb-legend-item" }, [line, l[0]]));
    });
  };
})();
