// Which view the address asks for: / (query), /entity/<name> (entity page), /explore.
(function () {
  "use strict";
  var WB = window.WB;
  var path = location.pathname;
  var view = path.indexOf("/entity/") === 0 ? "entity" : path === "/explore" ? "explore" : "query";
  document.getElementById("view-" + view).hidden = false;
  document.body.classList.add("wb-on-" + view);
  var nav = document.getElementById(view === "explore" ? "nav-explore" : "nav-query");
  if (view !== "entity") { nav.classList.add("wb-active"); nav.setAttribute("aria-current", "page"); }

  // The skip link leads past the top bar (and, on the query view, past the menu of named
  // queries) to where the work is: the first field of the form, or the editor.
  document.getElementById("skip").addEventListener("click", function (ev) {
    var target = null;
    if (view === "query") {
      var field = document.querySelector("#param-form:not([hidden]) input");
      target = field || (!document.getElementById("sparql").hidden && WB.editor ? WB.editor : null) || document.getElementById("run");
    } else if (view === "explore") {
      target = document.getElementById("explore-search");
    }
    if (!target) return;  // the browser follows the link to #content
    ev.preventDefault();
    target.focus();
  });

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
