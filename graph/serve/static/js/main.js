// Which view the address asks for: / (query), /entity/<name> (entity page), /explore.
(function () {
  "use strict";
  var WB = window.WB;
  var path = location.pathname;
  var view = path.indexOf("/entity/") === 0 ? "entity" : path === "/explore" ? "explore" : "query";
  document.getElementById("view-" + view).hidden = false;
  document.body.classList.add("wb-on-" + view);
  var nav = document.getElementById(view === "explore" ? "nav-explore" : "nav-query");
  if (view !== "entity") nav.classList.add("wb-active");

  var o = WB.options();
  [["opt-speculation", "kg-speculation", o.speculation], ["opt-rdfs", "kg-rdfs", o.rdfs]].forEach(function (t) {
    var box = document.getElementById(t[0]);
    box.checked = t[2];
    box.addEventListener("change", function () {
      sessionStorage.setItem(t[1], box.checked ? "true" : "false");
      if (view === "entity") location.reload();
      else if (view === "query" && WB.runQuery && document.body.getAttribute("data-run")) WB.runQuery();
    });
  });

  WB.prefixesReady.catch(function () { /* shown by the views' own requests */ });
  if (view === "entity") WB.startEntityView(decodeURIComponent(path.slice("/entity/".length)));
  else if (view === "explore") WB.startExploreView();
  else WB.startQueryView();
})();
