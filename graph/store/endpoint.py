"""A remote SPARQL 1.1 server as a store (`--endpoint URL`): queries go over the SPARQL
Protocol (GET, or form-encoded POST when long: Virtuoso ignores `application/sparql-query`).

The server is expected to hold what `kg push` put there: the default view in one graph
(`PUSH_GRAPH` unless the URL has its own `default-graph-uri` or `graph` names another, which
the command line reads from `$KG_ENDPOINT_GRAPH`; empty: the server's own default graph), speculation, entailed
statements and claims in their usual named graphs. So `--with-speculation` and
`--entailment rdfs` only add graphs to the query's `default-graph-uri`.
"""

from __future__ import annotations

import json
import urllib.parse

import pyoxigraph as ox

from graph.engine import Result
from graph.errors import QuerySyntaxError, UsageError
from graph.namespaces import CLAIM, DEFAULT_VIEW, PREFIXES, SPECULATION_GRAPH, XSD, entailed_graph_iri
from graph.sparql.lexer import tokenize
from graph.store.http import DEFAULT_TIMEOUT, EndpointError, check_url, request

PUSH_GRAPH = DEFAULT_VIEW
GRAPH_VAR = "KG_ENDPOINT_GRAPH"
_MAX_GET = 2000
_SOLUTIONS = "application/sparql-results+json"
_TRIPLES = "application/n-triples, text/turtle;q=0.9"
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside braces."""
    depth = 0
    for tok in tokenize(text):
        if tok.kind == "other" and tok.text in "{}":
            depth += 1 if tok.text == "{" else -1
        elif depth == 0 and tok.kind == "word" and tok.text.upper() in _FORMS:
            return tok.text.upper()
    return "SELECT"


def with_prefixes(text: str) -> str:
    """Declare the project's prefixes the query uses but does not declare, on its first line
    (so that the server's line numbers still match the query's)."""
    tokens = tokenize(text)
    declared = {
        tokens[i + 1].text.split(":", 1)[0]
        for i, t in enumerate(tokens[:-1])
        if t.kind == "word" and t.text.upper() == "PREFIX"
    }
    used = {t.text.split(":", 1)[0] for t in tokens if t.kind == "pname"}
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in sorted(used - declared) if p in PREFIXES)
    return head + text


def where_braces(text: str) -> list:
    """The opening brace of the query's WHERE group and of each sub-SELECT's: the first `{`
    after each query-form keyword outside parentheses (not an `EXISTS {` in a projection),
    past a CONSTRUCT's template."""
    tokens = tokenize(text)
    braces, keyword, parens = [], "", 0
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.text.upper() in _FORMS:
            keyword, parens = tok.text.upper(), 0
        elif keyword and tok.kind == "other" and tok.text in "()":
            parens += 1 if tok.text == "(" else -1
        elif keyword and parens == 0 and tok.kind == "other" and tok.text == "{":
            after_where = i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].text.upper() == "WHERE"
            if keyword == "CONSTRUCT" and not after_where:
                keyword = "CONSTRUCT-TEMPLATE"  # its template (no braces inside); the WHERE group is next
                continue
            braces.append(tok)
            keyword = ""
    return braces


def inline_values(text: str, substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """Bind parameters with a `VALUES` block at the top of the WHERE group, and of each
    sub-SELECT's, as pyoxigraph's substitutions bind them everywhere (a sub-SELECT is evaluated
    before the outer VALUES joins it: its LIMIT would otherwise cap the whole graph).

    The values are RDF terms written by pyoxigraph in N-Triples syntax (escaped by it), so a
    value stays one term whatever it contains; nothing the user typed becomes query syntax.
    """
    if not substitutions:
        return text
    braces = where_braces(text)
    if not braces:
        raise UsageError("cannot bind parameters: the query has no WHERE clause")
    names = " ".join(f"?{v.value}" for v in substitutions)
    values = " ".join(str(t) for t in substitutions.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    lines = text.split("\n")
    for brace in sorted(braces, key=lambda b: (b.line, b.column), reverse=True):
        row = lines[brace.line - 1]
        lines[brace.line - 1] = row[: brace.column] + block + row[brace.column :]
    return "\n".join(lines)


def normalise_json(payload: bytes) -> bytes:
    """Server SPARQL JSON as the W3C format pyoxigraph writes: `typed-literal` is `literal`,
    `xsd:string` is a plain literal, booleans are `true`/`false`."""
    data = json.loads(payload)
    for row in data.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "typed-literal":
                term["type"] = "literal"
            datatype = term.get("datatype")
            if datatype == XSD + "string":
                del term["datatype"]
            elif datatype == XSD + "boolean" and term["value"] in ("0", "1"):
                term["value"] = "true" if term["value"] == "1" else "false"
    data.get("head", {}).pop("link", None)
    if "boolean" in data:
        data.pop("results", None)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


class EndpointEngine:
    """Queries answered by a SPARQL 1.1 server."""

    def __init__(
        self,
        url: str,
        *,
        credentials: tuple[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        graph: str | None = None,
    ) -> None:
        """`graph`: the default graph's IRI (None: `PUSH_GRAPH`; "": the server's own)."""
        check_url(url)
        parts = urllib.parse.urlsplit(url)
        given = urllib.parse.parse_qs(parts.query).get("default-graph-uri", [])
        self.url = url
        self.http = {"credentials": credentials, "timeout": timeout}
        self.base_graphs = given or ([PUSH_GRAPH] if graph is None else [graph] if graph else [])
        graphs = ", ".join(f"<{g}>" for g in self.base_graphs) or "the server's own default graph"
        self.description = f"endpoint {parts.scheme}://{parts.netloc}{parts.path} (--endpoint); default graph {graphs}"

    def _graphs(self, with_speculation: bool, entailment: str) -> list[str]:
        if not self.base_graphs and (with_speculation or entailment != "none"):
            raise UsageError(
                f"--with-speculation and --entailment need the graphs kg push writes; ${GRAPH_VAR} is empty"
            )
        graphs = list(self.base_graphs)
        if with_speculation:
            graphs.append(SPECULATION_GRAPH)
        if entailment == "rdfs":
            graphs.append(entailed_graph_iri(with_speculation))
        return graphs

    def send(self, text: str, graphs: list[str], accept: str, named: list[str] | None = None) -> tuple[str, bytes]:
        """One SPARQL Protocol query request: GET when short, else form-encoded POST."""
        fields = [("query", text), *(("default-graph-uri", g) for g in graphs)]
        fields += [("named-graph-uri", g) for g in named or []]
        encoded = urllib.parse.urlencode(fields)
        sep = "&" if urllib.parse.urlsplit(self.url).query else "?"
        if len(self.url) + len(encoded) < _MAX_GET:
            return request(self.url + sep + encoded, headers={"Accept": accept}, **self.http)  # type: ignore[arg-type]
        return request(
            self.url,
            method="POST",
            body=encoded.encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            **self.http,  # type: ignore[arg-type]
        )

    def query(
        self,
        text: str,
        *,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
        with_speculation: bool = False,
        entailment: str = "none",
        name: str = "<query>",
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
    ) -> Result:
        form = query_form(text)
        sent = with_prefixes(inline_values(text, substitutions or {}))
        if default_graph_uris is not None:  # the view's name stands for the graph kg push wrote it to
            graphs = [g for iri in default_graph_uris for g in (self.base_graphs if iri == DEFAULT_VIEW else [iri])]
        else:
            graphs = self._graphs(with_speculation, entailment)
        accept = _SOLUTIONS if form in ("SELECT", "ASK") else _TRIPLES
        try:
            ctype, body = self.send(sent, graphs, accept, named_graph_uris)
        except EndpointError as exc:
            if "HTTP 400" in str(exc):
                raise QuerySyntaxError(f"{name}: the server refused the query: {exc}") from None
            raise
        media = ctype.split(";")[0].strip().lower()
        if form in ("SELECT", "ASK"):
            if "json" not in media:
                raise EndpointError(f"{self.url}: expected SPARQL JSON results, got {media or 'no content type'}")
            return Result("ask" if form == "ASK" else "select", json=normalise_json(body))
        fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
        if media == "text/plain":
            fmt = ox.RdfFormat.N_TRIPLES
        return Result("graph", triples=list(ox.parse(body, format=fmt)))  # type: ignore[arg-type]

    def _select(self, text: str, graphs: list[str]) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        _, body = self.send(with_prefixes(text), graphs, _SOLUTIONS)
        solutions = ox.parse_query_results(normalise_json(body), format=ox.QueryResultsFormat.JSON)
        variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        return [{v: s[v] for v in variables if s[v] is not None} for s in solutions]  # type: ignore[union-attr]

    def quads(self) -> list[ox.Quad]:
        """The default graph, the speculation graph and the claim graphs held by the server."""
        rows = self._select(
            f"SELECT ?g ?s ?p ?o WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} "
            f'FILTER(?g = <{SPECULATION_GRAPH}> || STRSTARTS(STR(?g), "{CLAIM}")) }} }}',
            self._graphs(False, "none"),
        )
        return [ox.Quad(r["s"], r["p"], r["o"], r.get("g", ox.DefaultGraph())) for r in rows]  # type: ignore[arg-type]

    def entailed(self, *, with_speculation: bool = False) -> list[ox.Triple]:
        """The entailed statements `kg push` stored for a view."""
        name = entailed_graph_iri(with_speculation)
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", [])
        return [ox.Triple(r["s"], r["p"], r["o"]) for r in rows]  # type: ignore[arg-type]
