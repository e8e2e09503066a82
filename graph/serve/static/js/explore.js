// Graph exploration (/explore): start from a name, then double-click nodes to fetch their
// neighbours from the server, a capped neighbourhood at a time, so that a graph of a million
// statements stays explorable (the page never holds more than what was expanded).
(function () {
  "use strict";
  var WB = window.WB;

  WB.startExploreView = function () {
    var search = document.getElementById("explore-search");
    var list = document.getElementById("explore-matches");
    var view = null;
    var timer = null;

    function start(iri) {
      WB.clear(list);
      return view.expand(iri).then(function (data) {
        if (!data) return;
        view.network.selectNodes([data.center]);
        view.showNode(data.center);
      });
    }

    function lookup() {
      var q = search.value.trim();
      if (q.length < 2) { WB.clear(list); return; }
      WB.getJSON("/api/completions?" + WB.query({ q: q })).then(function (data) {
        WB.clear(list);
        data.entities.slice(0, 15).forEach(function (e, i) {
          var li = WB.el("li", { role: "option", class: i === 0 ? "wb-active" : "", "data-iri": e.iri }, [
            e.name + " ", WB.el("small", { text: e.short })]);
          li.addEventListener("click", function () { search.value = e.name; start(e.iri); });
          list.appendChild(li);
        });
      }).catch(function () { WB.clear(list); });
    }

    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 150); });
    // Arrow keys move through the matches, Enter starts from the highlighted one, Escape clears.
    search.addEventListener("keydown", function (ev) {
      var items = Array.prototype.slice.call(list.querySelectorAll("li"));
      var at = items.findIndex(function (li) { return li.classList.contains("wb-active"); });
      if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && items.length) {
        ev.preventDefault();
        var next = (at + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        items.forEach(function (li, i) { li.classList.toggle("wb-active", i === next); });
      } else if (ev.key === "Enter" && items.length) {
        ev.preventDefault();
        var chosen = items[Math.max(at, 0)];
        search.value = chosen.firstChild.textContent.trim();
        start(chosen.getAttribute("data-iri"));
      } else if (ev.key === "Escape") {
        search.value = "";
        WB.clear(list);
      }
    });

    WB.stylesReady.then(function (styles) {
      view = new WB.GraphView(document.getElementById("explore-graph"), document.getElementById("explore-info"), styles);
      WB.graphView = view;
      WB.legend(document.getElementById("explore-legend"), styles);
      var m = /(?:^#|&)start=([^&]*)/.exec(location.hash);
      document.body.setAttribute("data-ready", "explore");
      if (m) start(decodeURIComponent(m[1]));
    });
  };
})();
