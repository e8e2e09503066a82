// Result views: a table (IRIs as prefixed names linking to entity pages), a graph of the
// result's entities (expandable), a timeline of its dated values (stated, inferred and
// speculative dates styled apart), and downloads in every format `kg query` writes.
(function () {
  "use strict";
  var WB = window.WB;
  var SOLUTION_FORMATS = [["json", "SPARQL JSON"], ["xml", "SPARQL XML"], ["csv", "CSV"], ["tsv", "TSV"]];
  var GRAPH_FORMATS = [["turtle", "Turtle"], ["nt", "N-Triples"], ["nquads", "N-Quads"], ["jsonld", "JSON-LD"]];
  var DATE_TYPES = /#(date|dateTime|gYear|gYearMonth)$/;
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

  function table(vars, rows) {
    var head = WB.el("tr", {}, vars.map(function (v) { return WB.el("th", { text: v }); }));
    var body = rows.map(function (row) {
      return WB.el("tr", {}, vars.map(function (v) { return WB.el("td", {}, [WB.termNode(row[v])]); }));
    });
    return WB.el("table", { class: "wb-table" }, [WB.el("thead", {}, [head]), WB.el("tbody", {}, body)]);
  }

  function asRows(result) {
    if (result.kind === "graph") {
      return { vars: ["subject", "predicate", "object"], rows: result.triples.map(function (t) {
        return { subject: t.subject, predicate: t.predicate, object: t.object };
      }) };
    }
    return { vars: result.json.head.vars, rows: result.json.results.bindings };
  }

  function renderTable(result) {
    var pane = WB.clear(document.getElementById("tab-table"));
    if (result.kind === "ask") {
      pane.appendChild(WB.el("p", { class: "wb-ask", text: result.json.boolean ? "yes (true)" : "no (false)" }));
      return;
    }
    var data = asRows(result);
    var count = data.rows.length + (result.kind === "graph" ? " triples" : " rows");
    pane.appendChild(WB.el("p", { id: "count", class: "wb-count", text: count }));
    if (data.rows.length > MAX_ROWS) {
      pane.appendChild(WB.el("p", { class: "wb-help wb-truncated", text: "Showing the first " + MAX_ROWS + "; the downloads hold them all." }));
    }
    pane.appendChild(table(data.vars, data.rows.slice(0, MAX_ROWS)));
  }

  function statusOf(row) {
    var keys = Object.keys(row);
    for (var i = 0; i < keys.length; i++) {
      var v = row[keys[i]].value;
      var m = /(Stated|Inferred|Speculation)$/i.exec(v);
      if (/status/i.test(keys[i]) && m) return m[1].toLowerCase();
    }
    return "stated";
  }

  function renderTimeline(result) {
    var pane = WB.clear(document.getElementById("tab-timeline"));
    var data = asRows(result);
    var items = [];
    data.rows.forEach(function (row) {
      Object.keys(row).forEach(function (key) {
        var t = row[key];
        if (t.type !== "literal" || !DATE_TYPES.test(t.datatype || "")) return;
        var words = data.vars.filter(function (v) { return v !== key && row[v] && !/status|claim/i.test(v); })
          .map(function (v) { return row[v]; });
        items.push({ date: t.value, status: statusOf(row), words: words, claim: row.claim });
      });
    });
    if (!items.length) {
      pane.appendChild(WB.el("p", { class: "wb-help", text: "No dated values in this result. The named query “timeline” lists every dated fact with its status." }));
      return;
    }
    items.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    if (items.length > MAX_ROWS) {
      pane.appendChild(WB.el("p", { class: "wb-help wb-truncated", text: items.length + " dates; showing the first " + MAX_ROWS + "." }));
      items = items.slice(0, MAX_ROWS);
    }
    var legend = WB.el("div", { class: "wb-tl-legend" }, ["stated", "inferred", "speculation"].map(function (s) {
      return WB.el("span", { class: "wb-tl-key wb-tl-" + s }, [WB.el("span", { class: "wb-tl-dot" }), s]);
    }));
    pane.appendChild(legend);
    var list = WB.el("ol", { class: "wb-timeline" });
    items.forEach(function (item) {
      var body = WB.el("div", { class: "wb-tl-body" });
      item.words.forEach(function (w, i) {
        if (i) body.appendChild(document.createTextNode(" · "));
        body.appendChild(WB.termNode(w));
      });
      body.appendChild(document.createTextNode(" "));
      body.appendChild(WB.statusBadge(item.status));
      if (item.claim) { body.appendChild(document.createTextNode(" ")); body.appendChild(WB.termNode(item.claim)); }
      list.appendChild(WB.el("li", { class: "wb-tl-item wb-tl-" + item.status, "data-status": item.status }, [
        WB.el("time", { datetime: item.date, text: item.date }), WB.el("span", { class: "wb-tl-dot" }), body
      ]));
    });
    pane.appendChild(list);
  }

  // Vocabulary (ontology terms, RDF/OWL/XSD…) and bookkeeping (claims, sources) are not drawn
  // unless a result holds nothing else.
  var VOCABULARY = /^(http:\/\/www\.w3\.org\/|https:\/\/schema\.org\/|https:\/\/w3id\.org\/franchise-kg\/(ontology|claim|source))/;

  function entityIris(result, extra) {
    var seen = [], vocabulary = [];
    var data = asRows(result);
    (extra || []).forEach(function (iri) { if (seen.indexOf(iri) < 0) seen.push(iri); });
    data.rows.forEach(function (row) {
      Object.keys(row).forEach(function (k) {
        var t = row[k];
        if (k === "predicate" && result.kind === "graph") return;
        if (t.type !== "uri" || seen.indexOf(t.value) >= 0) return;
        if (VOCABULARY.test(t.value)) { if (vocabulary.indexOf(t.value) < 0) vocabulary.push(t.value); }
        else seen.push(t.value);
      });
    });
    return (seen.length ? seen : vocabulary).slice(0, 300);
  }

  // A result of names only (most named queries answer with names): its distinct strings, which
  // the server turns into the entities they name.
  function literalNames(result) {
    var names = [];
    asRows(result).rows.forEach(function (row) {
      Object.keys(row).forEach(function (k) {
        var t = row[k];
        if (t.type === "literal" && !t.datatype && t.value.length < 200 && names.indexOf(t.value) < 0) names.push(t.value);
        else if (t.type === "literal" && /#string$/.test(t.datatype || "") && t.value.length < 200 && names.indexOf(t.value) < 0) names.push(t.value);
      });
    });
    return names.slice(0, 300);
  }

  function renderGraph(result) {
    var info = document.getElementById("result-graph-info");
    var container = document.getElementById("result-graph");
    var iris = entityIris(result, current.extra);
    var names = iris.length ? [] : literalNames(result);
    if (!iris.length && !names.length) {
      WB.clear(info).appendChild(WB.el("p", { class: "wb-help", text: "No entities (IRIs) in this result to draw." }));
      document.body.setAttribute("data-graph", "empty");
      return;
    }
    WB.stylesReady.then(function (styles) {
      graphView = new WB.GraphView(container, info, styles);
      WB.graphView = graphView;
      var params = WB.optionParams();
      params.iris = iris.join(" ");
      params.names = names.join("\n");
      return WB.getJSON("/api/graph?" + WB.query(params)).then(function (data) {
        if (!data.nodes.length) {
          graphView.say("No entities in this result to draw: its values name nothing in the graph.");
          document.body.setAttribute("data-graph", "empty");
          return;
        }
        if (result.kind === "graph") {
          result.triples.forEach(function (t) {
            if (t.object.type === "uri" && iris.indexOf(t.object.value) >= 0 && iris.indexOf(t.subject.value) >= 0) {
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

  function showTab(name) {
    ["table", "graph", "timeline"].forEach(function (t) {
      document.getElementById("tab-" + t).hidden = t !== name;
      document.querySelector('.wb-tab[data-tab="' + t + '"]').classList.toggle("wb-active", t === name);
    });
    if (name === "graph" && current && !current.drawn) { current.drawn = true; renderGraph(current.result); }
  }
  WB.showTab = showTab;
  document.querySelectorAll(".wb-tab").forEach(function (b) {
    b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); });
  });

  // Show a result: {kind, json | triples}; `base` is the URL that runs it (for downloads).
  // `extra`: IRIs the query was asked about (its IRI parameters), drawn with the result.
  WB.showResults = function (result, base, extra) {
    current = { result: result, drawn: false, extra: extra || [] };
    if (graphView) { graphView.network.destroy(); graphView = null; }
    WB.clear(document.getElementById("result-graph-info"));
    document.getElementById("results").hidden = false;
    document.getElementById("welcome").hidden = true;
    renderTable(result);
    renderTimeline(result);
    renderDownloads(result, base);
    showTab("table");
  };
})();
