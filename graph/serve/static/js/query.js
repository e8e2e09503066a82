// The query view: the named queries as a menu of buttons (picking one shows its form and runs
// it; its SPARQL is one click away), a form for a query's parameters (from its `#+`
// decorators, checked by the server as `kg query` checks them), running it, the advice
// `kg query` prints on standard error (/api/advice), and a link that reproduces the query
// with its parameters (#named=NAME&param=value).
(function () {
  "use strict";
  var WB = window.WB;
  var ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  var DEFAULT_QUERY = "SELECT ?person ?name WHERE {\n  ?person a kgo:Person ;\n          schema:name ?name .\n}\nORDER BY ?name\n";
  var HELP = "Read-only SPARQL 1.1. The prefixes kg:, kgo:, schema:, rdfs:, prov:, … are known. Ctrl-Space completes prefixes, classes, properties and names.";
  var editor, named = null, edited = false, checkTimer = null, runs = 0;
  var queries = {};

  function $(id) { return document.getElementById(id); }

  function setStatus(text) { $("status").textContent = text; }

  function showError(message) {
    var box = $("error");
    box.hidden = !message;
    box.textContent = message || "";
  }

  function showAdvice(lines) {
    var box = WB.clear($("advice"));
    box.hidden = !lines.length;
    if (!lines.length) return;
    box.appendChild(WB.el("h2", { text: "Advice" }));
    box.appendChild(WB.el("ul", {}, lines.map(function (line) {
      var m = /^[^\n]*?:(\d+):(\d+): (.*)$/.exec(line);
      var text = m ? "line " + m[1] + ", column " + m[2] + ": " + m[3] : line.replace(/^[^:\s]+: /, "");
      return WB.el("li", { text: text });
    })));
  }

  // The editor is one click away for a named query; plain SPARQL always shows it.
  function showSparql(open) {
    $("sparql").hidden = !open;
    $("sparql-toggle").setAttribute("aria-expanded", open ? "true" : "false");
    $("sparql-toggle").textContent = open ? "Hide the SPARQL" : "Show the SPARQL";
    if (open) editor.refresh();
  }

  function formValues() {
    var values = {};
    if (!named) return values;
    named.parameters.forEach(function (p) {
      var input = $("param-" + p.name);
      if (input && input.value.trim() !== "") values[p.name] = input.value.trim();
    });
    return values;
  }

  function shareHash() {
    if (named && !edited) return "#" + WB.query(Object.assign({ named: named.name }, formValues()));
    return "#" + WB.query({ query: editor.getValue() });
  }

  function updateShare() {
    $("share").setAttribute("href", "/" + shareHash());
  }

  function checkParams() {
    if (!named) return Promise.resolve(true);
    var params = Object.assign({ _query: named.name }, formValues());
    return WB.getJSON("/api/check?" + WB.query(params)).then(function (answer) {
      var message = answer.ok ? "" : answer.error;
      $("param-error").textContent = message;
      var m = /^parameter (\w+):/.exec(message) || /missing parameter (\w+)/.exec(message);
      named.parameters.forEach(function (p) {
        var input = $("param-" + p.name);
        if (m && m[1] === p.name) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      });
      return answer.ok;
    }).catch(function (err) {
      $("param-error").textContent = err.message;
      return false;
    });
  }

  function buildForm(q, values) {
    var form = WB.clear($("param-form"));
    form.hidden = !q || !q.parameters.length || edited;
    if (form.hidden) return;
    q.parameters.forEach(function (p) {
      var id = "param-" + p.name;
      var input = WB.el("input", { id: id, name: p.name, type: p.type === "date" ? "date" : "text", autocomplete: "off",
        placeholder: p.type === "iri" ? "kg:… or <https://…>" : p.type, "data-type": p.type, required: p.required,
        "aria-describedby": "param-error " + id + "-kind" });
      input.value = values[p.name] !== undefined ? values[p.name] : (p.default || "");
      input.addEventListener("input", function () {
        updateShare();
        clearTimeout(checkTimer);
        checkTimer = setTimeout(checkParams, 250);
      });
      var kind = p.type + (p.required ? ", required" : ", optional") + (p.default ? ", default " + p.default : "");
      form.appendChild(WB.el("div", { class: "wb-param" }, [
        WB.el("label", { for: id, class: "wb-param-name", text: p.name }), input,
        WB.el("small", { id: id + "-kind", text: kind })]));
    });
    form.appendChild(WB.el("p", { id: "param-error", class: "wb-param-error", role: "alert" }));
  }

  function missing() {
    if (!named || edited) return [];
    var values = formValues();
    return named.parameters.filter(function (p) { return p.required && values[p.name] === undefined; });
  }

  function selectNamed(name, values, options) {
    var q = queries[name];
    if (!q) { showError("no named query " + name); return false; }
    named = q;
    edited = false;
    document.querySelectorAll(".wb-examples button").forEach(function (b) {
      var on = b.getAttribute("data-name") === name;
      b.classList.toggle("wb-active", on);
      if (on) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
    });
    $("query-title").textContent = q.name;
    $("query-summary").textContent = q.summary || "";
    $("query-description").textContent = q.description || "";
    $("query-about").hidden = !q.description || q.description === q.summary;
    $("query-about").open = false;
    editor.setValue(q.text);
    edited = false;
    buildForm(q, values || {});
    $("sparql-toggle").hidden = false;
    showSparql(false);
    updateShare();
    showError("");
    showAdvice([]);
    if (window.matchMedia("(max-width: 900px)").matches) $("examples-box").open = false;
    var needed = missing();
    if (needed.length) {
      setStatus("Give " + needed.map(function (p) { return p.name; }).join(", ") + ", then Run.");
      if (options && options.focus) $("param-" + needed[0].name).focus();
      return false;
    }
    return true;
  }

  function writeSparql() {
    named = null;
    edited = false;
    document.querySelectorAll(".wb-examples button").forEach(function (b) { b.classList.remove("wb-active"); b.removeAttribute("aria-current"); });
    $("query-title").textContent = "SPARQL";
    $("query-summary").textContent = HELP;
    $("query-about").hidden = true;
    buildForm(null, {});
    $("sparql-toggle").hidden = true;
    showSparql(true);
    editor.focus();
    updateShare();
  }

  // The IRIs given to the query's IRI parameters, expanded (the graph view draws them too).
  function iriParams() {
    if (!named || edited) return [];
    var values = formValues();
    return named.parameters.filter(function (p) { return p.type === "iri" && values[p.name]; }).map(function (p) {
      var v = values[p.name];
      if (v.charAt(0) === "<") return v.slice(1, -1);
      var i = v.indexOf(":");
      var ns = WB.prefixes[v.slice(0, i)];
      return ns ? ns + v.slice(i + 1) : v;
    });
  }

  function runUrl() {
    var options = WB.optionParams();
    if (named && !edited) {
      return "/queries/" + encodeURIComponent(named.name) + "?" + WB.query(Object.assign({}, formValues(), options));
    }
    return "/sparql?" + WB.query(Object.assign({ query: editor.getValue() }, options));
  }

  // What `kg query` would print on standard error about this run: asked for after the answer.
  function askAdvice(empty, run) {
    var params = Object.assign({ empty: empty ? "true" : "" }, WB.optionParams());
    if (named && !edited) Object.assign(params, { _query: named.name }, formValues());
    else params.query = editor.getValue();
    return WB.getJSON("/api/advice?" + WB.query(params)).then(function (data) {
      if (run !== runs) return;
      showAdvice(data.advice);
      if (!named || edited) WB.showEditorNotes(editor, data.advice);
      document.body.setAttribute("data-advice", String(data.advice.length));
    }).catch(function () { if (run === runs) document.body.setAttribute("data-advice", "0"); });
  }

  function run() {
    if (missing().length) {
      var needed = missing();
      setStatus("Give " + needed.map(function (p) { return p.name; }).join(", ") + ", then Run.");
      $("param-" + needed[0].name).focus();
      return Promise.resolve();
    }
    var url = runUrl();
    var mine = (runs += 1);
    showError("");
    showAdvice([]);
    WB.clearEditorError(editor);
    history.replaceState(null, "", "/" + shareHash());
    updateShare();
    setStatus("Running …");
    document.body.setAttribute("data-run", "running");
    document.body.removeAttribute("data-advice");
    var started = performance.now();
    return fetch(url, { headers: { Accept: ACCEPT } }).then(function (response) {
      return response.text().then(function (text) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok) {
          var message = text.trim();
          try { message = JSON.parse(text).error || message; } catch (e) { /* plain text */ }
          throw new Error(message);
        }
        var result;
        if (type.indexOf("n-triples") >= 0) result = { kind: "graph", triples: WB.parseNTriples(text) };
        else {
          var json = JSON.parse(text);
          result = json.boolean !== undefined ? { kind: "ask", json: json } : { kind: "select", json: json };
        }
        if (mine !== runs) return;
        var ms = Math.round(performance.now() - started);
        var size = result.kind === "graph" ? result.triples.length : result.kind === "ask" ? 1 : result.json.results.bindings.length;
        var count = result.kind === "graph" ? size + " triples" : result.kind === "ask" ? "answer: " + (result.json.boolean ? "yes" : "no") :
          size + (size === 1 ? " row" : " rows");
        setStatus(count + " in " + ms + " ms");
        WB.showResults(result, url, iriParams());
        document.body.setAttribute("data-run", "done");
        askAdvice(result.kind !== "ask" && size === 0, mine);
      });
    }).catch(function (err) {
      if (mine !== runs) return;
      setStatus("");
      showError(err.message);
      if (!named || edited) WB.showEditorError(editor, err.message);
      else if (/:\d+:\d+: /.test(err.message)) { showSparql(true); WB.showEditorError(editor, err.message); }
      document.body.setAttribute("data-run", "error");
    });
  }

  function buildMenu(list) {
    var menu = $("examples");
    list.forEach(function (q) {
      queries[q.name] = q;
      var button = WB.el("button", { type: "button", class: "wb-example", "data-name": q.name,
        title: q.description || q.summary }, [
        WB.el("span", { class: "wb-ex-name", text: q.name }),
        q.parameters.length ? WB.el("span", { class: "wb-ex-params", text: q.parameters.map(function (p) { return p.name; }).join(", ") }) : null,
        WB.el("span", { class: "wb-ex-summary", text: q.summary })
      ]);
      button.addEventListener("click", function () {
        if (selectNamed(q.name, {}, { focus: true })) run();
      });
      menu.appendChild(WB.el("li", {}, [button]));
    });
  }

  function fromHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var i = pair.indexOf("=");
      var key = decodeURIComponent(i < 0 ? pair : pair.slice(0, i));
      params[key] = i < 0 ? "" : decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " "));
    });
    return params;
  }

  // A link (#named=NAME&param=value, or #query=TEXT) loads that query and runs it.
  function applyHash() {
    var params = fromHash();
    if (params.named) {
      var name = params.named;
      delete params.named;
      if (selectNamed(name, params)) run();
    } else if (params.query) {
      writeSparql();
      editor.setValue(params.query);
      run();
    }
  }

  WB.startQueryView = function () {
    editor = WB.createEditor($("editor"), run);
    WB.editor = editor;
    editor.setValue(DEFAULT_QUERY);
    editor.on("change", function () {
      if (named && !edited && editor.getValue() !== named.text.replace(/\r\n?/g, "\n")) {
        edited = true;
        $("param-form").hidden = true;
        $("query-summary").textContent = "Edited: runs as plain SPARQL (parameters are not bound).";
        $("query-about").hidden = true;
      }
      updateShare();
    });
    $("run").addEventListener("click", run);
    $("sparql-toggle").addEventListener("click", function () { showSparql($("sparql").hidden); });
    $("write-sparql").addEventListener("click", writeSparql);
    $("param-form").addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    $("param-form").addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && ev.target.tagName === "INPUT") { ev.preventDefault(); run(); }
    });
    WB.runQuery = run;
    updateShare();
    WB.getJSON("/queries").then(function (list) {
      buildMenu(list);
      applyHash();
      window.addEventListener("hashchange", applyHash);
      document.body.setAttribute("data-ready", "query");
    }).catch(function (err) { showError("Could not list the named queries: " + err.message); });
  };
})();
