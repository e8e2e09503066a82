// The timeline view of a result: one entry per event (per row), in date order, each drawn as the
// range its date stands for at its precision ("June 2023" is a month long; "by August 2024" has
// no first day), on one time axis. A result with `earliest`/`latest`/`precision` columns (the
// named query `timeline`) gives the ranges; any other result is placed by its first date column.
// Stated dates are solid green, inferred ones violet, guesses dashed orange and in italics.
(function () {
  "use strict";
  var WB = window.WB;
  var DATE_TYPES = /#(date|dateTime|gYear|gYearMonth)$/;
  var STATUS = /(Stated|Inferred|Speculation)$/;
  //: columns that say how the row's date is known, never shown as its words
  var APART = /^(date|earliest|latest|precision|status|claim|sources)$/;

  function dateOf(t) {
    if (!t || t.type !== "literal" || !DATE_TYPES.test(t.datatype || "")) return null;
    var v = t.value;
    if (/^-?\d{4,}$/.test(v)) return { first: v + "-01-01", last: v + "-12-31", precision: "year" };
    if (/^-?\d{4,}-\d{2}$/.test(v)) {
      var last = new Date(Date.UTC(parseInt(v, 10), parseInt(v.slice(-2), 10), 0)).getUTCDate();
      return { first: v + "-01", last: v + "-" + String(last).padStart(2, "0"), precision: "month" };
    }
    return { first: v.slice(0, 10), last: v.slice(0, 10), precision: "day" };
  }

  function periodStart(day, precision) {
    if (!day) return null;
    return precision === "year" ? day.slice(0, 4) + "-01-01" : precision === "month" ? day.slice(0, 7) + "-01" : day.slice(0, 10);
  }

  function periodEnd(day, precision) {
    if (!day) return null;
    var year = parseInt(day.slice(0, 4), 10);
    if (precision === "year") return day.slice(0, 4) + "-12-31";
    if (precision === "month") {
      var last = new Date(Date.UTC(year, parseInt(day.slice(5, 7), 10), 0)).getUTCDate();
      return day.slice(0, 7) + "-" + String(last).padStart(2, "0");
    }
    return day.slice(0, 10);
  }

  function statusOf(row) {
    var keys = Object.keys(row);
    for (var i = 0; i < keys.length; i++) {
      var m = STATUS.exec(row[keys[i]].value);
      if (/status/i.test(keys[i]) && m) return m[1].toLowerCase();
    }
    return "stated";
  }

  // One event per row: its date range, precision, words, status and claim.
  WB.timelineEvents = function (vars, rows) {
    var ranged = vars.indexOf("date") >= 0 && (vars.indexOf("earliest") >= 0 || vars.indexOf("latest") >= 0);
    var events = [];
    rows.forEach(function (row) {
      var column = ranged ? "date" : vars.filter(function (v) { return dateOf(row[v]); })[0];
      if (!column || !dateOf(row[column])) return;
      var found = dateOf(row[column]);
      var earliest = ranged ? (row.earliest ? row.earliest.value : null) : found.first;
      var latest = ranged ? (row.latest ? row.latest.value : null) : found.last;
      var precision = ranged && row.precision ? row.precision.value : found.precision;
      events.push({
        date: row[column].value, earliest: earliest, latest: latest, precision: precision,
        words: vars.filter(function (v) { return v !== column && row[v] && !APART.test(v) && !dateOf(row[v]); })
          .map(function (v) { return row[v]; }),
        status: statusOf(row), claim: row.claim, sources: row.sources ? row.sources.value : null,
        // a missing bound is drawn as the period of the one given ("by August 2024": August)
        start: earliest || periodStart(latest, precision) || found.first,
        end: latest || periodEnd(earliest, precision) || found.last
      });
    });
    events.sort(function (a, b) {
      return a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0;
    });
    return events;
  };

  function days(iso) { return Date.parse(iso.slice(0, 10) + "T00:00:00Z") / 86400000; }

  function bar(event, from, span) {
    var track = WB.el("span", { class: "wb-tl-track", "aria-hidden": "true" });
    var left = (days(event.start) - from) / span * 100;
    var width = Math.max((days(event.end) - days(event.start) + 1) / span * 100, 0.8);
    var mark = WB.el("span", { class: "wb-tl-bar" + (event.earliest ? "" : " wb-tl-open-start") + (event.latest ? "" : " wb-tl-open-end") });
    mark.style.left = left.toFixed(2) + "%";
    mark.style.width = Math.min(width, 100 - left).toFixed(2) + "%";
    track.appendChild(mark);
    return track;
  }

  WB.renderTimeline = function (pane, vars, rows, limit) {
    WB.clear(pane);
    var events = WB.timelineEvents(vars, rows);
    if (!events.length) {
      pane.appendChild(WB.el("p", { class: "wb-help", text: "No dated values in this result. The named query “timeline” lists every dated event with its status." }));
      return;
    }
    if (events.length > limit) {
      pane.appendChild(WB.el("p", { class: "wb-help wb-truncated", text: events.length + " events; showing the first " + limit + "." }));
      events = events.slice(0, limit);
    }
    var from = days(events.reduce(function (m, e) { return e.start < m ? e.start : m; }, events[0].start).slice(0, 4) + "-01-01");
    var to = days(events.reduce(function (m, e) { return e.end > m ? e.end : m; }, events[0].end).slice(0, 4) + "-12-31");
    var span = Math.max(to - from + 1, 1);
    pane.appendChild(WB.el("div", { class: "wb-tl-legend" }, ["stated", "inferred", "speculation"].map(function (s) {
      return WB.el("span", { class: "wb-tl-key wb-tl-" + s }, [WB.el("span", { class: "wb-tl-bar wb-tl-sample" }), s === "speculation" ? "speculation (a guess)" : s]);
    }).concat([WB.el("span", { class: "wb-tl-axis", text: "axis: " + new Date(from * 86400000).getUTCFullYear() + " – " + new Date(to * 86400000).getUTCFullYear() })])));
    var list = WB.el("ol", { class: "wb-timeline" });
    events.forEach(function (event) {
      var body = WB.el("div", { class: "wb-tl-body" });
      event.words.forEach(function (w, i) {
        if (i) body.appendChild(document.createTextNode(" · "));
        body.appendChild(WB.termNode(w));
      });
      var about = WB.el("div", { class: "wb-tl-about" }, [WB.statusBadge(event.status)]);
      if (event.claim) { about.appendChild(document.createTextNode(" ")); about.appendChild(WB.termNode(event.claim)); }
      if (event.sources && event.sources !== "1") about.appendChild(document.createTextNode(" · " + event.sources + " sources"));
      var words = WB.dateWords(event.date, event.earliest, event.latest, event.precision);
      list.appendChild(WB.el("li", { class: "wb-tl-item wb-tl-" + event.status, "data-status": event.status,
        "data-precision": event.precision }, [
        WB.el("time", { datetime: event.date.slice(0, 10), title: (event.earliest || "…") + " to " + (event.latest || "…"), text: words }),
        bar(event, from, span), WB.el("div", { class: "wb-tl-text" }, [body, about])
      ]));
    });
    pane.appendChild(list);
    WB.linkNames(list);
  };
})();
