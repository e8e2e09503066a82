"""Every store answers every named query the same; the disk cache is built once, reused,
rebuilt when a file changes, never left half-built; `auto` says which store it chose."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.errors import LoadError
from graph.locate import bundled_root
from graph.sparql.catalog import list_queries

STORES = ["oxigraph-memory", "oxigraph", "memory"]
NAMED = list_queries(bundled_root() / "queries")


def answer_set(result_json: bytes | None) -> object:
    """A SELECT/ASK answer as a set of rows (blank-node labels hidden), for comparison."""
    data = json.loads(result_json or b"{}")
    if "boolean" in data:
        return data["boolean"]
    rows = set()
    for row in data["results"]["bindings"]:
        cells = []
        for var, term in sorted(row.items()):
            value = "_:" if term["type"] == "bnode" else term["value"]
            datatype = term.get("datatype", "")
            cells.append((var, term["type"], value, datatype, term.get("xml:lang", "")))
        rows.add(tuple(cells))
    return rows


def graph_answer(triples: list) -> set[str]:
    return {str(t) for t in triples if "_:" not in str(t)}


def params_for(query) -> dict[str, str] | None:
    """Values for a named query's required parameters: its defaults (None if some lack one)."""
    missing = [p.name for p in query.parameters if p.required and p.name not in query.defaults]
    return None if missing else {}


@pytest.fixture(scope="module")
def shared_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stores") / "graph"
    shutil.copytree(bundled_root() / "ontology", root / "ontology")
    shutil.copytree(bundled_root() / "queries", root / "queries")
    return root


@pytest.fixture(scope="module")
def graphs(shared_graph: Path) -> dict[str, KnowledgeGraph]:
    return {store: KnowledgeGraph.open(shared_graph, store=store) for store in STORES}


def test_there_are_named_queries_to_compare() -> None:
    assert NAMED, "queries/ has no named queries"


@pytest.mark.parametrize("with_speculation", [False, True], ids=["default-view", "with-speculation"])
@pytest.mark.parametrize("named", NAMED, ids=[q.name for q in NAMED])
@pytest.mark.parametrize("store", STORES[1:])
def test_named_query_same_answer_on_every_store(graphs, store: str, named, with_speculation: bool) -> None:
    params = params_for(named)
    if params is None:
        pytest.skip(f"{named.name} has a required parameter without a default")
    reference = graphs["oxigraph-memory"].query(named.name, params, with_speculation=with_speculation)
    other = graphs[store].query(named.name, params, with_speculation=with_speculation)
    assert other.kind == reference.kind
    if reference.kind == "graph":
        assert graph_answer(other.triples or []) == graph_answer(reference.triples or [])
        assert reference.triples, f"{named.name} answers nothing on the bundled graph"
    else:
        assert answer_set(other.json) == answer_set(reference.json)
        assert answer_set(reference.json), f"{named.name} answers nothing on the bundled graph"


@pytest.mark.parametrize("store", STORES)
def test_rdfs_entailment_answers_in_schema_org_terms_on_every_store(graphs, store: str) -> None:
    rows = graphs[store].select(
        'SELECT ?name WHERE { ?r a schema:PerformanceRole ; schema:characterName "Kitty Song Covey" ; '
        "schema:actor/schema:name ?name }",
        entailment="rdfs",
    )
    assert [r["name"] for r in rows] == ["Anna Cathcart"]
    assert (
        graphs[store].select(
            'SELECT ?r WHERE { ?r a schema:PerformanceRole ; schema:characterName "Kitty Song Covey" }'
        )
        == []
    ), "entailed statements leaked into the plain view"


@pytest.mark.parametrize("store", STORES)
def test_speculation_stays_out_of_the_default_view_on_every_store(graphs, store: str) -> None:
    # what only guesses say (a claim also types and names what it mentions, as stated claims do)
    query = (
        "SELECT ?s ?p ?o WHERE { GRAPH ?c { ?s ?p ?o } ?c kgo:status kgo:Speculation . ?s ?p ?o "
        "FILTER NOT EXISTS { GRAPH ?d { ?s ?p ?o } ?d kgo:status ?known FILTER(?known != kgo:Speculation) } }"
    )
    assert graphs[store].select(query) == []
    assert graphs[store].select(query, with_speculation=True) != []


@pytest.mark.parametrize("store", STORES)
def test_parameter_values_stay_terms_on_every_store(graphs, store: str) -> None:
    query = "SELECT ?who WHERE { ?who schema:name ?_name }"
    found = graphs[store].select(query, {"name": "Anna Cathcart"})
    assert len(found) == 1 and found[0]["who"].startswith("https://w3id.org/franchise-kg/id/")
    hostile = 'Anna Cathcart" } ?who ?p ?o . { ?who schema:name "x'
    assert graphs[store].select(query, {"name": hostile}) == []


@pytest.mark.parametrize("store", STORES)
def test_updates_are_refused_before_any_store(kg, store: str) -> None:
    run = kg("query", "--store", store, "INSERT DATA { kg:x kg:y kg:z }")
    assert run.exit_code != 0
    assert "refused" in run.stderr and "INSERT" in run.stderr


def test_unknown_store_lists_the_choices(kg) -> None:
    run = kg("query", "cast-of-season", "--store", "berkeleydb")
    assert run.exit_code == 2
    assert "berkeleydb" in run.stderr and "oxigraph" in run.stderr and "memory" in run.stderr


def test_data_files_cannot_go_to_an_endpoint(kg, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    run = kg("query", "cast-of-season", "--endpoint", "http://127.0.0.1:9/sparql", "--data", str(extra))
    assert run.exit_code == 2 and "--data" in run.stderr


def test_credentials_in_the_endpoint_url_are_refused(kg) -> None:
    run = kg("query", "cast-of-season", "--endpoint", "http://dba:secret@127.0.0.1:9/sparql")
    assert run.exit_code == 2 and "KG_ENDPOINT_USER" in run.stderr


def test_unreachable_endpoint_is_one_line_error(kg) -> None:
    run = kg("query", "cast-of-season", "--endpoint", "http://127.0.0.1:9/sparql")
    assert run.exit_code == 1
    assert run.stderr.count("\n") == 1 and "127.0.0.1:9" in run.stderr


# --- the disk cache ---------------------------------------------------------------------------


def cache_stores(root: Path) -> list[str]:
    folder = root / ".kg-cache"
    return sorted(p.name for p in folder.iterdir() if p.name != "checksums.json") if folder.is_dir() else []


def test_auto_uses_memory_for_small_graphs_and_says_why(graph_copy: Path) -> None:
    engine = KnowledgeGraph.open(graph_copy).engine
    assert "oxigraph in memory" in engine.description and "auto" in engine.description
    assert cache_stores(graph_copy) == []


def test_auto_uses_the_disk_cache_past_the_threshold(graph_copy: Path) -> None:
    from graph.options import GraphOptions

    engine = KnowledgeGraph.open(GraphOptions(graph_copy, cache_threshold=1000)).engine
    assert "oxigraph on disk" in engine.description and "threshold" in engine.description
    assert len(cache_stores(graph_copy)) == 1


def test_cache_is_reused_then_rebuilt_when_a_file_changes(graph_copy: Path) -> None:
    first = KnowledgeGraph.open(graph_copy, store="oxigraph")
    assert "built now" in first.engine.description
    second = KnowledgeGraph.open(graph_copy, store="oxigraph")
    assert "reused" in second.engine.description
    before = cache_stores(graph_copy)
    query = "SELECT ?n WHERE { kg:NewPerson schema:name ?n }"
    assert second.select(query) == []

    facts = graph_copy / "ontology" / "facts" / "extra.ttl"
    facts.write_text(
        '@prefix kg: <https://w3id.org/franchise-kg/id/> .\n@prefix schema: <https://schema.org/> .\nkg:NewPerson schema:name "New Person" .\n'
    )
    third = KnowledgeGraph.open(graph_copy, store="oxigraph")
    assert "built now" in third.engine.description
    assert third.select(query) == [{"n": "New Person"}]
    after = cache_stores(graph_copy)
    assert len(after) == 1 and after != before, "the stale store was not replaced"


def test_cached_store_holds_the_same_quads_as_the_files(graph_copy: Path) -> None:
    def key(q) -> str:
        return " ".join(
            "_:" if str(t).startswith("_:") else str(t) for t in (q.subject, q.predicate, q.object, q.graph_name)
        )

    disk = sorted(key(q) for q in KnowledgeGraph.open(graph_copy, store="oxigraph").engine.quads())
    memory = sorted(key(q) for q in KnowledgeGraph.open(graph_copy, store="oxigraph-memory").engine.quads())
    assert disk == memory


def test_broken_file_leaves_no_half_built_cache(graph_copy: Path, kg) -> None:
    bad = graph_copy / "ontology" / "facts" / "broken.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/franchise-kg/id/> .\nkg:a kg:b "unterminated .\n')
    run = kg("query", "cast-of-season", "--graph", str(graph_copy), "--store", "oxigraph")
    assert run.exit_code == 1
    assert f"{bad}:2:" in run.stderr and run.stderr.count("\n") == 1
    assert cache_stores(graph_copy) == []


def test_concurrent_cold_commands_share_one_cache(graph_copy: Path) -> None:
    command = [sys.executable, "-m", "graph", "query", "cast-of-season", "--graph", str(graph_copy)]
    env = {**os.environ, "KG_CACHE_THRESHOLD": "0"}
    procs = [
        subprocess.Popen([*command, "-f", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and outputs[0][0].count(b"\n") > 2
    assert len(cache_stores(graph_copy)) == 1, cache_stores(graph_copy)


def test_cache_goes_to_the_user_cache_when_the_graph_folder_is_read_only(tmp_path: Path, monkeypatch) -> None:
    from graph.store import cache

    monkeypatch.setattr(cache.os, "access", lambda path, mode: False)
    root = cache.cache_root(tmp_path / "graph", tmp_path / "xdg")
    assert root.parent == tmp_path / "xdg" / "franchise-kg"


# --- a damaged or stale cache is rebuilt, never a traceback (issue 11, findings 10 and 11) -----


def _store_folder(root: Path) -> Path:
    (folder,) = [p for p in (root / ".kg-cache").iterdir() if p.name.startswith("oxigraph-")]
    return folder


def _cached_query(kg, root: Path):
    return kg("query", "cast-of-season", "--graph", str(root), "--store", "oxigraph", "-f", "csv")


def _damage_and_requery(kg, graph_copy: Path, damage) -> None:
    first = _cached_query(kg, graph_copy)
    assert first.exit_code == 0, first.stderr
    damage(_store_folder(graph_copy))
    again = _cached_query(kg, graph_copy)
    assert again.exit_code == 0, again.stderr
    assert "Traceback" not in again.stderr
    assert "rebuilding" in again.stderr and again.stderr.count("\n") == 1, again.stderr
    assert again.stdout == first.stdout
    third = _cached_query(kg, graph_copy)
    assert third.exit_code == 0 and third.stderr == "", third.stderr  # repaired for good


def _largest(folder: Path, suffix: str) -> Path:
    return max((p for p in folder.iterdir() if p.suffix == suffix), key=lambda p: p.stat().st_size)


def test_truncated_cache_file_is_rebuilt(kg, graph_copy: Path) -> None:
    def truncate(folder: Path) -> None:
        path = _largest(folder, ".sst")
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    _damage_and_requery(kg, graph_copy, truncate)


def test_bit_flipped_cache_file_is_rebuilt(kg, graph_copy: Path) -> None:
    def flip(folder: Path) -> None:
        path = next(p for p in folder.iterdir() if p.name.startswith("MANIFEST-"))
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))

    _damage_and_requery(kg, graph_copy, flip)


def test_bit_flipped_data_block_is_rebuilt(kg, graph_copy: Path) -> None:
    def flip(folder: Path) -> None:
        for path in (p for p in folder.iterdir() if p.suffix == ".sst"):
            data = bytearray(path.read_bytes())
            data[len(data) // 3] ^= 0xFF
            path.write_bytes(bytes(data))

    _damage_and_requery(kg, graph_copy, flip)


def test_missing_current_is_rebuilt(kg, graph_copy: Path) -> None:
    _damage_and_requery(kg, graph_copy, lambda folder: (folder / "CURRENT").unlink())


def test_same_size_same_mtime_edit_is_not_served_stale(kg, graph_copy: Path) -> None:
    """`cp -p`, `rsync -a` and `tar` keep size and mtime: the content checksum still sees the edit."""
    query = ["query", "SELECT ?n WHERE { kg:XOKitty schema:name ?n }", "--graph", str(graph_copy)]
    assert "XO, Kitty" in kg(*query, "--store", "oxigraph", "-f", "csv").stdout
    facts = graph_copy / "ontology" / "facts" / "xo-kitty.trig"
    st = facts.stat()
    text = facts.read_text()
    edited = text.replace('schema:name "XO, Kitty"', 'schema:name "XO, Kitty"'.replace("XO", "OX"), 1)
    assert edited != text and len(edited) == len(text)
    facts.write_text(edited)
    os.utime(facts, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert facts.stat().st_size == st.st_size and facts.stat().st_mtime_ns == st.st_mtime_ns
    run = kg(*query, "--store", "oxigraph", "-f", "csv")
    assert "OX, Kitty" in run.stdout and "XO, Kitty" not in run.stdout


def test_stray_build_folders_and_tmp_files_are_cleaned_up(kg, graph_copy: Path) -> None:
    cache = graph_copy / ".kg-cache"
    (cache / ".build-oxigraph-dead-x1").mkdir(parents=True)
    (cache / ".build-oxigraph-dead-x1" / "000001.sst").write_bytes(b"half")
    (cache / "checksums.json.123.tmp").write_text("{")
    run = _cached_query(kg, graph_copy)
    assert run.exit_code == 0, run.stderr
    assert sorted(p.name for p in cache.iterdir() if p.name != "checksums.json") == [_store_folder(graph_copy).name]


def test_a_live_build_is_not_cleaned_up(graph_copy: Path) -> None:
    import fcntl

    from graph.store.cache import clean_stray

    cache = graph_copy / ".kg-cache"
    live = cache / ".build-oxigraph-live-x2"
    live.mkdir(parents=True)
    with (cache / ".build-oxigraph-live-x2.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        clean_stray(cache)
        assert live.is_dir()
    clean_stray(cache)
    assert not live.exists()


# --- dataset arguments (FROM / FROM NAMED, the protocol's default-graph-uri) ----------------------

CLAIM_GRAPH = "https://w3id.org/franchise-kg/claim/kitty-main-character"


@pytest.mark.parametrize("store", STORES)
def test_default_graph_uris_select_exactly_those_graphs(graphs, store: str) -> None:
    engine = graphs[store].engine
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(**options) -> int:
        return int(json.loads(engine.query(count, **options).json)["results"]["bindings"][0]["n"]["value"])

    claim = n(default_graph_uris=[CLAIM_GRAPH])
    assert 0 < claim < n()
    assert n(default_graph_uris=["https://w3id.org/franchise-kg/graph/default"]) == n()
    assert n(default_graph_uris=["http://127.0.0.1:9/nothing-here"]) == 0  # never fetched
    names = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    only = json.loads(engine.query(names, named_graph_uris=[CLAIM_GRAPH]).json)["results"]["bindings"]
    assert [b["g"]["value"] for b in only] == [CLAIM_GRAPH]


def test_rdflib_store_changes_no_process_wide_setting(graphs) -> None:
    import rdflib.plugins.sparql

    before = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    graphs["memory"].engine.query("SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }")
    assert before == rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS


def test_every_store_is_in_the_registry_table() -> None:
    from graph.store.registry import REGISTRY, STORES

    assert set(REGISTRY) == set(STORES) - {"auto"}
    assert all(kind.description and callable(kind.load()) for kind in REGISTRY.values())


@pytest.mark.parametrize("store", STORES)
def test_a_blank_node_in_a_claim_is_the_same_node_in_the_view(graph_copy: Path, store: str) -> None:
    extra = graph_copy / "ontology" / "facts" / "blank.trig"
    extra.write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> .\n@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        "@prefix claim: <https://w3id.org/franchise-kg/claim/> .\n@prefix schema: <https://schema.org/> .\n"
        'claim:blank { kg:A schema:about [ schema:name "B" ] . }\nclaim:blank kgo:status kgo:Stated .\n'
    )
    kg = KnowledgeGraph.open(graph_copy, store=store)
    rows = kg.select(
        "SELECT ?n WHERE { kg:A schema:about ?b . GRAPH claim:blank { kg:A schema:about ?b . ?b schema:name ?n } }"
    )
    assert rows == [{"n": "B"}]


def test_views_are_copied_natively_when_claims_have_no_blank_nodes(tmp_path: Path) -> None:
    """Blank nodes in the dumped claims send the copy through Python (the bulk loader would
    give them new labels); a literal that only looks like one costs nothing but speed."""
    from graph.store.views import has_blank_node

    cases = {
        "<http://e/a> <http://e/b> <http://e/c> .\n": False,
        '<http://e/a> <http://e/b> "x _:y" .\n': True,  # a false alarm, harmless
        "_:b1 <http://e/b> <http://e/c> .\n": True,
        "<http://e/a> <http://e/b> _:b2 .\n": True,
        "": False,
    }
    for i, (text, expected) in enumerate(cases.items()):
        path = tmp_path / f"{i}.nt"
        path.write_text(text)
        assert has_blank_node(path) is expected, text


def test_disk_and_memory_views_agree_on_speculation(graph_copy: Path) -> None:
    """A statement only speculation makes stays out of the default view; one also stated by
    a claim, or written in the default graph, stays in it; a superseded claim is in no view,
    even when its status is declared in another file (the disk cache makes its copies from
    the files, the memory stores from the loaded store: the same quads either way)."""
    facts = graph_copy / "ontology" / "facts"
    (facts / "mixed.trig").write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> .\n@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        "@prefix claim: <https://w3id.org/franchise-kg/claim/> .\n@prefix schema: <https://schema.org/> .\n"
        'claim:guess { kg:X schema:name "only guessed" . kg:X schema:name "also stated" . kg:X schema:name "in default" . }\n'
        "claim:guess kgo:status kgo:Speculation .\n"
        'claim:fact { kg:X schema:name "also stated" . }\nclaim:fact kgo:status kgo:Stated .\n'
        'kg:X schema:name "in default" .\n'
        'claim:old { kg:X schema:name "superseded" . kg:X schema:name "superseded, guessed" . }\n'
        'claim:oldguess { kg:X schema:name "superseded, guessed" . }\nclaim:oldguess kgo:status kgo:Speculation .\n'
        'claim:unlabelled { kg:X schema:name "unlabelled" . }\n'
        # a supersession stated inside a claim is that claim's statement, not the graph's metadata
        "claim:meta { claim:guess2 kgo:supersededBy claim:fact . }\nclaim:meta kgo:status kgo:Stated .\n"
        'claim:guess2 { kg:X schema:name "guess, superseded inside a claim" . }\n'
        "claim:guess2 kgo:status kgo:Speculation .\n"
    )
    (facts / "a-status-elsewhere.ttl").write_text(  # sorted before the claims it speaks of
        "@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n@prefix claim: <https://w3id.org/franchise-kg/claim/> .\n"
        "claim:old kgo:status kgo:Stated ; kgo:supersededBy claim:new .\nclaim:new kgo:status kgo:Stated .\n"
    )
    names = "SELECT ?n WHERE { kg:X schema:name ?n } ORDER BY ?n"
    quads = {}
    for store in ("oxigraph", "oxigraph-memory", "memory"):
        kg = KnowledgeGraph.open(graph_copy, store=store)
        assert [r["n"] for r in kg.select(names)] == ["also stated", "in default", "unlabelled"], store
        guessed = kg.engine.query(names, with_speculation=True)
        found = sorted(b["n"]["value"] for b in json.loads(guessed.json)["results"]["bindings"])
        assert found == [
            "also stated",
            "guess, superseded inside a claim",
            "in default",
            "only guessed",
            "superseded, guessed",
            "unlabelled",
        ], store
        if store != "memory":
            quads[store] = sorted(str(q) for q in kg.engine.quads())
    assert quads["oxigraph"] == quads["oxigraph-memory"]


def test_a_broken_file_stops_the_view_copies_with_the_loaders_error(graph_copy: Path) -> None:
    """The disk cache parses the files twice at once (the store's load and the views'
    copies): a syntax error is reported once, by file and line, and nothing is cached."""
    broken = graph_copy / "ontology" / "facts" / "zz-broken.trig"
    broken.write_text("@prefix kg: <https://w3id.org/franchise-kg/id/> .\n\nkg:A kg:b { kg:c .\n")
    with pytest.raises(LoadError) as caught:
        KnowledgeGraph.open(graph_copy, store="oxigraph")
    assert str(caught.value).startswith(f"{broken}:3:"), caught.value
    assert cache_stores(graph_copy) == []


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?_e ?p ?o WHERE { { SELECT ?_e ?p ?o WHERE { ?_e ?p ?o } ORDER BY ?p ?o LIMIT 2 } }",
        "SELECT ?_e ?o (EXISTS { ?o ?q ?_e } AS ?back) WHERE { ?_e ?p ?o }",
        "CONSTRUCT { ?_e ?p ?o } { ?_e ?p ?o }",
    ],
    ids=["sub-select", "exists-in-projection", "construct-without-where"],
)
def test_an_endpoint_binds_a_parameter_where_pyoxigraph_does(text: str) -> None:
    """`--endpoint` sends parameters as VALUES blocks: in every WHERE group a sub-SELECT
    included (it is evaluated first, so its LIMIT would otherwise cap the whole graph),
    never in an EXISTS of a projection or a CONSTRUCT's template."""
    import pyoxigraph as ox

    from graph.namespaces import KG
    from graph.store.endpoint import inline_values

    engine = KnowledgeGraph.open().engine
    subs = {ox.Variable("_e"): ox.NamedNode(KG + "person_anna-cathcart")}
    bound, inlined = engine.query(text, substitutions=subs), engine.query(inline_values(text, subs))
    if bound.kind == "graph":
        assert graph_answer(inlined.triples) == graph_answer(bound.triples) != set()  # type: ignore[arg-type]
    else:
        assert answer_set(inlined.json) == answer_set(bound.json) != set()


REGEX_QUERIES = {
    "flags": 'SELECT ?n WHERE { ?p schema:name ?n FILTER(REGEX(?n, "^KITTY", "i")) }',
    "dot-all and multi-line": 'SELECT ?a ?b WHERE { BIND(REGEX("x\\ny", "x.y", "s") AS ?a) BIND(REGEX("x\\ny", "^y$", "m") AS ?b) }',
    "replace with groups": 'SELECT ?r WHERE { BIND(REPLACE("Kitty Song Covey", "(\\\\w+) (\\\\w+)", "$2, $1") AS ?r) }',
    "replace keeps the language": 'SELECT ?r WHERE { BIND(REPLACE("Seoul"@en, "o", "0") AS ?r) }',
    "invalid pattern is unbound": 'SELECT ?x WHERE { BIND(REGEX("abc", "(") AS ?x) }',
    "not a string is unbound": 'SELECT ?x WHERE { BIND(REGEX(1, "1") AS ?x) }',
}


@pytest.mark.parametrize("name", sorted(REGEX_QUERIES))
def test_the_memory_store_reads_regular_expressions_as_oxigraph_does(graphs, name: str) -> None:
    text = REGEX_QUERIES[name]
    expected = graphs["oxigraph-memory"].query(text)
    assert answer_set(graphs["memory"].query(text).json) == answer_set(expected.json)


def test_a_backtracking_regex_on_the_memory_store_takes_no_time(graphs) -> None:
    """Python's `re` takes 2^28 steps for each (about 9 s here, doubling with every a); the
    memory store asks pyoxigraph's engine, linear in the text."""
    import time

    bomb = 'SELECT ?m ?r WHERE { BIND("' + "a" * 28 + '!" AS ?s) BIND(REGEX(?s, "^(a+)+$") AS ?m)'
    bomb += ' BIND(REPLACE(?s, "^(a+)+$", "x") AS ?r) }'
    start = time.monotonic()
    rows = graphs["memory"].select(bomb)
    assert rows == [{"m": "false", "r": "a" * 28 + "!"}] and time.monotonic() - start < 3
