// The entity page (/entity/<prefixed name or IRI>): the entity's facts in and out, each with
// its claims (status, reasoning) and sentences; a sentence opens its source text with the
// sentence highlighted (offsets from the source's oa:TextPositionSelector). With the RDFS switch
// on, what RDFS entailment adds about it follows in sections of its own, each row tagged "rdfs":
// such a statement has no claim and no sentence, so it is never shown among the facts.
(function () {
  "use strict";
  var WB = window.WB;
  var sources = {};

  function valueNode(t) {
    var node = WB.termNode(t);
    if (t.type === "uri" && t.label) {
      return WB.el("span", {}, [WB.el("span", { class: "wb-label", text: t.label + " " }), node]);
    }
    return node;
  }

  function showSource(sentence) {
    var box = document.getElementById("source");
    var load = sources[sentence.source] || WB.getJSON("/api/source?" + WB.query({ iri: sentence.source }));
    sources[sentence.source] = load;
    return load.then(function (src) {
      var where = src.sentences.filter(function (s) { return s.iri === sentence.iri; })[0];
      WB.clear(box).hidden = false;
      box.appendChild(WB.el("div", { class: "wb-source-head" }, [
        WB.el("h2", { text: src.title }),
        WB.el("p", { class: "wb-help" }, [WB.entityLink(src.iri), where ? " · sentence " + where.number + ", characters " +
          sentence.start + "–" + sentence.end : ""]),
        WB.el("button", { type: "button", class: "wb-close", text: "Close" })
      ]));
      box.querySelector(".wb-close").addEventListener("click", function () { box.hidden = true; });
      var text = WB.el("div", { class: "wb-source-text" });
      if (where) {
        text.appendChild(document.createTextNode(src.text.slice(0, where.start)));
        text.appendChild(WB.el("mark", { id: "wb-mark", class: "wb-mark", text: src.text.slice(where.start, where.end) }));
        text.appendChild(document.createTextNode(src.text.slice(where.end)));
      } else {
        text.textContent = src.text;
      }
      box.appendChild(text);
      var mark = document.getElementById("wb-mark");
      if (mark) mark.scrollIntoView({ block: "center" });
      document.body.setAttribute("data-source", "shown");
    }).catch(function (err) {
      WB.clear(box).hidden = false;
      box.appendChild(WB.el("p", { class: "wb-error", text: err.message }));
    });
  }

  function evidenceNode(e) {
    var item = WB.el("div", { class: "wb-evidence" }, [WB.statusBadge(e.status), " ", WB.entityLink(e.claim, e.short)]);
    if (e.comment) item.appendChild(WB.el("p", { class: "wb-why", text: "why: " + e.comment }));
    e.sentences.forEach(function (s) {
      var quote = WB.el("button", { type: "button", class: "wb-quote wb-quote-button", title: "Show this sentence in its source",
        text: "“" + s.exact + "”" });
      quote.addEventListener("click", function () { showSource(s); });
      item.appendChild(WB.el("div", { class: "wb-sentence" }, [
        WB.el("span", { class: "wb-sentence-no", text: s.number !== null ? "s" + String(s.number).padStart(2, "0") : "" }), quote]));
    });
    return item;
  }

  function factRows(facts, direction) {
    return facts.filter(function (f) { return f.direction === direction; }).map(function (f) {
      var evidence = WB.el("td", { class: "wb-evidence-cell" });
      if (!f.evidence.length) evidence.appendChild(WB.el("span", { class: "wb-help", text: "no claim (ontology or --data file)" }));
      f.evidence.forEach(function (e) { evidence.appendChild(evidenceNode(e)); });
      var prop = WB.el("td", { class: "wb-prop" }, [WB.termNode(f.predicate)]);
      var value = WB.el("td", { class: "wb-value" }, [valueNode(f.value)]);
      return WB.el("tr", { class: "wb-fact" }, direction === "out" ? [prop, value, evidence] : [value, prop, evidence]);
    });
  }

  var ENTAILED_WHY = "Entailed by RDFS: it follows from the ontology (sub-class, sub-property, domain and range " +
    "axioms), not from a source sentence; no claim states it";

  function entailedRows(facts, direction) {
    return facts.filter(function (f) { return f.direction === direction; }).map(function (f) {
      var tag = WB.el("td", { class: "wb-evidence-cell" }, [WB.el("span", { class: "wb-badge wb-rdfs", title: ENTAILED_WHY, text: "rdfs" }),
        WB.el("span", { class: "wb-help", text: " entailed from the ontology: no claim, no sentence" })]);
      var prop = WB.el("td", { class: "wb-prop" }, [WB.termNode(f.predicate)]);
      var value = WB.el("td", { class: "wb-value" }, [valueNode(f.value)]);
      return WB.el("tr", { class: "wb-fact wb-entailed", "data-entailed": "rdfs" }, direction === "out" ? [prop, value, tag] : [value, prop, tag]);
    });
  }

  function section(title, heads, rows, extra) {
    if (!rows.length) return null;
    return WB.el("section", { class: "wb-facts" + (extra ? " " + extra : "") }, [
      WB.el("h2", { text: title + " (" + rows.length + ")" }),
      WB.el("table", { class: "wb-table wb-fact-table" }, [
        WB.el("thead", {}, [WB.el("tr", {}, heads.map(function (h) { return WB.el("th", { text: h }); }))]),
        WB.el("tbody", {}, rows)
      ])
    ]);
  }

  WB.startEntityView = function (spec) {
    var box = document.getElementById("entity");
    document.title = spec + " · franchise-kg";
    var options = WB.optionParams();
    var params = { iri: spec, "with-speculation": options["with-speculation"], entailment: options.entailment };
    WB.prefixesReady.then(function () {
      return WB.getJSON("/api/entity?" + WB.query(params));
    }).then(function (data) {
      WB.clear(box);
      document.title = data.label + " · franchise-kg";
      box.appendChild(WB.el("header", { class: "wb-entity-head" }, [
        WB.el("h1", { text: data.label }),
        WB.el("p", {}, [WB.el("code", { text: data.short }), " ", WB.el("span", { class: "wb-kind", text: data.kind }),
          " ", data.types.length ? "a " + data.types.join(", ") : "",
          data.entailed_types && data.entailed_types.length ? WB.el("span", { class: "wb-entailed-types", title: ENTAILED_WHY },
            [(data.types.length ? "; " : "") + "by RDFS also a " + data.entailed_types.join(", ")]) : null]),
        WB.el("p", { class: "wb-iri-full", text: data.iri }),
        WB.el("p", {}, [WB.el("a", { href: "/explore#" + WB.query({ start: data.iri }), class: "wb-button", text: "Explore from here" })])
      ]));
      var out = section("Facts about it", ["property", "value", "where it comes from"], factRows(data.facts, "out"));
      var into = section("Facts pointing to it", ["subject", "property", "where it comes from"], factRows(data.facts, "in"));
      if (data.claimed.length) {
        var rows = data.claimed.map(function (t) {
          return WB.el("tr", {}, ["s", "p", "o"].map(function (k) { return WB.el("td", {}, [WB.termNode(t[k])]); }));
        });
        box.appendChild(section("Statements this claim makes", ["subject", "property", "value"], rows));
      }
      if (data.sentence) {
        var show = WB.el("button", { type: "button", class: "wb-quote wb-quote-button", text: "“" + data.sentence.exact + "”" });
        show.addEventListener("click", function () { showSource(data.sentence); });
        box.appendChild(WB.el("section", { class: "wb-facts" }, [WB.el("h2", { text: "The sentence" }), show]));
        showSource(data.sentence);
      }
      var entailed = data.entailed || [];
      var help = "These statements are not claims: RDFS entailment adds them to the graph from the ontology's " +
        "sub-class, sub-property, domain and range axioms, as a query with the RDFS switch on sees them.";
      var entailedOut = section("Entailed by RDFS: about it", ["property", "value", "why"], entailedRows(entailed, "out"), "wb-entailed-facts");
      var entailedIn = section("Entailed by RDFS: pointing to it", ["subject", "property", "why"], entailedRows(entailed, "in"), "wb-entailed-facts");
      var first = entailedOut || entailedIn;  // the explanation once, above the first entailed table
      if (first) first.insertBefore(WB.el("p", { class: "wb-help", text: help }), first.querySelector("table"));
      if (!out && !into && !data.claimed.length && !entailed.length) box.appendChild(WB.el("p", { class: "wb-help", text: "No facts about it in this view of the graph (try “with speculation”)." }));
      if (out) box.appendChild(out);
      if (into) box.appendChild(into);
      if (entailedOut) box.appendChild(entailedOut);
      if (entailedIn) box.appendChild(entailedIn);
      if (data.truncated) box.appendChild(WB.el("p", { class: "wb-help wb-truncated", text: "There are more statements about it than this page shows (at most 1,000 with their claims and 400 others" +
        (data.entailment === "rdfs" ? ", and 400 entailed by RDFS" : "") + "); query them with SPARQL." }));
      document.body.setAttribute("data-ready", "entity");
    }).catch(function (err) {
      WB.clear(box).appendChild(WB.el("p", { class: "wb-error", text: err.message }));
      document.body.setAttribute("data-ready", "entity");
    });
  };
})();
