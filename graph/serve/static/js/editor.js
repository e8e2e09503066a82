// The SPARQL editor: CodeMirror 5 with its SPARQL mode, completion of prefixes, the ontology's
// classes and properties (from /api/completions) and entity names (/api/completions?q=…),
// errors and advice shown at their line (the server says `name:LINE:COL: cause`), and a Tab
// that indents but lets a keyboard user leave (Esc, then Tab).
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
    var done = function () {
      var data = { list: list.slice(0, 60), from: word.from, to: word.to };
      CodeMirror.on(data, "shown", function () {  // the list of completions, named for assistive technology
        document.querySelectorAll(".CodeMirror-hints").forEach(function (ul) { ul.setAttribute("aria-label", "Completions"); });
      });
      callback(data);
    };
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

  // The element Tab (or Shift-Tab) would reach from the editor, in the page's order.
  function neighbour(cm, step) {
    var all = Array.prototype.slice.call(document.querySelectorAll(
      "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1']), summary"));
    var usable = all.filter(function (el) {
      return !el.disabled && el.tabIndex >= 0 && el.getClientRects().length && !cm.getWrapperElement().contains(el);
    });
    var wrapper = cm.getWrapperElement();
    var after = usable.filter(function (el) {
      return wrapper.compareDocumentPosition(el) & (step > 0 ? Node.DOCUMENT_POSITION_FOLLOWING : Node.DOCUMENT_POSITION_PRECEDING);
    });
    return step > 0 ? after[0] : after[after.length - 1];
  }

  // Tab indents, as in any code editor; Esc then Tab (or Shift-Tab) leaves the editor, as
  // CodeMirror documents for keyboard users, so the editor is no keyboard trap.
  function tab(step) {
    return function (cm) {
      if (cm.state.kgLeave) {
        cm.state.kgLeave = false;
        var next = neighbour(cm, step);
        if (next) { next.focus(); return; }
      }
      if (step > 0) cm.execCommand(cm.somethingSelected() ? "indentMore" : "insertSoftTab");
      else cm.execCommand("indentLess");
    };
  }

  WB.createEditor = function (textarea, onRun) {
    var cm = CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      indentUnit: 2,
      viewportMargin: Infinity,
      screenReaderLabel: "SPARQL query",
      inputStyle: "contenteditable",  // the text itself is the input: better for screen readers, no hidden textarea
      extraKeys: {
        "Ctrl-Space": function (c) { c.showHint({ hint: hint, completeSingle: false }); },
        "Ctrl-Enter": function () { onRun(); },
        "Cmd-Enter": function () { onRun(); },
        "Esc": function (c) { c.state.kgLeave = true; },
        "Tab": tab(1),
        "Shift-Tab": tab(-1)
      }
    });
    cm.on("keydown", function (c, ev) {
      if (ev.key !== "Escape" && ev.key !== "Tab" && ev.key !== "Shift") c.state.kgLeave = false;
    });
    cm.on("blur", function (c) { c.state.kgLeave = false; });
    var input = cm.getInputField();
    input.setAttribute("role", "textbox");  // completion points it at its list: a textbox may say so
    input.setAttribute("aria-multiline", "true");
    input.setAttribute("aria-label", "SPARQL query");
    input.setAttribute("aria-describedby", "editor-keys");
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

  // Advice placed in the query (`name:LINE:COL: text`): each underlined, its text under its line.
  WB.showEditorNotes = function (cm, lines) {
    (lines || []).forEach(function (message) {
      var m = /^[^\n]*?:(\d+):(\d+): ([^\n]*)/.exec(message);
      if (!m) return;
      var line = Math.min(parseInt(m[1], 10) - 1, cm.lineCount() - 1);
      var col = parseInt(m[2], 10) - 1;
      var widget = WB.el("div", { class: "wb-note-widget" }, [WB.el("strong", { text: "line " + m[1] + ", column " + m[2] + ": " }), m[3]]);
      cm.kgMarks.push(cm.addLineWidget(line, widget, { coverGutter: false }));
      var text = cm.getLine(line) || "";
      var end = col;
      while (end < text.length && !/[\s;,.(){}]/.test(text.charAt(end))) end += 1;
      if (end > col) cm.kgMarks.push(cm.markText(CodeMirror.Pos(line, col), CodeMirror.Pos(line, end), { className: "wb-note-token" }));
    });
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
