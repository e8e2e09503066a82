"""Fuzz the read-only guard: obfuscated queries that try to reach a loopback listener
(SERVICE, FROM, escapes everywhere, comments, numbers glued to keywords, case, nesting,
prefixed names, strings) go through every way a query enters kg, and the listener must see
no connection. Fixed seed, bounded counts: a few seconds in CI.

The same corpus run straight on a bare pyoxigraph store does connect, which shows that the
cases are live attacks and the silence is the guard's doing.
"""

from __future__ import annotations

import contextlib
import random
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.loopback import Listener, listening

SEED = 20261130
FILLERS = [
    '"a\\u0022#"',
    "'x\\'y'",
    '"""multi\n# not a comment\n"""',
    "<\\u0041#>",
    '"SERVICE <http://127.0.0.1:1/> { }"',
    "kg:a\\#",
    "kg:b\\'",
    "1e0",
    ".5E-2",
    "?SERVICE",
    '"b"@en-SERVICE',
]


def _case(word: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def _escape_some(text: str, rng: random.Random, rate: float) -> str:
    """Replace characters by \\u or \\U escapes (SPARQL decodes them before parsing)."""
    out = []
    for c in text:
        if rng.random() < rate:
            out.append(f"\\u{ord(c):04X}" if rng.random() < 0.7 else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return "".join(out)


def _sep(rng: random.Random) -> str:
    return rng.choice([" ", "\n", "\r", "\t", " # c SERVICE \" ' <\n", "#\r", " ", "  "])


def _attack(url: str, rng: random.Random) -> tuple[list[str], str]:
    """Tokens of a query that would reach `url` if a reader missed the keyword, and its prologue."""
    prologue = ""
    if rng.random() < 0.3:
        prologue = f"PREFIX t: <{url.rsplit('/', 1)[0]}/> "
        target = "t:sparql"
    else:
        target = f"<{url}>"
    keyword = _case("SERVICE", rng)
    silent = [_case("SILENT", rng)] if rng.random() < 0.3 else []
    glued = rng.random() < 0.3
    inner = ["{", "?a", "?b", "?c", "}"]
    if glued:  # `?s ?p 1e0SERVICE <…> { … }`: a number touching the keyword
        return ["?s", "?p", rng.choice(["1e0", "2E+1", "1.e3", ".5e1"]) + keyword, *silent, target, *inner], prologue
    return [keyword, *silent, target, *inner], prologue


def _nest(tokens: list[str], rng: random.Random) -> list[str]:
    for _ in range(rng.randint(0, 3)):
        wrap = rng.choice(["optional", "union", "subquery", "graph", "exists", "minus"])
        if wrap == "optional":
            tokens = [_case("OPTIONAL", rng), "{", *tokens, "}"]
        elif wrap == "union":
            tokens = ["{", "?x", "?y", "?z", "}", _case("UNION", rng), "{", *tokens, "}"]
        elif wrap == "subquery":
            tokens = ["{", _case("SELECT", rng), "*", _case("WHERE", rng), "{", *tokens, "}", "}"]
        elif wrap == "graph":
            tokens = [_case("GRAPH", rng), "?g", "{", *tokens, "}"]
        elif wrap == "exists":
            tokens = [_case("FILTER", rng), _case("EXISTS", rng), "{", *tokens, "}"]
        else:
            tokens = ["?m", "?n", "?o", ".", _case("MINUS", rng), "{", *tokens, "}"]
    return tokens


def obfuscated(url: str, rng: random.Random, form: str = "SELECT") -> str:
    """One hostile query aimed at `url`."""
    if rng.random() < 0.15:  # the dataset clause: FROM / FROM NAMED naming the listener
        named = [_case("NAMED", rng)] if rng.random() < 0.5 else []
        head = [_case(form, rng), "*"] if form == "SELECT" else [_case(form, rng), "{", "?s", "?p", "?o", "}"]
        tokens = [*head, _case("FROM", rng), *named, f"<{url}>", _case("WHERE", rng), "{", "?s", "?p", "?o", "}"]
        prologue = ""
    else:
        body, prologue = _attack(url, rng)
        body = _nest(body, rng)
        for _ in range(rng.randint(0, 3)):
            filler = rng.choice(FILLERS)
            body = [_case("BIND", rng), "(", filler, _case("AS", rng), f"?v{rng.randint(0, 99)}", ")", *body]
        if form == "SELECT":
            head = [_case("SELECT", rng), "*"]
        else:
            head = [_case("CONSTRUCT", rng), "{", "?s", "?p", "?o", "}"]
        tokens = [*head, _case("WHERE", rng), "{", *body, "}"]
    text = prologue + "".join(tok + _sep(rng) for tok in tokens)
    return _escape_some(text, rng, rng.choice([0.0, 0.02, 0.1, 0.3]))


def corpus(url: str, count: int, seed: int, form: str = "SELECT") -> list[str]:
    rng = random.Random(seed)
    return [obfuscated(url, rng, form) for _ in range(count)]


@pytest.fixture(scope="module")
def trap() -> Iterator[Listener]:
    with listening() as listener:
        yield listener


def _check(run, listener: Listener, text: str) -> None:
    assert listener.hits == 0, f"connection made by: {text!r}"
    assert "Traceback" not in run.stderr, text
    if run.exit_code:
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (text, run.stderr)


def test_the_corpus_is_made_of_live_attacks() -> None:
    """Run on pyoxigraph directly, without the guard, the corpus does connect out."""
    import pyoxigraph as ox

    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("urn:s"),
            ox.NamedNode("urn:p"),
            ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")),
        )
    )
    with listening() as control:
        for text in corpus(control.url, 60, SEED):
            with contextlib.suppress(SyntaxError, OSError, RuntimeError):
                list(store.query(text, prefixes={"kg": "https://w3id.org/franchise-kg/resource/"}))  # type: ignore[arg-type]
        assert control.hits >= 5


def test_query_argument(kg, trap: Listener, tmp_path: Path) -> None:
    data = tmp_path / "double.ttl"
    data.write_text('<urn:s> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#double> .\n')
    for i, text in enumerate(corpus(trap.url, 150, SEED)):
        extra = ["--data", str(data)] if i % 5 == 0 else []
        _check(kg("query", *extra, text), trap, text)


def test_stdin_file_and_named_query(kg, trap: Listener, graph_copy: Path, tmp_path: Path) -> None:
    for i, text in enumerate(corpus(trap.url, 60, SEED + 1)):
        way = i % 3
        if way == 0:
            run = kg("query", "--graph", str(graph_copy), "-", input=text)
        elif way == 1:
            path = tmp_path / f"q{i}.rq"
            path.write_text(text, encoding="utf-8", newline="")
            run = kg("query", "--graph", str(graph_copy), str(path))
        else:
            (graph_copy / "queries" / f"fuzz-{i}.rq").write_text(text, encoding="utf-8", newline="")
            run = kg("query", "--graph", str(graph_copy), f"fuzz-{i}")
        _check(run, trap, text)


def test_viz_query(kg, trap: Listener, tmp_path: Path) -> None:
    for i, text in enumerate(corpus(trap.url, 12, SEED + 2, form="CONSTRUCT")):
        run = kg("viz", "--query", text, "-o", str(tmp_path / f"v{i}.html"))
        _check(run, trap, text)


def test_timeout_path(kg, trap: Listener) -> None:
    for text in corpus(trap.url, 6, SEED + 3):
        _check(kg("query", "--timeout", "20", text), trap, text)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        match = re.search(r"(http://\S+?)/sparql", first)
        if not match:
            pytest.fail(f"kg serve did not start: {first}")
        yield match.group(1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_http_get_and_post(trap: Listener, server: str) -> None:
    for i, text in enumerate(corpus(trap.url, 40, SEED + 4)):
        if i % 2:
            req = urllib.request.Request(f"{server}/sparql?" + urllib.parse.urlencode({"query": text}))
        else:
            body = urllib.parse.urlencode({"query": text}).encode()
            req = urllib.request.Request(
                f"{server}/sparql", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
            )
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status in (200, 400), text
        assert trap.hits == 0, f"connection made through kg serve by: {text!r}"


def test_approved_text_never_connects_on_either_engine() -> None:
    """Many more cases straight through the guard to both engines (no CLI around them): the
    approved text is what the engines run, and it never reaches the listener."""
    import pyoxigraph as ox
    import rdflib

    from graph.errors import KGError
    from graph.namespaces import PREFIXES
    from graph.sparql.guard import approve

    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("urn:s"),
            ox.NamedNode("urn:p"),
            ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")),
        )
    )
    dataset = rdflib.Dataset()
    approved = 0
    with listening() as listener:
        for text in corpus(listener.url, 1000, SEED + 5) + corpus(listener.url, 200, SEED + 6, form="CONSTRUCT"):
            try:
                query = approve(text, "<fuzz>", PREFIXES)
            except KGError:
                continue
            approved += 1
            with contextlib.suppress(SyntaxError, OSError, RuntimeError, ValueError):
                list(store.query(query.text, prefixes=PREFIXES))  # type: ignore[arg-type]
            if approved % 10 == 0:  # rdflib is slow: a sample
                with contextlib.suppress(Exception), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    list(dataset.query(query.text, initNs=PREFIXES))
            assert listener.hits == 0, f"connection made by the approved text of {text!r}"
    assert approved > 100  # the guard lets the harmless variants through


# The lexer reads a plain-ASCII text (no backslash, no percent sign) with a narrower expression,
# compiled faster. Both must cut every such text into the same tokens: random texts over the
# characters SPARQL uses, biased towards the places the two could part (names, strings, numbers).
_NARROW_PIECES = [
    *"abcXYZ_019:.-?$@<>\"'#{}()[];,*/+|^!=&~ \n\r\t",
    "ex:",
    "_:b",
    "?x",
    "$y",
    "'''",
    '"""',
    "''",
    '""',
    "e+",
    "E-",
    "1.",
    ".5",
    "^^",
    "<<",
    ">>",
    "{|",
    "|}",
    "a.b",
    ":a.",
    "@en-GB",
    "--dir",
    "<http://x/a>",
    "SERVICE",
    "true",
]


def test_narrow_and_wide_expressions_read_plain_ascii_alike() -> None:
    from graph.sparql import lexer

    narrow, wide = (re.compile(lexer._token_pattern(w), re.VERBOSE | re.DOTALL) for w in (False, True))
    rng = random.Random(SEED)
    for _ in range(4000):
        text = "".join(rng.choice(_NARROW_PIECES) for _ in range(rng.randint(1, 40)))
        assert text.isascii() and "\\" not in text and "%" not in text
        assert lexer.token_expression(text).pattern == narrow.pattern
        cut = [(m.lastgroup, m.span()) for m in narrow.finditer(text)]
        assert cut == [(m.lastgroup, m.span()) for m in wide.finditer(text)], text


@pytest.mark.parametrize(
    ("text", "kind", "token"),
    [
        ("SELECT * WHERE { ?s kg:a%20b ?o }", "pname", "kg:a%20b"),
        ("SELECT * WHERE { ?s kg:a\\.b ?o }", "pname", "kg:a\\.b"),
        ('SELECT * WHERE { ?s ?p "a\\"b" }', "string", '"a\\"b"'),
        ("SELECT * WHERE { ?s kg:Café ?o }", "pname", "kg:Café"),
        ("SELECT ?é WHERE { }", "var", "?é"),
    ],
)
def test_texts_that_need_the_wide_expression_get_it(text: str, kind: str, token: str) -> None:
    """A name with %xx or \\-escapes, a string with an escape, a non-ASCII name: one token each."""
    from graph.sparql.lexer import Positions, lex

    tokens = lex(text, Positions(text, []))
    assert (kind, token) in [(t.kind, t.text) for t in tokens]
