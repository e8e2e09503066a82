// Result views: a table (IRIs as prefixed names linking to entity pages, names linking to the
// entities they name), a graph of the things the result is about (expandable; claims are
// provenance on its edges), a timeline of its events (timeline.js), an ASK's answer in words,
// and downloads in every format `kg query` writes.
(function () {
  "use strict";
  var WB = window.WB;
  var SOLUTION_FORMATS = [["json", "SPARQL JSON"], ["xml", "SPARQL XML"], ["csv", "CSV"], ["tsv", "TSV"]];
  var GRAPH_FORMATS = [["turtle", "Turtle"], ["nt", "N-Triples"], ["nquads", "N-Quads"], ["jsonld", "JSON-LD"]];
  var MAX_ROWS = 2000;  // rows drawn in the table and the timeline (a page of 100k rows freezes the tab)
  var current = null;
  var graphView = null;

  // N-Triples (what the server sends for CONSTRUCT/DESCRIBE) into SPARQL-JSON-like terms.
  function unescape(s) {
    return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf"'\\])/g, function (_, e) {
      if (e.charAt(0) === "u" || e.charAt(0) === "U") return String.fromCodePoint(parseInt(e.slice(1), 16));
      return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" }[e];
    });
  }
  var TERM = /\s*(<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?)/y;
  function readTerm(line, at) {
    TERM.lastIndex = at;
    var m = TERM.exec(line);
    if (!m) throw new Error("cannot read the server's N-Triples near: " + line.slice(at, at + 40));
    var t;
    if (m[2] !== undefined) t = { type: "uri", value: unescape(m[2]) };
    else if (m[3] !== undefined) t = { type: "bnode", value: m[3] };
    else {
      t = { type: "literal", value: unescape(m[4]) };
      if (m[5]) t["xml:lang"] = m[5];
      if (m[6]) t.datatype = m[6];
    }
    return [t, TERM.lastIndex];
  }
  WB.parseNTriples = function (text) {
    var triples = [];
    text.split("\n").forEach(function (line) {
      if (!line.trim() || line.trim().charAt(0) === "#") return;
      var s = readTerm(line, 0), p = readTerm(line, s[1]), o = readTerm(line, p[1]);
      triples.push({ subject: s[0], predicate: p[0], object: o[0] });
    });
    return triples;
  };

  // A table; in a narrow window each row reads as a card of "column: value" lines (the roles
  // keep it a table for assistive technology when CSS lays it out as blocks).
  function table(vars, rows) {
    var head = WB.el("tr", { role: "row" }, vars.map(function (v) { return WB.el("th", { scope: "col", role: "columnheader", text: v }); }));
    var body = rows.map(function (row) {
      return WB.el("tr", { role: "row" }, vars.map(function (v) {
        var t = row[v];
        return WB.el("td", { role: "cell", "data-column": v, class: (t && t.type === "literal" && t.value.length > 60 ? "wb-long-cell" : "") +
          (t ? "" : " wb-none") }, [WB.termNode(t)]);
      }));
    });
    return WB.el("table", { class: "wb-table wb-result-table", role: "table" }, [WB.el("thead", { role: "rowgroup" }, [head]),
      WB.el("tbody", { role: "rowgroup" }, body)]);
  }

  // The result as columns and rows: a graph's triples, a SELECT's solutions, an ASK's one answer.
  function asRows(result) {
    if (result.kind === "graph") {
      return { vars: ["subject", "predicate", "object"], rows: result.triples.map(function (t) {
        return { subject: t.subject, predicate: t.predicate, object: t.object };
      }) };
    }
    if (result.kind === "ask") return { vars: [], rows: [] };
    return { vars: result.json.head.vars, rows: result.json.results.bindings };
  }
  WB.asRows = asRows;

  function renderTable(result) {
    var pane = WB.clear(document.getElementById("tab-table"));
    if (result.kind === "ask") {
      var yes = result.json.boolean === true;
      pane.appendChild(WB.el("p", { id: "count", class: "wb-ask", "data-answer": String(yes) }, [
        WB.el("strong", { text: yes ? "Yes" : "No" }), yes ? ": the graph holds a match for the pattern (true)." :
          ": the graph holds no match for the pattern (false)."]));
      return;
    }
    var data = asRows(result);
    var count = data.rows.length + (result.kind === "graph" ? " triples" : data.rows.length === 1 ? " row" : " rows");
    pane.appendChild(WB.el("p", { id: "count", class: "wb-count", text: count }));
    if (!data.rows.length) {
      pane.appendChild(WB.el("p", { class: "wb-empty", text: result.kind === "graph"
        ? "The query found nothing: no triples in this view of the graph." : "The query found nothing: no rows in this view of the graph." }));
      return;
    }
    if (data.rows.length > MAX_ROWS) {
      pane.appendChild(WB.el("p", { class: "wb-help wb-truncated", text: "Showing the first " + MAX_ROWS + "; the downloads hold them all." }));
    }
    var shown = data.rows.slice(0, MAX_ROWS);
    // a column no row has a value in takes no room: it is named above the table instead
    var empty = data.vars.filter(function (v) { return !shown.some(function (row) { return row[v]; }); });
    if (empty.length && empty.length < data.vars.length) {
      pane.appendChild(WB.el("p", { class: "wb-help wb-empty-columns", text: "No values in " + empty.join(", ") + "." }));
    }
    pane.appendChild(table(data.vars.filter(function (v) { return empty.indexOf(v) < 0 || empty.length === data.vars.length; }), shown));
    WB.linkNames(pane).then(function () { document.body.setAttribute("data-names", "linked"); });
  }

  function renderTimeline(result) {
    var data = asRows(result);
    WB.renderTimeline(document.getElementById("tab-timeline"), data.vars, data.rows, MAX_ROWS);
  }

  // Ontology terms, RDF/OWL/XSD and schema.org terms, claims, sources and statuses are not drawn
  // as nodes: a result is drawn as the things it is about. Claims give what their statements
  // are about (the server reads them), and are provenance on the edges.
  var VOCABULARY = /^(http:\/\/www\.w3\.org\/|https:\/\/schema\.org\/|https:\/\/w3id\.org\/franchise-kg\/(ontology|source|graph))/;
  var CLAIM = /^https:\/\/w3id\.org\/franchise-kg\/claim\//;

  function resultParts(result, extra) {
    var iris = [], claims = [], names = [], vocabulary = [];
    (extra || []).forEach(function (iri) { if (iris.indexOf(iri) < 0) iris.push(iri); });
    asRows(result).rows.forEach(function (row) {
      Object.keys(row).forEach(function (k) {
        var t = row[k];
        if (k === "predicate" && result.kind === "graph") return;
        if (t.type === "uri") {
          var into = CLAIM.test(t.value) ? claims : VOCABULARY.test(t.value) ? vocabulary : iris;
          if (into.indexOf(t.value) < 0) into.push(t.value);
        } else if (WB.mayBeName(t) && names.indexOf(t.value) < 0) {
          names.push(t.value);
        }
      });
    });
    var nothing = !iris.length && !claims.length;
    // what fits in one request: a result's first entities, claims and names
    return { iris: WB.fitting(nothing ? vocabulary : iris, 300, 6000), claims: WB.fitting(claims, 100, 3000),
             names: WB.fitting(names, 300, 4000) };
  }

  function renderGraph(result) {
    var info = document.getElementById("result-graph-info");
    var container = document.getElementById("result-graph");
    var parts = resultParts(result, current.extra);
    if (!parts.iris.length && !parts.names.length && !parts.claims.length) {
      WB.clear(info).appendChild(WB.el("p", { class: "wb-help", text: "No entities in this result to draw." }));
      document.body.setAttribute("data-graph", "empty");
      return;
    }
    WB.stylesReady.then(function (styles) {
      graphView = new WB.GraphView(container, info, styles);
      WB.graphView = graphView;
      var params = WB.optionParams();
      params.iris = parts.iris.join(" ");
      params.claims = parts.claims.join(" ");
      params.names = parts.names.join("\n");
      return WB.getJSON("/api/graph?" + WB.query(params)).then(function (data) {
        if (!data.nodes.length) {
          graphView.say("No entities in this result to draw: its values name nothing in the graph.");
          document.body.setAttribute("data-graph", "empty");
          return;
        }
        if (result.kind === "graph") {
          var drawn = data.nodes.map(function (n) { return n.iri; });
          result.triples.forEach(function (t) {
            if (t.object.type === "uri" && drawn.indexOf(t.object.value) >= 0 && drawn.indexOf(t.subject.value) >= 0) {
              data.edges.push({ from: t.subject.value, to: t.object.value, predicate: t.predicate.value,
                                short: WB.shorten(t.predicate.value), status: "stated", claims: [] });
            }
          });
        }
        graphView.add(data);
        graphView.say(data.nodes.length + " entities, " + data.edges.length + " statements between them. Double-click a node to expand it.");
        document.body.setAttribute("data-graph", "ready");
      });
    }).catch(function (err) { WB.clear(info).appendChild(WB.el("p", { class: "wb-error", text: err.message })); });
  }

  function renderDownloads(result, base) {
    var box = WB.clear(document.getElementById("downloads"));
    var formats = result.kind === "graph" ? GRAPH_FORMATS : SOLUTION_FORMATS;
    formats.forEach(function (f, i) {
      if (i) box.appendChild(document.createTextNode(" "));
      var sep = base.indexOf("?") >= 0 ? "&" : "?";
      box.appendChild(WB.el("a", { href: base + sep + "format=" + f[0], download: "result." + f[0], class: "wb-download", "data-format": f[0], text: f[1] }));
    });
  }

  var TABS = ["table", "graph", "timeline"];
  function showTab(name, focus) {
    TABS.forEach(function (t) {
      var button = document.getElementById("tab-button-" + t);
      document.getElementById("tab-" + t).hidden = t !== name;
      button.classList.toggle("wb-active", t === name);
      button.setAttribute("aria-selected", t === name ? "true" : "false");
      button.tabIndex = t === name ? 0 : -1;
      if (t === name && focus) button.focus();
    });
    if (name === "graph" && current && !current.drawn) { current.drawn = true; renderGraph(current.result); }
  }
  WB.showTab = showTab;
  TABS.forEach(function (t) {
    var button = document.getElementById("tab-button-" + t);
    button.addEventListener("click", function () { showTab(t); });
    // the tabs are one stop for Tab; the arrow keys, Home and End move between them
    button.addEventListener("keydown", function (ev) {
      var i = TABS.indexOf(t), next = null;
      if (ev.key === "ArrowRight") next = TABS[(i + 1) % TABS.length];
      else if (ev.key === "ArrowLeft") next = TABS[(i + TABS.length - 1) % TABS.length];
      else if (ev.key === "Home") next = TABS[0];
      else if (ev.key === "End") next = TABS[TABS.length - 1];
      if (next) { ev.preventDefault(); showTab(next, true); }
    });
  });

  // Show a result: {kind, json | triples}; `base` is the URL that runs it (for downloads).
  // `extra`: IRIs the query was asked about (its IRI parameters), drawn with the result.
  WB.showResults = function (result, base, extra) {
    current = { result: result, drawn: false, extra: extra || [] };
    if (graphView) { graphView.network.destroy(); graphView = null; }
    WB.clear(document.getElementById("result-graph-info"));
    document.body.removeAttribute("data-graph");
    document.body.removeAttribute("data-names");
    document.getElementById("results").hidden = false;
    document.getElementById("welcome").hidden = true;
    renderTable(result);
    renderTimeline(result);
    renderDownloads(result, base);
    showTab("table");
  };
})();
