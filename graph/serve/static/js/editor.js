// The SPARQL editor: CodeMirror 5 with its SPARQL mode, completion of prefixes, the ontology's
// classes and properties (from /api/completions) and entity names (/api/completions?q=…),
// and errors shown at their line (the server says `name:LINE:COL: cause`).
(function () {
  "use strict";
  var WB = window.WB;
  var KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "OPTIONAL", "FILTER", "UNION", "GRAPH", "ORDER BY", "GROUP BY",
    "LIMIT", "OFFSET", "CONSTRUCT", "ASK", "DESCRIBE", "BIND", "VALUES", "PREFIX", "COUNT", "CONTAINS", "LCASE",
    "STR", "LANG", "isIRI", "NOT EXISTS", "MINUS", "HAVING", "DESC", "ASC"];

  // The word being typed before the cursor: letters, digits, _ - . and one ':'.
  function wordAt(cm) {
    var cur = cm.getCursor();
    var line = cm.getLine(cur.line);
    var start = cur.ch;
    while (start > 0 && /[\w\-.:]/.test(line.charAt(start - 1))) start -= 1;
    return { text: line.slice(start, cur.ch), from: CodeMirror.Pos(cur.line, start), to: cur };
  }

  function hint(cm, callback) {
    var word = wordAt(cm);
    var text = word.text;
    var vocab = WB.vocabulary || { prefixes: {}, classes: [], properties: [] };
    var list = [];
    var low = text.toLowerCase();
    function render(element, self, item) {
      element.appendChild(WB.el("span", { class: "wb-hint-main", text: item.text }));
      if (item.note) element.appendChild(WB.el("span", { class: "wb-hint-note", text: item.note }));
    }
    function push(value, note, kind) {
      list.push({ text: value, note: note, displayText: value + "  " + note, className: "wb-hint-" + kind, render: render });
    }
    if (text.indexOf(":") < 0) {
      Object.keys(vocab.prefixes).forEach(function (p) { if (p.indexOf(low) === 0) push(p + ":", vocab.prefixes[p], "prefix"); });
      KEYWORDS.forEach(function (k) { if (low && k.toLowerCase().indexOf(low) === 0) push(k, "keyword", "keyword"); });
    }
    vocab.classes.forEach(function (c) { if (low && c.toLowerCase().indexOf(low) === 0) push(c, "class", "class"); });
    vocab.properties.forEach(function (p) { if (low && p.toLowerCase().indexOf(low) === 0) push(p, "property", "property"); });
    var colon = text.indexOf(":");
    var local = colon >= 0 ? text.slice(colon + 1) : text;
    var done = function () { callback({ list: list.slice(0, 60), from: word.from, to: word.to }); };
    if (local.length < 2) { done(); return; }
    WB.getJSON("/api/completions?" + WB.query({ q: local })).then(function (data) {
      data.entities.forEach(function (e) {
        if (colon >= 0 && e.short.indexOf(text.slice(0, colon + 1)) !== 0) return;
        if (!list.some(function (item) { return item.text === e.short; })) push(e.short, e.name, "entity");
      });
      done();
    }).catch(done);
  }
  hint.async = true;

  WB.createEditor = function (textarea, onRun) {
    var cm = CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      indentUnit: 2,
      viewportMargin: Infinity,
      extraKeys: {
        "Ctrl-Space": function (c) { c.showHint({ hint: hint, completeSingle: false }); },
        "Ctrl-Enter": function () { onRun(); },
        "Cmd-Enter": function () { onRun(); }
      }
    });
    cm.on("inputRead", function (c, change) {
      if (change.text.length === 1 && /[:\w]$/.test(change.text[0]) && wordAt(c).text.indexOf(":") > 0) {
        c.showHint({ hint: hint, completeSingle: false });
      }
    });
    var marks = [];
    cm.on("change", function () { WB.clearEditorError(cm); });
    cm.kgMarks = marks;
    return cm;
  };

  WB.clearEditorError = function (cm) {
    (cm.kgMarks || []).forEach(function (m) { m.clear(); });
    cm.kgMarks = [];
    if (cm.kgErrorLine !== undefined) {
      cm.removeLineClass(cm.kgErrorLine, "background", "wb-error-line");
      cm.kgErrorLine = undefined;
    }
  };

  // Show `name:LINE:COL: cause` at its line; returns true when the message had a position.
  WB.showEditorError = function (cm, message) {
    WB.clearEditorError(cm);
    var m = /^[^\n]*?:(\d+):(\d+): ([^\n]*)/.exec(message);
    if (!m) return false;
    var line = Math.min(parseInt(m[1], 10) - 1, cm.lineCount() - 1);
    var col = parseInt(m[2], 10) - 1;
    cm.addLineClass(line, "background", "wb-error-line");
    cm.kgErrorLine = line;
    var widget = WB.el("div", { class: "wb-error-widget" }, [WB.el("strong", { text: "line " + m[1] + ", column " + m[2] + ": " }), m[3]]);
    cm.kgMarks.push(cm.addLineWidget(line, widget, { coverGutter: false }));
    var text = cm.getLine(line) || "";
    var end = col;
    while (end < text.length && !/\s/.test(text.charAt(end))) end += 1;
    if (end > col) cm.kgMarks.push(cm.markText(CodeMirror.Pos(line, col), CodeMirror.Pos(line, end), { className: "wb-error-token" }));
    cm.scrollIntoView(CodeMirror.Pos(line, col), 80);
    return true;
  };
})();
