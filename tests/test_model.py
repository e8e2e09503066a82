"""The ontology's promises: Wikidata matches name what the Wikidata property's value is,
fictional things stay apart from real ones, one rule mints IRIs, and a claim a newer source
answers is superseded: out of the views, kept for the history."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.iris import mint_iri, slug, time_value_iri
from graph.locate import bundled_root

ONTOLOGY = bundled_root() / "ontology" / "franchise.ttl"
KGO = "https://w3id.org/franchise-kg/ontology#"
KG = "https://w3id.org/franchise-kg/id/"
WD = "http://www.wikidata.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

#: What each matched Wikidata property links, from its documentation (subject kind, value kind):
#: the value type constraint of the property, and for p:/ps:/pq: the statement-node RDF mapping
#: (p: work -> statement, ps: statement -> value, pq: statement -> qualifier value).
WIKIDATA = {
    "prop/direct/P179": ("work", "series"),  # part of the series
    "prop/direct/P144": ("work", "work"),  # based on
    "prop/direct/P449": ("work", "organization"),  # original broadcaster
    "prop/direct/P50": ("work", "person"),  # author: human
    "prop/direct/P1431": ("work", "person"),  # executive producer: human
    "prop/direct/P58": ("work", "person"),  # screenwriter: human
    "prop/direct/P57": ("work", "person"),  # director: human
    "prop/direct/P577": ("work", "date"),  # publication date: a time
    "prop/direct/P1113": ("work", "integer"),  # number of episodes: a quantity
    "prop/direct/P915": ("work", "place"),  # filming location: a real place
    "prop/direct/P840": ("work", "any place"),  # narrative location: real or fictional
    "prop/P161": ("work", "role"),  # cast member, to its statement node
    "prop/statement/P161": ("role", "person"),  # the statement's value: the actor, a human
    "prop/qualifier/P453": ("role", "character"),  # character role qualifier: a fictional character
}
#: The kgo class (or datatype) each kind must be, or be under.
KINDS = {
    "work": KGO + "CreativeWork",
    "series": KGO + "CreativeWork",
    "organization": KGO + "Organization",
    "person": KGO + "Person",
    "place": KGO + "Place",
    "role": KGO + "CastingRole",
    "character": KGO + "Character",
    "date": XSD_DATE,
    "integer": "http://www.w3.org/2001/XMLSchema#integer",
    "any place": None,  # no range: a fictional setting must not become a real place
}
#: Wikidata classes matched by kgo classes, and whether they are fictional.
WIKIDATA_CLASSES = {
    "entity/Q5": False,  # human
    "entity/Q14897293": True,  # fictional entity
    "entity/Q95074": True,  # fictional character
    "entity/Q3895768": True,  # fictional location
    "entity/Q14136353": True,  # fictional occurrence
}


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    return store


def _one(store: ox.Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT as {"?var": value}."""
    solutions = store.query(query)
    names = [str(v) for v in solutions.variables]  # type: ignore[union-attr]
    return [{n: s[n[1:]].value for n in names if s[n[1:]] is not None} for s in solutions]


def _under(store: ox.Store, cls: str, ancestor: str) -> bool:
    return bool(store.query(f"ASK {{ <{cls}> <{RDFS}subClassOf>* <{ancestor}> }}"))


def test_every_wikidata_match_names_what_the_property_links(ontology: ox.Store) -> None:
    matches = _one(
        ontology,
        f"""SELECT ?term ?match ?domain ?range WHERE {{
              ?term <http://www.w3.org/2004/02/skos/core#closeMatch> ?match .
              FILTER(STRSTARTS(STR(?match), "{WD}prop/"))
              OPTIONAL {{ ?term <{RDFS}domain> ?domain }} OPTIONAL {{ ?term <{RDFS}range> ?range }} }}""",
    )
    assert len(matches) >= 12
    for m in matches:
        key = m["?match"][len(WD) :]
        assert key in WIKIDATA, f"{m['?term']} matches {key}: add what it links to WIKIDATA, from its documentation"
        subject_kind, value_kind = WIKIDATA[key]
        assert "?domain" in m and _under(ontology, m["?domain"], KINDS[subject_kind]), (m, subject_kind)
        expected = KINDS[value_kind]
        if expected is None:
            assert "?range" not in m, f"{m['?term']}: no range, so a fictional value stays fictional"
        elif expected.startswith("http://www.w3.org/2001/XMLSchema#"):
            assert m.get("?range") == expected, (m, value_kind)
        else:
            assert "?range" in m and _under(ontology, m["?range"], expected), (m, value_kind)


def test_the_cast_is_wikidatas_statement_pattern_not_p161_on_the_role(ontology: ox.Store) -> None:
    matched = {
        r["?t"]: r["?m"]
        for r in _one(ontology, "SELECT ?t ?m WHERE { ?t <http://www.w3.org/2004/02/skos/core#closeMatch> ?m }")
    }
    assert matched[KGO + "hasCastMember"] == WD + "prop/P161"
    assert matched[KGO + "performer"] == WD + "prop/statement/P161"
    assert matched[KGO + "playsCharacter"] == WD + "prop/qualifier/P453"
    assert WD + "prop/direct/P161" not in matched.values()


def test_wikidata_class_matches_keep_fiction_apart(ontology: ox.Store) -> None:
    matches = _one(
        ontology,
        f"""SELECT ?cls ?match WHERE {{ ?cls <http://www.w3.org/2004/02/skos/core#closeMatch> ?match .
              FILTER(STRSTARTS(STR(?match), "{WD}entity/")) }}""",
    )
    assert {m["?match"][len(WD) :] for m in matches} == set(WIKIDATA_CLASSES)
    for m in matches:
        fictional = WIKIDATA_CLASSES[m["?match"][len(WD) :]]
        assert _under(ontology, m["?cls"], KGO + "FictionalEntity") is fictional, m
        for real in ("https://schema.org/Person", "https://schema.org/Place", "https://schema.org/Event"):
            if fictional:
                assert not _under(ontology, m["?cls"], real), (m, real)


def test_crew_roles_keep_their_kinds(ontology: ox.Store) -> None:
    supers = {
        r["?p"]: r["?s"]
        for r in _one(
            ontology, f"SELECT ?p ?s WHERE {{ ?p <{RDFS}subPropertyOf> ?s . FILTER(STRSTARTS(STR(?p), '{KGO}')) }}"
        )
    }
    assert supers[KGO + "coShowrunner"] == KGO + "showrunner"
    assert supers[KGO + "writer"] == "https://schema.org/author"
    assert supers[KGO + "director"] == "https://schema.org/director"
    for kind in ("showrunner", "coShowrunner", "executiveProducer", "writer", "director"):
        assert KGO + kind in supers, kind


def test_the_version_is_0_3_0_with_a_change_note(ontology: ox.Store) -> None:
    found = _one(
        ontology,
        "SELECT ?v ?c WHERE { ?o a <http://www.w3.org/2002/07/owl#Ontology> ; "
        "<http://www.w3.org/2002/07/owl#versionInfo> ?v ; <http://www.w3.org/2000/01/rdf-schema#comment> ?c }",
    )
    assert {r["?v"] for r in found} == {"0.3.0"}
    assert any(r["?c"].startswith("0.3.0:") for r in found)


# --- IRIs ---------------------------------------------------------------------------------------


def test_iris_are_scoped_and_unambiguous() -> None:
    assert mint_iri("person", "Joshua Lee") == KG + "person_joshua-lee"
    assert mint_iri("character", "Jin", scope="XO, Kitty") == KG + "xo-kitty_character_jin"
    assert mint_iri("fictional-place", "KISS", scope="XO, Kitty") == KG + "xo-kitty_fictional-place_kiss"
    # the same name in two series, or as a person and a character, never collides
    assert mint_iri("character", "Jin", scope="Other Show") != mint_iri("character", "Jin", scope="XO, Kitty")
    assert mint_iri("person", "Jin") != mint_iri("character", "Jin", scope="XO, Kitty")
    # a role is (performer, character): "Joshua Lee"+"Jin" is not "Joshua"+"Lee Jin"
    a = mint_iri("role", ("Joshua Lee", "Jin"), scope="XO, Kitty Season 2")
    b = mint_iri("role", ("Joshua", "Lee Jin"), scope="XO, Kitty Season 2")
    assert a != b and a == KG + "xo-kitty-season-2_role_joshua-lee_jin"
    # a second, different person with a taken IRI gets the next free one; the first keeps its own
    first = mint_iri("person", "Joshua Lee")
    assert mint_iri("person", "Joshua Lee", taken={first}) == KG + "person_joshua-lee-2"
    assert mint_iri("person", "Joshua Lee", taken={first, first + "-2"}) == KG + "person_joshua-lee-3"
    assert slug("Sasha Bhasín") == "sasha-bhasin" and slug("Kitty's") == "kittys"


@pytest.mark.parametrize(
    "kind,name,scope",
    [("person", "Anna", "XO, Kitty"), ("character", "Jin", None), ("wizard", "Merlin", None), ("person", "!!", None)],
)
def test_mint_refuses_what_would_be_ambiguous(kind: str, name: str, scope: str | None) -> None:
    with pytest.raises(ValueError):
        mint_iri(kind, name, scope=scope)


def test_the_bundled_iris_follow_the_rule(kg) -> None:
    """Every person, character, real or fictional place and role IRI is what mint_iri gives."""
    run = kg(
        "query",
        """SELECT ?e ?kind ?name ?scope WHERE {
        VALUES (?cls ?kind) { (kgo:Person "person") (kgo:Character "character") (kgo:City "place")
                              (kgo:Country "place") (kgo:FictionalSchool "fictional-place") (kgo:PlotEvent "plot-event") }
        ?e a ?cls ; schema:name ?name . }""",
        "-f",
        "json",
    )
    rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(run.stdout)["results"]["bindings"]]
    assert len(rows) >= 14
    for r in rows:
        local = r["e"][len(KG) :]
        scope = local.split("_", 1)[0] if not local.startswith(r["kind"] + "_") else None
        assert r["e"] == mint_iri(r["kind"], r["name"], scope=scope), r
    assert time_value_iri(KG + "XOKittySeason1", KGO + "premiereDate", "2023-05-18") == (
        KG + "XOKittySeason1_date_premiere-date_2023-05-18"
    )


def test_films_and_books_are_told_apart(kg) -> None:
    run = kg("query", "SELECT ?w ?d WHERE { ?w schema:disambiguatingDescription ?d }", "-f", "json")
    found = {b["w"]["value"].rsplit("/", 1)[1]: b["d"]["value"] for b in json.loads(run.stdout)["results"]["bindings"]}
    assert found == {"ToAllTheBoysFilms": "film trilogy", "ToAllTheBoysBooks": "book series"}


# --- supersession -------------------------------------------------------------------------------

NEWER = """
@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix claim: <https://w3id.org/franchise-kg/claim/> .
@prefix src: <https://w3id.org/franchise-kg/source/xo-kitty-season-2-article#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
claim:season-2-premiere-confirmed {
    kg:XOKittySeason2 kgo:premiereDate "2025-06-12"^^xsd:date ; kgo:releaseDateAnnounced true .
}
claim:season-2-premiere-confirmed a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s18 .
claim:season-2-no-release-date kgo:supersededBy claim:season-2-premiere-confirmed .
claim:season-2-release-guess kgo:supersededBy claim:season-2-premiere-confirmed .
"""


def _rows(kg, query: str, *args: str) -> list[dict[str, str]]:
    run = kg("query", query, *args, "-f", "json")
    assert run.exit_code == 0, run.stderr
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(run.stdout)["results"]["bindings"]]


@pytest.mark.parametrize("store", ["oxigraph-memory", "oxigraph"])
def test_a_superseded_claim_leaves_the_views_and_shows_in_the_history(kg, tmp_path: Path, store: str) -> None:
    newer = tmp_path / "newer.trig"
    newer.write_text(NEWER, encoding="utf-8")
    data = ("--data", str(newer), "--store", store)
    announced = _rows(kg, "SELECT ?a WHERE { kg:XOKittySeason2 kgo:releaseDateAnnounced ?a }", *data)
    assert [r["a"] for r in announced] == ["true"]  # the current state only, not "false" beside it
    guessed = _rows(kg, "SELECT ?d WHERE { kg:XOKittySeason2 kgo:expectedReleaseDate ?d }", *data, "--with-speculation")
    assert guessed == []
    timeline = _rows(kg, "timeline", *data, "--with-speculation")
    assert ("2025-06-12", "premiere") in {(r["date"], r["event"]) for r in timeline}
    assert "release expected" not in {r["event"] for r in timeline}
    before = {r["claim"].rsplit("/", 1)[1]: r["state"] for r in _rows(kg, "history", "--store", store)}
    assert before["season-2-no-release-date"] == before["season-2-release-guess"] == "current"
    history = _rows(kg, "history", *data)
    old = {
        (r["claim"].rsplit("/", 1)[1], r["status"].rsplit("#", 1)[1], r["superseded_by"].rsplit("/", 1)[1])
        for r in history
        if r["state"] == "superseded"
    }
    assert old == {
        ("season-2-no-release-date", "Stated", "season-2-premiere-confirmed"),
        ("season-2-release-guess", "Speculation", "season-2-premiere-confirmed"),
    }
    confirmed = {
        (r["property"].rsplit("#", 1)[1], r["value"], r["state"]) for r in history if r["claim"].endswith("confirmed")
    }
    assert ("premiereDate", "2025-06-12", "current") in confirmed
