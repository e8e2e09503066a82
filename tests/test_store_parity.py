"""The disk cache and the in-memory store hold the same quads for hostile claim files.

The disk cache applies the views' rule to the files' quads as it parses them again in a
thread (`graph.store.views.copy_from_files`); the in-memory stores run it as SPARQL updates.
These graphs try the corners where the two could part: supersededBy chains and cycles,
status given twice, blank-node claim graphs, literals that look like blank nodes, a byte-order
mark, N-Quads, an empty file; and files that write into a view graph by name.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.errors import LoadError

PREFIXES = """@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix claim: <https://w3id.org/franchise-kg/claim/> .
"""
SPECULATION = "https://w3id.org/franchise-kg/graph/speculation"
ENTAILED = "https://w3id.org/franchise-kg/graph/entailed-rdfs"

HOSTILE = {
    "chain": """claim:A kgo:status kgo:Stated ; kgo:supersededBy claim:B .
        claim:B kgo:status kgo:Stated ; kgo:supersededBy claim:C . claim:C kgo:status kgo:Stated .
        claim:A { kg:x kg:p 1 . } claim:B { kg:x kg:p 2 . } claim:C { kg:x kg:p 3 . }""",
    "cycle": """claim:A kgo:status kgo:Stated ; kgo:supersededBy claim:B .
        claim:B kgo:status kgo:Stated ; kgo:supersededBy claim:A .
        claim:A { kg:x kg:q 1 . } claim:B { kg:x kg:q 2 . }""",
    "superseded-by-a-guess": """claim:A kgo:status kgo:Stated ; kgo:supersededBy claim:B .
        claim:B kgo:status kgo:Speculation . claim:A { kg:x kg:r 1 . } claim:B { kg:x kg:r 2 . }""",
    "status-twice": "claim:T kgo:status kgo:Stated, kgo:Speculation . claim:T { kg:x kg:s 1 . }",
    "guess-also-stated": """claim:S kgo:status kgo:Speculation . claim:S { kg:x kg:z 1 . kg:x kg:z 2 . }
        claim:K kgo:status kgo:Stated . claim:K { kg:x kg:z 1 . }""",
    "blank-node-claims": """_:c1 kgo:status kgo:Speculation . _:c1 { kg:a kg:p kg:b . }
        _:c2 kgo:status kgo:Stated . _:c2 { kg:a kg:p kg:c . } [] { kg:a kg:p kg:d . }""",
    "blank-node-statements": """claim:B kgo:status kgo:Stated . claim:B { kg:x kg:w [ kg:p 1 ] . _:n kg:p 2 . }
        claim:G kgo:status kgo:Speculation . claim:G { kg:x kg:w [ kg:p 3 ] . }""",
    "literals-like-blank-nodes": '''claim:L kgo:status kgo:Stated .
        claim:L { kg:x kg:v "a _:b", " _:", "_:d", "é漢字🙂", """two
_:x <a> <b> .""", "'''
    + "long " * 20_000
    + """" . }""",
    "unlabelled": "claim:U { kg:x kg:un 1 . }",
}


def key(q) -> str:
    return " ".join(
        "_:" if str(t).startswith("_:") else str(t) for t in (q.subject, q.predicate, q.object, q.graph_name)
    )


def quads(root: Path, store: str) -> Counter:
    return Counter(key(q) for q in KnowledgeGraph.open(root, store=store).engine.quads())


def assert_same_quads(root: Path) -> None:
    disk, memory = quads(root, "oxigraph"), quads(root, "oxigraph-memory")
    assert disk == memory, (sorted((disk - memory).elements())[:5], sorted((memory - disk).elements())[:5])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_claims_give_the_same_quads_on_disk_and_in_memory(graph_copy: Path, name: str) -> None:
    (graph_copy / "ontology" / "facts" / f"zz-{name}.trig").write_text(PREFIXES + HOSTILE[name])
    assert_same_quads(graph_copy)


def test_odd_files_give_the_same_quads_on_disk_and_in_memory(graph_copy: Path) -> None:
    facts = graph_copy / "ontology" / "facts"
    (facts / "bom.trig").write_bytes(b"\xef\xbb\xbf" + (PREFIXES + HOSTILE["chain"]).encode())
    (facts / "empty.trig").write_text("")
    (facts / "claims.nq").write_text(
        "<https://w3id.org/franchise-kg/claim/Q> <https://w3id.org/franchise-kg/ontology#status> "
        "<https://w3id.org/franchise-kg/ontology#Speculation> .\n"
        '<https://x/a> <https://x/p> "q" <https://w3id.org/franchise-kg/claim/Q> .\n'
        "_:a <https://x/p> _:b <https://w3id.org/franchise-kg/claim/R> .\n"
    )
    assert_same_quads(graph_copy)


def test_a_blank_node_claim_is_one_files_own_on_disk_as_in_memory(graph_copy: Path) -> None:
    """`_:g` in two files is two nodes: one file's status must not label the other's claim."""
    facts = graph_copy / "ontology" / "facts"
    (facts / "z1.trig").write_text(PREFIXES + "_:g kgo:status kgo:Speculation . _:h kgo:supersededBy claim:N .")
    (facts / "z2.trig").write_text(
        PREFIXES
        + "claim:N kgo:status kgo:Stated . claim:N { kg:x kg:w 6 . } _:g { kg:x kg:w 5 . } _:h { kg:x kg:w 4 . }"
    )
    assert_same_quads(graph_copy)
    query = (
        "SELECT ?v WHERE { <https://w3id.org/franchise-kg/id/x> <https://w3id.org/franchise-kg/id/w> ?v } ORDER BY ?v"
    )
    for store in ("oxigraph", "oxigraph-memory"):
        assert KnowledgeGraph.open(graph_copy, store=store).select(query) == [{"v": "4"}, {"v": "5"}, {"v": "6"}], store


@pytest.mark.parametrize("view", [SPECULATION, ENTAILED, ENTAILED + "-with-speculation"])
@pytest.mark.parametrize("store", ["oxigraph", "oxigraph-memory", "memory"])
def test_a_file_writing_into_a_view_graph_is_refused(graph_copy: Path, view: str, store: str, kg) -> None:
    """Written by name, a view graph held twin rows under --with-speculation (in memory) or was
    silently emptied of them (on disk), and in memory an entailed graph stopped the closure."""
    bad = graph_copy / "ontology" / "facts" / "zz-view.trig"
    bad.write_text(PREFIXES + f"<{view}> {{ kg:XOKitty a kgo:TVSeries . }}")
    with pytest.raises(LoadError, match=f"^{bad}: writes into the graph <{view}>"):
        KnowledgeGraph.open(graph_copy, store=store)
    run = kg("query", "cast-of-season", "--graph", str(graph_copy), "--store", store)
    assert run.exit_code == 1 and run.stderr.count("\n") == 1 and str(bad) in run.stderr


def test_validate_names_a_file_writing_into_a_view_graph(graph_copy: Path, kg) -> None:
    bad = graph_copy / "ontology" / "facts" / "zz-view.trig"
    bad.write_text(PREFIXES + f"<{SPECULATION}> {{ kg:XOKitty a kgo:TVSeries . }}")
    run = kg("validate", "--graph", str(graph_copy))
    assert run.exit_code == 1
    assert f"zz-view.trig: writes into the graph <{SPECULATION}>" in run.stdout + run.stderr


def test_blank_nodes_keep_what_rdfs_entails_about_them_on_disk(graph_copy: Path) -> None:
    """The disk cache computed the closure in a store its loader had given new blank-node
    labels: what RDFS entails about a blank-node claim (it is a kgo:Claim) no longer met it,
    and the history query lost the claim under --entailment rdfs."""
    from tests.test_stores import answer_set, params_for

    for name in ("blank-node-claims", "blank-node-statements"):
        (graph_copy / "ontology" / "facts" / f"zz-{name}.trig").write_text(PREFIXES + HOSTILE[name])
    disk = KnowledgeGraph.open(graph_copy, store="oxigraph")
    memory = KnowledgeGraph.open(graph_copy, store="oxigraph-memory")
    for named in disk.queries():
        params = params_for(named)
        if params is not None:
            for with_speculation in (False, True):
                options = {"with_speculation": with_speculation, "entailment": "rdfs"}
                assert answer_set(disk.query(named.name, params, **options).json) == answer_set(
                    memory.query(named.name, params, **options).json
                ), (named.name, with_speculation)


#: What each view holds of kg:x's values for the hostile graphs above, by the views' rule.
VIEWS = {
    "chain": ("p", ["3"], []),  # A and B superseded by a stated claim; C, the newest, stays
    "cycle": ("q", [], []),  # each superseded by a stated claim: neither is in a view
    "superseded-by-a-guess": ("r", ["1"], ["2"]),  # a guess does not supersede; it is a guess
    "status-twice": ("s", [], ["1"]),  # a claim marked as a guess is one, whatever else it says
    "guess-also-stated": ("z", ["1"], ["2"]),  # what a stated claim also says is not a guess
}


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("store", ["oxigraph", "oxigraph-memory"])
def test_the_views_follow_their_rule_on_hostile_claims(graph_copy: Path, name: str, store: str) -> None:
    (graph_copy / "ontology" / "facts" / f"zz-{name}.trig").write_text(PREFIXES + HOSTILE[name])
    kg = KnowledgeGraph.open(graph_copy, store=store)
    prop, default, guesses = VIEWS[name]
    pattern = f"<https://w3id.org/franchise-kg/id/x> <https://w3id.org/franchise-kg/id/{prop}> ?v"
    assert sorted(r["v"] for r in kg.select(f"SELECT ?v WHERE {{ {pattern} }}")) == default
    guessed = f"SELECT ?v WHERE {{ GRAPH <{SPECULATION}> {{ {pattern} }} }}"
    assert sorted(r["v"] for r in kg.select(guessed)) == guesses
