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

  WB.entityLink = function (iri, text) {
    return WB.el("a", { href: WB.entityHref(iri), class: "wb-iri", title: iri, text: text || WB.shorten(iri) });
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
    var span = WB.el("span", { class: t.value.length > 60 ? "wb-literal wb-long" : "wb-literal", text: t.value });
    if (t["xml:lang"]) span.appendChild(WB.el("small", { class: "wb-dt", text: "@" + t["xml:lang"] }));
    else if (t.datatype && !/#(string|integer|decimal|double|boolean)$/.test(t.datatype)) {
      span.appendChild(WB.el("small", { class: "wb-dt", text: WB.shorten(t.datatype) }));
    }
    return span;
  };

  WB.statusBadge = function (status) {
    return WB.el("span", { class: "wb-badge wb-" + status, text: status });
  };

  WB.prefixesReady = WB.getJSON("/api/completions").then(function (data) {
    WB.prefixes = data.prefixes;
    WB.vocabulary = data;
    return data;
  });
  WB.stylesReady = WB.getJSON("/api/styles");
})();
