// The query view: the named queries as an examples menu, a form for a query's parameters
// (from its `#+` decorators, checked by the server as `kg query` checks them), running it,
// and a link that reproduces the query with its parameters (#named=NAME&param=value).
(function () {
  "use strict";
  var WB = window.WB;
  var ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  var DEFAULT_QUERY = "SELECT ?person ?name WHERE {\n  ?person a kgo:Person ;\n          schema:name ?name .\n}\nORDER BY ?name\n";
  var editor, named = null, edited = false, checkTimer = null;
  var queries = {};

  function $(id) { return document.getElementById(id); }

  function setStatus(text) { $("status").textContent = text; }

  function showError(message) {
    var box = $("error");
    box.hidden = !message;
    box.textContent = message || "";
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
    if (named && !edited) {
      var params = formValues();
      return "#" + WB.query(Object.assign({ named: named.name }, params));
    }
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

  function inputType(type) {
    if (type === "date") return "date";
    return "text";
  }

  function buildForm(q, values) {
    var form = WB.clear($("param-form"));
    form.hidden = !q || !q.parameters.length || edited;
    if (form.hidden) return;
    q.parameters.forEach(function (p) {
      var id = "param-" + p.name;
      var input = WB.el("input", { id: id, name: p.name, type: inputType(p.type), autocomplete: "off",
        placeholder: p.type === "iri" ? "kg:… or <https://…>" : p.type, "data-type": p.type, required: p.required });
      input.value = values[p.name] !== undefined ? values[p.name] : (p.default || "");
      input.addEventListener("input", function () {
        updateShare();
        clearTimeout(checkTimer);
        checkTimer = setTimeout(checkParams, 250);
      });
      input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); run(); } });
      var kind = p.type + (p.required ? ", required" : ", optional") + (p.default ? ", default " + p.default : "");
      form.appendChild(WB.el("label", { for: id, class: "wb-param" }, [WB.el("span", { class: "wb-param-name", text: p.name }),
        WB.el("small", { text: kind }), input]));
    });
    form.appendChild(WB.el("p", { id: "param-error", class: "wb-param-error", role: "alert" }));
  }

  function selectNamed(name, values) {
    var q = queries[name];
    if (!q) { showError("no named query " + name); return; }
    named = q;
    edited = false;
    document.querySelectorAll(".wb-examples li").forEach(function (li) {
      li.classList.toggle("wb-active", li.getAttribute("data-name") === name);
    });
    $("query-title").textContent = q.name;
    $("query-summary").textContent = q.description || q.summary;
    editor.setValue(q.text);
    edited = false;
    buildForm(q, values || {});
    updateShare();
    showError("");
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

  function run() {
    var url = runUrl();
    showError("");
    WB.clearEditorError(editor);
    history.replaceState(null, "", "/" + shareHash());
    updateShare();
    setStatus("Running …");
    document.body.setAttribute("data-run", "running");
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
          result = { kind: json.boolean !== undefined ? "ask" : "select", json: json };
        }
        var ms = Math.round(performance.now() - started);
        var count = result.kind === "graph" ? result.triples.length + " triples" :
          result.kind === "ask" ? "answer" : result.json.results.bindings.length + " rows";
        setStatus(count + " in " + ms + " ms");
        WB.showResults(result, url, iriParams());
        document.getElementById("results").scrollIntoView({ block: "start", behavior: "instant" });
        document.body.setAttribute("data-run", "done");
      });
    }).catch(function (err) {
      setStatus("");
      showError(err.message);
      WB.showEditorError(editor, err.message);
      document.body.setAttribute("data-run", "error");
    });
  }

  function buildMenu(list) {
    var menu = $("examples");
    list.forEach(function (q) {
      queries[q.name] = q;
      var li = WB.el("li", { "data-name": q.name, tabindex: "0", role: "button" }, [
        WB.el("span", { class: "wb-ex-name", text: q.name }),
        q.parameters.length ? WB.el("span", { class: "wb-ex-params", text: q.parameters.map(function (p) { return p.name; }).join(", ") }) : null,
        WB.el("span", { class: "wb-ex-summary", text: q.summary })
      ]);
      li.addEventListener("click", function () { selectNamed(q.name); });
      li.addEventListener("keydown", function (ev) { if (ev.key === "Enter") selectNamed(q.name); });
      menu.appendChild(li);
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
      selectNamed(name, params);
      run();
    } else if (params.query) {
      named = null;
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
      }
      updateShare();
    });
    $("run").addEventListener("click", run);
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
