// Workbench helpers shared by every view. Text from the graph is only ever put in the page
// with textContent (el() below), never as HTML, so a hostile label stays text.
(function () {
  "use strict";
  var WB = (window.WB = window.WB || {});

  // el("a", {href: "/x", class: "c"}, ["text", child]) — children are strings (text) or nodes.
  WB.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  };

  WB.clear = function (node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };

  // GET a URL on this server; resolves with parsed JSON, rejects with Error(one-line message).
  WB.getJSON = function (url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        if (!response.ok) throw new Error((data && data.error) || text.trim() || response.statusText);
        return data;
      });
    });
  };

  WB.query = function (params) {
    return Object.keys(params)
      .filter(function (k) { return params[k] !== undefined && params[k] !== null && params[k] !== ""; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); })
      .join("&");
  };

  // The top bar's toggles, remembered for the browser tab so every view uses the same.
  WB.options = function () {
    return {
      speculation: sessionStorage.getItem("kg-speculation") === "true",
      rdfs: sessionStorage.getItem("kg-rdfs") === "true"
    };
  };
  WB.optionParams = function () {
    var o = WB.options();
    return { "with-speculation": o.speculation ? "true" : "", entailment: o.rdfs ? "rdfs" : "" };
  };

  // Prefixes (from /api/completions): IRIs are shown as prefixed names as `kg` prints them.
  WB.prefixes = {};
  WB.shorten = function (iri) {
    var best = null;
    Object.keys(WB.prefixes).forEach(function (p) {
      var ns = WB.prefixes[p];
      if (iri.indexOf(ns) === 0 && (best === null || ns.length > WB.prefixes[best].length)) {
        var local = iri.slice(ns.length);
        if (local && /^[A-Za-z0-9_.\-]+$/.test(local) && local.slice(-1) !== ".") best = p;
      }
    });
    return best === null ? "<" + iri + ">" : best + ":" + iri.slice(WB.prefixes[best].length);
  };

  // The workbench address of an entity page: prefixed name when there is one, else the IRI.
  WB.entityHref = function (iri) {
    var short = WB.shorten(iri);
    return "/entity/" + encodeURIComponent(short.charAt(0) === "<" ? iri : short).replace(/%3A/g, ":");
  };

  // A prefixed name that may wrap only after its separators (kg:person_ | anna- | cathcart),
  // never inside a word.
  WB.breakable = function (text) {
    var parts = text.split(/(?<=[_\-:\/#])/);
    var out = [];
    parts.forEach(function (part, i) {
      if (i) out.push(document.createElement("wbr"));
      out.push(document.createTextNode(part));
    });
    return out;
  };

  WB.entityLink = function (iri, text) {
    return WB.el("a", { href: WB.entityHref(iri), class: "wb-iri", title: iri }, WB.breakable(text || WB.shorten(iri)));
  };

  // One SPARQL JSON term as an element: IRIs link to their entity page, literals are text.
  WB.termNode = function (t) {
    if (!t) return document.createTextNode("");
    if (t.type === "uri") {
      var link = WB.entityLink(t.value, t.short || WB.shorten(t.value));
      var status = /franchise-kg\/ontology#(Stated|Inferred|Speculation)$/.exec(t.value);
      if (status) link.className += " wb-st wb-st-" + status[1].toLowerCase();
      return link;
    }
    if (t.type === "bnode") return WB.el("span", { class: "wb-bnode", text: "_:" + t.value });
    var span = WB.el("span", { class: t.value.length > 60 ? "wb-literal wb-long" : "wb-literal",
      "data-name": WB.mayBeName(t) ? t.value : null });
    span.appendChild(document.createTextNode(t.value));
    if (t["xml:lang"]) span.appendChild(WB.el("small", { class: "wb-dt", text: "@" + t["xml:lang"] }));
    else if (t.datatype && !/#(string|integer|decimal|double|boolean)$/.test(t.datatype)) {
      span.appendChild(WB.el("small", { class: "wb-dt", text: WB.shorten(t.datatype) }));
    }
    return span;
  };

  WB.statusBadge = function (status) {
    return WB.el("span", { class: "wb-badge wb-" + status, text: status });
  };

  // A literal that may be an entity's name: it becomes a link once /api/resolve says whose.
  WB.mayBeName = function (t) {
    return t && t.type === "literal" && t.value.length < 200 && /\S/.test(t.value) &&
      (!t.datatype || /#(string|langString)$/.test(t.datatype));
  };

  // The distinct items, in order, that fit in a request: at most `count`, and at most `budget`
  // characters once percent-encoded (a request's head may hold 16 KiB; a longer one is refused).
  WB.fitting = function (items, count, budget) {
    var out = [], size = 0;
    items.forEach(function (item) {
      var cost = encodeURIComponent(item).length + 3;
      if (out.indexOf(item) < 0 && out.length < count && size + cost <= budget) { out.push(item); size += cost; }
    });
    return out;
  };

  // Turn every `[data-name]` under `root` whose text names exactly one entity into a link to
  // its page (names are asked for once each, as many as fit in one request).
  WB.linkNames = function (root) {
    var spans = Array.prototype.slice.call(root.querySelectorAll("[data-name]"));
    var names = WB.fitting(spans.map(function (span) { return span.getAttribute("data-name"); }), 300, 8000);
    if (!names.length) return Promise.resolve(0);
    return WB.getJSON("/api/resolve?" + WB.query({ names: names.join("\n") })).then(function (data) {
      var linked = 0;
      spans.forEach(function (span) {
        var found = data.entities[span.getAttribute("data-name")];
        if (!found || !span.parentNode) return;
        var link = WB.el("a", { href: WB.entityHref(found.iri), class: "wb-name", title: found.short });
        while (span.firstChild) link.appendChild(span.firstChild);
        span.appendChild(link);
        span.removeAttribute("data-name");
        linked += 1;
      });
      return linked;
    }).catch(function () { return 0; });
  };

  // A date as a reader writes it, at its precision: "May 18, 2023", "June 2023", "2024", a range
  // "May–August 2025", or one bound only: "by August 2024", "from March 2025".
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  function at(value, precision) {
    var m = /^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value || "");
    if (!m) return value || "";
    var year = m[1], month = m[2] ? MONTHS[parseInt(m[2], 10) - 1] : null, day = m[3] ? parseInt(m[3], 10) : null;
    if (precision === "year" || !month) return year;
    if (precision === "month" || !day) return month + " " + year;
    return month + " " + day + ", " + year;
  }
  function lastDay(value, precision) {
    // the last day of the period a date at `precision` stands for, to tell a range from one period
    var m = /^(-?\d{4,})-(\d{2})-(\d{2})/.exec(value || "");
    if (!m) return value;
    if (precision === "year") return m[1] + "-12-31";
    if (precision === "month") {
      var days = new Date(Date.UTC(parseInt(m[1], 10), parseInt(m[2], 10), 0)).getUTCDate();
      return m[1] + "-" + m[2] + "-" + String(days).padStart(2, "0");
    }
    return value;
  }
  WB.dateWords = function (date, earliest, latest, precision) {
    precision = precision || "day";
    if (!earliest && latest) return "by " + at(latest, precision);
    if (earliest && !latest) return "from " + at(earliest, precision);
    if (!earliest && !latest) return at(date, precision);
    if (lastDay(earliest, precision) >= latest) return at(earliest, precision);
    var first = at(earliest, precision), last = at(latest, precision);
    var a = first.split(" "), b = last.split(" ");
    if (precision === "month" && a[1] === b[1]) return a[0] + "–" + last;  // May–August 2025
    return first + " – " + last;
  };

  WB.prefixesReady = WB.getJSON("/api/completions").then(function (data) {
    WB.prefixes = data.prefixes;
    WB.vocabulary = data;
    return data;
  });
  WB.stylesReady = WB.getJSON("/api/styles");
})();
