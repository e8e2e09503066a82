// The entity page (/entity/<prefixed name or IRI>), as a reader wants it (the way a Wikidata item
// or an IMDb page reads): what it is in words, each name a link ("plays Stella in XO, Kitty
// Season 2 (new, series regular)"); then what each claim says about it, one card per claim with
// its sentences once (graph.explain's grouping, as `kg explain` prints it), the guesses and the
// history (claims a newer source superseded or corrected) apart; then, folded, every raw
// statement. A sentence opens its source with the sentence highlighted (offsets from the
// source's oa:TextPositionSelector). With the RDFS switch on, what RDFS entailment adds follows
// in sections of its own, each row tagged "rdfs": no claim, no sentence.
(function () {
  "use strict";
  var WB = window.WB;
  var sources = {};
  var SECTIONS = {
    stands: ["What the sources say", "Each claim with the statements it makes about it and the sentences it comes from."],
    guess: ["What the sources only guess", "Speculation: shown because “with speculation” is on; in no default view."],
    history: ["History", "Claims a newer source superseded or corrected: kept with their sentences, in no view."]
  };

  function valueNode(t) {
    var node = WB.termNode(t);
    if (t.type === "uri" && t.label) {
      return WB.el("span", {}, [WB.el("span", { class: "wb-label", text: t.label + " " }), node]);
    }
    return node;
  }

  function showSource(sentence, opener) {
    var box = document.getElementById("source");
    var load = sources[sentence.source] || WB.getJSON("/api/source?" + WB.query({ iri: sentence.source }));
    sources[sentence.source] = load;
    return load.then(function (src) {
      var where = src.sentences.filter(function (s) { return s.iri === sentence.iri; })[0];
      WB.clear(box).hidden = false;
      var close = WB.el("button", { type: "button", class: "wb-close", text: "Close" });
      box.appendChild(WB.el("div", { class: "wb-source-head" }, [
        WB.el("h2", { text: src.title }),
        WB.el("p", { class: "wb-help" }, [WB.entityLink(src.iri), where ? " · sentence " + where.number + ", characters " +
          sentence.start + "–" + sentence.end : ""]),
        close
      ]));
      close.addEventListener("click", function () { box.hidden = true; if (opener) opener.focus(); });
      var text = WB.el("div", { class: "wb-source-text", tabindex: "0" });
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

  function quote(s) {
    var button = WB.el("button", { type: "button", class: "wb-quote wb-quote-button", title: "Show this sentence in its source",
      text: "“" + s.exact + "”" });
    button.addEventListener("click", function () { showSource(s, button); });
    return WB.el("div", { class: "wb-sentence" }, [
      WB.el("span", { class: "wb-sentence-no", text: s.number !== null ? "s" + String(s.number).padStart(2, "0") : "" }), button]);
  }

  // The summary: each line of words, names as links, guesses marked.
  function summary(lines) {
    if (!lines.length) return null;
    return WB.el("ul", { class: "wb-summary", "aria-label": "In short" }, lines.map(function (line) {
      var item = WB.el("li", { class: line.guess ? "wb-guess" : null });
      line.parts.forEach(function (part) {
        item.appendChild(part.iri ? WB.el("a", { href: WB.entityHref(part.iri), text: part.text }) : document.createTextNode(part.text));
      });
      if (line.guess) item.appendChild(WB.el("span", { class: "wb-badge wb-speculation", text: "expected" }));
      return item;
    }));
  }

  // One statement of a claim, as words: "name: Audrey Huynh", "performer of: Audrey Huynh as
  // Stella" (a property's label, else its local name; a value's label, linked to its page).
  function statement(f) {
    var word = f.predicate.label || f.predicate.short.replace(/^[^:]*:/, "");
    var prop = WB.el("a", { href: WB.entityHref(f.predicate.value), class: "wb-prop-name", title: f.predicate.short,
      text: f.direction === "out" ? word : word + " of" });
    var value = f.value.type === "uri" && f.value.label
      ? WB.el("a", { href: WB.entityHref(f.value.value), title: f.value.short, text: f.value.label })
      : WB.termNode(f.value);
    return WB.el("li", { class: "wb-statement", "data-direction": f.direction }, [prop, ": ", value]);
  }

  function claimCard(c) {
    var head = WB.el("div", { class: "wb-claim-head" }, [WB.statusBadge(c.status), " ", WB.entityLink(c.claim, c.short)]);
    c.sources.forEach(function (s) {
      head.appendChild(document.createTextNode(" · "));
      head.appendChild(WB.el("a", { href: WB.entityHref(s.iri), class: "wb-source-name", text: s.title || s.short }));
      if (s.published) head.appendChild(WB.el("span", { class: "wb-help", text: " " + s.published }));
    });
    var card = WB.el("article", { class: "wb-claim wb-claim-" + c.section + " wb-claim-" + c.status, "data-claim": c.short,
      "data-state": c.state }, [head]);
    if (c.corrected_by.length) {
      card.appendChild(WB.el("p", { class: "wb-history" }, ["corrected by "].concat(c.corrected_by.map(function (n) { return WB.entityLink(n.iri, n.short); }),
        [": its source says this was wrong"])));
    } else if (c.superseded_by.length) {
      var by = ["superseded by "];
      c.superseded_by.forEach(function (n, i) { if (i) by.push(", "); by.push(WB.entityLink(n.iri, n.short)); });
      card.appendChild(WB.el("p", { class: "wb-history" }, by));
    }
    if (c.comment) card.appendChild(WB.el("p", { class: "wb-why", text: "why: " + c.comment }));
    card.appendChild(WB.el("ul", { class: "wb-statements", "aria-label": "What it says" }, c.facts.map(statement)));
    c.sentences.forEach(function (s) { card.appendChild(quote(s)); });
    return card;
  }

  function claimSections(claims) {
    return ["stands", "guess", "history"].map(function (section) {
      var mine = claims.filter(function (c) { return c.section === section; });
      if (!mine.length) return null;
      return WB.el("section", { class: "wb-claims wb-section-" + section, "aria-labelledby": "claims-" + section }, [
        WB.el("h2", { id: "claims-" + section, text: SECTIONS[section][0] + " (" + mine.length + (mine.length === 1 ? " claim)" : " claims)") }),
        WB.el("p", { class: "wb-help", text: SECTIONS[section][1] })
      ].concat(mine.map(claimCard)));
    });
  }

  function factRows(facts, direction) {
    return facts.filter(function (f) { return f.direction === direction; }).map(function (f) {
      var claims = WB.el("td", { class: "wb-evidence-cell" });
      if (!f.evidence.length) claims.appendChild(WB.el("span", { class: "wb-help", text: "no claim (ontology or --data file)" }));
      f.evidence.forEach(function (e, i) {
        if (i) claims.appendChild(document.createTextNode(" "));
        claims.appendChild(WB.el("span", { class: "wb-evidence" }, [WB.statusBadge(e.status), " ", WB.entityLink(e.claim, e.short)]));
      });
      var prop = WB.el("td", { class: "wb-prop" }, [WB.termNode(f.predicate)]);
      var value = WB.el("td", { class: "wb-value" }, [valueNode(f.value)]);
      return WB.el("tr", { class: "wb-fact" }, direction === "out" ? [prop, value, claims] : [value, prop, claims]);
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
        WB.el("thead", {}, [WB.el("tr", {}, heads.map(function (h) { return WB.el("th", { scope: "col", text: h }); }))]),
        WB.el("tbody", {}, rows)
      ])
    ]);
  }

  // Every statement as stored, folded: for those who want the triples.
  function rawStatements(facts) {
    var out = section("About it", ["property", "value", "claims"], factRows(facts, "out"));
    var into = section("Pointing to it", ["subject", "property", "claims"], factRows(facts, "in"));
    if (!out && !into) return null;
    return WB.el("details", { class: "wb-raw" }, [
      WB.el("summary", { text: "Every statement, as stored (" + facts.length + ")" }), out, into]);
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
        WB.el("p", { class: "wb-entity-id" }, [WB.el("span", { class: "wb-kind", text: data.kind }), " ", WB.el("code", { text: data.short }),
          " ", data.types.length ? "a " + data.types.join(", ") : "",
          data.entailed_types && data.entailed_types.length ? WB.el("span", { class: "wb-entailed-types", title: ENTAILED_WHY },
            [(data.types.length ? "; " : "") + "by RDFS also a " + data.entailed_types.join(", ")]) : null,
          " ", WB.el("a", { href: "/explore#" + WB.query({ start: data.iri }), class: "wb-button", text: "Explore from here" })]),
        WB.el("p", { class: "wb-iri-full", text: data.iri })
      ]));
      var words = summary(data.summary);
      if (words) box.appendChild(words);
      claimSections(data.claims).forEach(function (s) { if (s) box.appendChild(s); });
      if (data.claimed.length) {
        var rows = data.claimed.map(function (t) {
          return WB.el("tr", {}, ["s", "p", "o"].map(function (k) { return WB.el("td", {}, [WB.termNode(t[k])]); }));
        });
        box.appendChild(section("Statements this claim makes", ["subject", "property", "value"], rows));
      }
      if (data.sentence) {
        var show = WB.el("button", { type: "button", class: "wb-quote wb-quote-button", text: "“" + data.sentence.exact + "”" });
        show.addEventListener("click", function () { showSource(data.sentence, show); });
        box.appendChild(WB.el("section", { class: "wb-facts" }, [WB.el("h2", { text: "The sentence" }), show]));
        showSource(data.sentence);
      }
      var raw = rawStatements(data.facts);
      var entailed = data.entailed || [];
      var help = "These statements are not claims: RDFS entailment adds them to the graph from the ontology's " +
        "sub-class, sub-property, domain and range axioms, as a query with the RDFS switch on sees them.";
      var entailedOut = section("Entailed by RDFS: about it", ["property", "value", "why"], entailedRows(entailed, "out"), "wb-entailed-facts");
      var entailedIn = section("Entailed by RDFS: pointing to it", ["subject", "property", "why"], entailedRows(entailed, "in"), "wb-entailed-facts");
      var first = entailedOut || entailedIn;  // the explanation once, above the first entailed table
      if (first) first.insertBefore(WB.el("p", { class: "wb-help", text: help }), first.querySelector("table"));
      if (!data.claims.length && !data.facts.length && !data.claimed.length && !entailed.length) {
        box.appendChild(WB.el("p", { class: "wb-help", text: "No facts about it in this view of the graph (try “with speculation”)." }));
      }
      if (entailedOut) box.appendChild(entailedOut);
      if (entailedIn) box.appendChild(entailedIn);
      if (raw) {
        // an entity no claim speaks of (an ontology term, a --data file's) shows its statements open
        if (!data.claims.length) raw.open = true;
        box.appendChild(raw);
      }
      if (data.truncated) box.appendChild(WB.el("p", { class: "wb-help wb-truncated", text: "There are more statements about it than this page shows (at most 1,000 with their claims and 400 others" +
        (data.entailment === "rdfs" ? ", and 400 entailed by RDFS" : "") + "); query them with SPARQL." }));
      document.body.setAttribute("data-ready", "entity");
    }).catch(function (err) {
      WB.clear(box).appendChild(WB.el("p", { class: "wb-error", text: err.message }));
      document.body.setAttribute("data-ready", "entity");
    });
  };
})();
