"""The quality checks in queries/checks/: none returns a row on the bundled graph, and each
returns the offending rows once a small broken file is added with `--data` (so each can fail)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.locate import bundled_root
from tests.conftest import rows_of

CHECKS = bundled_root() / "queries" / "checks"
NAMES = sorted(p.stem for p in CHECKS.glob("*.rq"))

PREFIXES = """\
@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix claim: <https://w3id.org/franchise-kg/claim/> .
@prefix src: <https://w3id.org/franchise-kg/source/xo-kitty-season-2-article#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: check name -> broken TriG snippets, each with a word the offending rows must contain.
BROKEN: dict[str, list[tuple[str, str]]] = {
    "character-name-mismatch": [
        (
            """claim:c { kg:Role-Wrong a kgo:CastingRole ; rdfs:label "Anna as Kitty" ;
                  kgo:playsCharacter kg:to-all-the-boys_character_kitty-song-covey ; kgo:characterName "Katherine" . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s02 .""",
            "Role-Wrong",
        )
    ],
    "claim-source-not-sentence": [
        ("claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s99 .", "s99"),
        ("claim:unsourced a kgo:Claim ; kgo:status kgo:Stated .", "unsourced"),
        ("claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s04 .", "heading"),
    ],
    "claim-without-status": [
        ('claim:orphan { kg:XOKitty schema:alternateName "XOK" . }', "orphan"),
        (
            """claim:rumour { kg:XOKitty schema:alternateName "XOK" . }
               claim:rumour a kgo:Claim ; kgo:status kgo:Rumour ; prov:wasDerivedFrom src:s01 .""",
            "rumour",
        ),
        (
            """claim:both { kg:XOKitty schema:alternateName "XOK" . }
               claim:both a kgo:Claim ; kgo:status kgo:Stated , kgo:Speculation ; prov:wasDerivedFrom src:s01 .""",
            "both",
        ),
    ],
    "contradiction-in-default-view": [
        (
            """claim:dated { kg:XOKittySeason2 kgo:premiereDate "2025-01-16"^^xsd:date . }
               claim:dated a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s18 .""",
            "no release date announced",
        ),
        (
            """claim:one { kg:XOKittySeason2 kgo:numberOfEpisodes 8 . }
               claim:one a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s18 .
               claim:two { kg:XOKittySeason2 kgo:numberOfEpisodes 10 . }
               claim:two a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s18 .""",
            "two values",
        ),
        (
            """claim:gone { kg:XOKittySeason2 kgo:castDeparture kg:leaving .
                  kg:leaving a kgo:CastDeparture ; schema:name "Joshua Lee leaves" ; rdfs:label "Joshua Lee leaves" ;
                  kgo:departingActor kg:person_joshua-lee ; kgo:departingCharacter kg:xo-kitty_character_jin . }
               claim:gone a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s11 .""",
            "departure",
        ),
        (
            """claim:next { kg:XOKitty kgo:crewSuccession kg:next .
                  kg:next a kgo:CrewSuccession ; schema:name "next" ; rdfs:label "next" ;
                  kgo:successor kg:person_anna-cathcart ; kgo:predecessor kg:person_jenny-han ;
                  kgo:inRole kgo:coShowrunner . }
               claim:next a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s31 .""",
            "successor",
        ),
    ],
    "date-not-comparable": [
        (
            """claim:c { kg:XOKittySeason2 kgo:premiereDate "2025"^^xsd:gYear . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s18 .""",
            "not an xsd:date",
        ),
        (
            """claim:c { kg:XOKittySeason2 kgo:premiereDate "2025-06-01"^^xsd:date ;
                  kgo:dateQualifier [ kgo:ofProperty kgo:premiereDate ; kgo:precision kgo:MonthPrecision ;
                      kgo:earliest "2025-05-01"^^xsd:date ; kgo:latest "2025-05-31"^^xsd:date ] . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s18 .""",
            "2025-05-01",
        ),
    ],
    "duplicate-name": [
        (
            """claim:c { kg:KittyAgain a kgo:Character ; schema:name "kitty song covey" . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s02 .""",
            "KittyAgain",
        ),
        (
            """claim:c { kg:person_joshua-lee-2 a kgo:Person ; schema:name "Joshua  Lee." . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s10 .""",
            "joshua-lee-2",
        ),
    ],
    "duplicate-season-number": [
        (
            """claim:c { kg:AnotherSeason2 a kgo:TVSeason ; schema:name "XO, Kitty Season Two" ;
                  kgo:seasonOf kg:XOKitty ; schema:seasonNumber 2 . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s03 .""",
            "AnotherSeason2",
        )
    ],
    "entity-without-name": [
        (
            """claim:c { kg:Nameless a kgo:Person . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s10 .""",
            "Nameless",
        )
    ],
    "fact-without-claim": [('kg:XOKitty schema:genre "Romance" .', "Romance")],
    "fictional-typed-as-real": [
        (
            """claim:c { kg:xo-kitty_character_jin a kgo:Person . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s11 .""",
            "character_jin",
        ),
        (
            """claim:c { kg:XOKittySeason2 kgo:filmingLocation kg:xo-kitty_fictional-place_korean-independent-school-of-seoul . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s12 .""",
            "filming location",
        ),
    ],
    "real-named-as-fiction": [
        (
            """claim:c { kg:person_kitty a kgo:Person ; schema:name "Kitty Song Covey" ; rdfs:label "Kitty Song Covey" . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s02 .""",
            "person_kitty",
        ),
        (
            """claim:c { kg:place_kiss a kgo:School ; schema:name "KISS" ; rdfs:label "KISS" . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s12 .""",
            "place_kiss",
        ),
    ],
    "inferred-without-reasoning": [
        (
            """claim:hunch { kg:XOKitty schema:genre "Romance" . }
               claim:hunch a kgo:Claim ; kgo:status kgo:Inferred ; prov:wasDerivedFrom src:s01 .""",
            "hunch",
        )
    ],
    "ontology-version": [
        (
            '<https://w3id.org/franchise-kg/ontology> owl:versionInfo "0.9.0" .',
            "0.9.0",
        ),
        (
            "<https://w3id.org/franchise-kg/other-ontology> a owl:Ontology .",
            "other-ontology",
        ),
    ],
    "quote-names-no-entity": [
        (
            """claim:wrong-quote { kg:XOKittySeason2 kgo:hasCastMember kg:xo-kitty-season-2_role_joshua-lee_jin . }
               claim:wrong-quote a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s02 .""",
            "wrong-quote",
        ),
        (
            """claim:wrong-date { kg:XOKittySeason1 kgo:premiereDate "2023-05-18"^^xsd:date . }
               claim:wrong-date a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s12 .""",
            "wrong-date",
        ),
    ],
    "speculation-in-default-view": [
        (
            """claim:leak { kg:XOKittySeason2 kgo:expectedReleaseDate "2026-01-01"^^xsd:date . }
               claim:leak a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s18 .""",
            "2026-01-01",
        )
    ],
    "stated-on-speculation": [
        (
            """claim:hopeful { kg:XOKittySeason2 schema:datePublished "2025-05-01"^^xsd:date . }
               claim:hopeful a kgo:Claim ; kgo:status kgo:Inferred ; rdfs:comment "as guessed" ;
                   prov:wasDerivedFrom src:s18 ; kgo:restsOn claim:season-2-release-guess .""",
            "hopeful",
        )
    ],
    "unaligned-term": [
        ('kgo:fanRating a owl:DatatypeProperty ; rdfs:label "fan rating"@en .', "fanRating"),
        ('kgo:Fandom a owl:Class ; rdfs:comment "A group of fans."@en .', "Fandom"),
    ],
    "undeclared-term": [
        (
            """claim:c { kg:XOKitty kgo:genre "Romance" . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s01 .""",
            "genre",
        ),
        (
            """claim:c { kg:Busan a kgo:Town ; schema:name "Busan" . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s03 .""",
            "Town",
        ),
    ],
    "untyped-entity": [
        (
            """claim:c { kg:XOKitty kgo:setIn kg:Busan . }
               claim:c a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s07 .""",
            "Busan",
        )
    ],
}


def run_check(kg, name: str, *data: Path) -> list[dict[str, str]]:
    """Run one check with `kg query FILE --format json` (plus --data files); its rows."""
    args = [arg for path in data for arg in ("--data", str(path))]
    return rows_of(kg("query", str(CHECKS / f"{name}.rq"), *args, "--format", "json"))


def test_there_are_checks_and_each_has_a_broken_example() -> None:
    assert len(NAMES) >= 10, NAMES
    assert sorted(BROKEN) == NAMES, "every check needs a broken example here, and every example a check"


@pytest.mark.parametrize("name", NAMES)
def test_check_states_its_rule(name: str) -> None:
    text = (CHECKS / f"{name}.rq").read_text(encoding="utf-8")
    summary = re.search(r"^#\+ summary: (.+)$", text, re.M)
    assert summary and len(summary.group(1).split()) >= 5, f"{name}: no #+ summary stating the rule"
    assert re.search(r"^\s*SELECT\b", text, re.M | re.I), f"{name}: a check must be a SELECT"


@pytest.mark.parametrize("name", NAMES)
def test_check_passes_on_the_bundled_graph(kg, name: str) -> None:
    assert run_check(kg, name) == []


@pytest.mark.parametrize(
    "name,snippet,expected",
    [(name, snippet, expected) for name, cases in sorted(BROKEN.items()) for snippet, expected in cases],
    ids=[f"{name}-{i}" for name, cases in sorted(BROKEN.items()) for i in range(len(cases))],
)
def test_check_finds_the_broken_data(kg, tmp_path: Path, name: str, snippet: str, expected: str) -> None:
    broken = tmp_path / "broken.trig"
    broken.write_text(PREFIXES + snippet + "\n", encoding="utf-8")
    found = run_check(kg, name, broken)
    assert found, f"{name} returned no row for:\n{snippet}"
    assert any(expected in value for row in found for value in row.values()), found


def test_validate_reports_a_failing_check_by_name(kg, graph_copy: Path) -> None:
    (graph_copy / "ontology" / "facts" / "broken.trig").write_text(
        PREFIXES + BROKEN["untyped-entity"][0][0] + "\n", encoding="utf-8"
    )
    run = kg("--graph", str(graph_copy), "validate")
    assert run.exit_code != 0
    assert "[untyped-entity]" in run.stdout + run.stderr
    assert "kg:Busan" in run.stdout + run.stderr


#: The checks as they were before they were made linear (every same-class pair; a NOT EXISTS
#: per statement): the rewritten ones must find the same rows.
PAIRWISE = {
    "duplicate-name": """PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?entity ?other WHERE {
  ?entity a ?class ; schema:name ?name . ?other a ?class ; schema:name ?otherName .
  FILTER(STRSTARTS(STR(?entity), "https://w3id.org/franchise-kg/id/") && STRSTARTS(STR(?other), "https://w3id.org/franchise-kg/id/"))
  FILTER(STR(?entity) < STR(?other)
         && REPLACE(LCASE(STR(?name)), "[\\\\s\\\\p{P}]+", "") = REPLACE(LCASE(STR(?otherName)), "[\\\\s\\\\p{P}]+", ""))
}""",
    "fact-without-claim": """PREFIX kgo: <https://w3id.org/franchise-kg/ontology#>
SELECT ?subject ?property ?value WHERE {
  ?subject ?property ?value . FILTER(STRSTARTS(STR(?subject), "https://w3id.org/franchise-kg/id/"))
  FILTER NOT EXISTS { GRAPH ?claim { ?subject ?property ?value } ?claim a kgo:Claim . }
}""",
}

DUPLICATES = """
claim:d { kg:person_joshua-lee-2 a kgo:Person ; schema:name "JOSHUA LEE" .
          kg:person_joshua-lee-3 a kgo:Person ; schema:name "Joshua  Lee" .
          kg:xo-kitty_character_jin-2 a kgo:Character ; schema:name "jin" .
          kg:xo-kitty_character_joshua-lee a kgo:Character ; schema:name "Joshua Lee" . }
claim:d a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s10 .
kg:XOKitty schema:genre "Romance" , "Comedy" .
kg:person_anna-cathcart schema:birthDate "1993-01-01"^^xsd:date .
"""


@pytest.mark.parametrize("name", sorted(PAIRWISE))
def test_linear_checks_find_what_the_pairwise_ones_found(kg, tmp_path: Path, name: str) -> None:
    data = tmp_path / "duplicates.trig"
    data.write_text(PREFIXES + DUPLICATES, encoding="utf-8")
    linear = run_check(kg, name, data)
    run = kg("query", PAIRWISE[name], "--data", str(data), "--format", "json")
    assert run.exit_code == 0, run.stderr
    reference = [{k: v["value"] for k, v in b.items()} for b in json.loads(run.stdout)["results"]["bindings"]]
    assert reference, "the example has problems to find"
    if name == "duplicate-name":
        # a group of n duplicates: the pairwise check lists every pair, the linear one each later entity
        # beside the first; both name the same entities
        assert {r["entity"] for r in linear} | {r["other"] for r in linear} == {
            iri for r in reference for iri in (r["entity"], r["other"])
        }
        # "Joshua Lee" the character is not a duplicate of the person: classes differ
        assert not any(r["other"].endswith("character_joshua-lee") for r in linear)
    else:
        assert sorted(map(sorted, (r.items() for r in linear))) == sorted(map(sorted, (r.items() for r in reference)))
