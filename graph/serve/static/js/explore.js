// Graph exploration (/explore): start from a name, then double-click nodes (or pick one in the
// list and press Expand) to fetch their neighbours from the server, a capped neighbourhood at a
// time, so that a graph of a million statements stays explorable (the page never holds more
// than what was expanded). Bookkeeping nodes (claims, sentences, dates' qualifiers) stay out
// unless asked for; Fit, Reset and Remove keep the drawing readable.
(function () {
  "use strict";
  var WB = window.WB;

  WB.startExploreView = function () {
    var search = document.getElementById("explore-search");
    var list = document.getElementById("explore-matches");
    var keep = document.getElementById("explore-bookkeeping");
    var removeButton = document.getElementById("explore-remove");
    var view = null;
    var timer = null;
    var first = null;

    function closeMatches() {
      WB.clear(list);
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
    }

    function start(iri) {
      closeMatches();
      first = first || iri;
      return view.expand(iri).then(function (data) {
        if (!data) return;
        view.select(data.center);
      });
    }

    function lookup() {
      var q = search.value.trim();
      if (q.length < 2) { closeMatches(); return; }
      WB.getJSON("/api/completions?" + WB.query({ q: q })).then(function (data) {
        WB.clear(list);
        data.entities.slice(0, 15).forEach(function (e, i) {
          var li = WB.el("li", { role: "option", id: "match-" + i, class: i === 0 ? "wb-active" : "", "aria-selected": i === 0 ? "true" : "false",
            "data-iri": e.iri }, [e.name + " ", WB.el("small", { text: e.short })]);
          li.addEventListener("click", function () { search.value = e.name; start(e.iri); });
          list.appendChild(li);
        });
        search.setAttribute("aria-expanded", data.entities.length ? "true" : "false");
        if (data.entities.length) search.setAttribute("aria-activedescendant", "match-0");
      }).catch(closeMatches);
    }

    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 150); });
    // Arrow keys move through the matches, Enter starts from the highlighted one, Escape clears.
    search.addEventListener("keydown", function (ev) {
      var items = Array.prototype.slice.call(list.querySelectorAll("li"));
      var at = items.findIndex(function (li) { return li.classList.contains("wb-active"); });
      if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && items.length) {
        ev.preventDefault();
        var next = (at + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        items.forEach(function (li, i) {
          li.classList.toggle("wb-active", i === next);
          li.setAttribute("aria-selected", i === next ? "true" : "false");
        });
        search.setAttribute("aria-activedescendant", items[next].id);
      } else if (ev.key === "Enter" && items.length) {
        ev.preventDefault();
        var chosen = items[Math.max(at, 0)];
        search.value = chosen.firstChild.textContent.trim();
        start(chosen.getAttribute("data-iri"));
      } else if (ev.key === "Escape") {
        search.value = "";
        closeMatches();
      }
    });

    WB.stylesReady.then(function (styles) {
      view = new WB.GraphView(document.getElementById("explore-graph"), document.getElementById("explore-info"), styles,
        { bookkeeping: keep.checked });
      WB.graphView = view;
      view.onselect = function (iri) { removeButton.disabled = !iri; };
      WB.legend(document.getElementById("explore-legend"), styles);
      document.getElementById("explore-fit").addEventListener("click", function () { view.fit(); });
      document.getElementById("explore-reset").addEventListener("click", function () {
        view.clearAll();
        if (first) start(first);
      });
      removeButton.addEventListener("click", function () { if (view.selected) view.remove(view.selected); });
      keep.addEventListener("change", function () {
        view.options.bookkeeping = keep.checked;
        if (keep.checked) {
          Array.from(view.expanded).forEach(function (iri) { view.expand(iri); });  // fetch what was left out
        } else {
          view.nodes.get().filter(function (n) { return n.info.bookkeeping; }).forEach(function (n) { view.remove(n.id); });
        }
      });
      var m = /(?:^#|&)start=([^&]*)/.exec(location.hash);
      document.body.setAttribute("data-ready", "explore");
      if (m) start(decodeURIComponent(m[1]));
    });
  };
})();
