"""Synthetic franchise-shaped graph folders for benchmarks: series, seasons, casting roles,
actors, characters, places and plot events, each fact a claim citing a sentence."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PREFIXES = """@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix claim: <https://w3id.org/franchise-kg/claim/> .
@prefix src: <https://w3id.org/franchise-kg/source/synthetic#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
STATUSES = ["kgo:Stated"] * 18 + ["kgo:Inferred", "kgo:Speculation"]


def _claims(target_statements: int, seed: int) -> list[tuple[str, list[str]]]:
    """(claim name, statements) pairs adding up to about `target_statements` facts."""
    rng = random.Random(seed)
    claims: list[tuple[str, list[str]]] = []
    count = 0
    people = 0
    places: list[str] = []
    series = 0
    while count < target_statements:
        series += 1
        s = f"kg:Series{series}"
        city = f"kg:City{len(places) + 1}"
        places.append(city)
        body = [
            f'{s} a kgo:TVSeries ; rdfs:label "Series {series}" ; schema:name "Series {series}" ; kgo:setIn {city} .',
            f'{city} a kgo:City ; rdfs:label "City {len(places)}" .',
        ]
        claims.append((f"series-{series}", body))
        count += 6
        for season in range(1, rng.randint(2, 5) + 1):
            sn = f"kg:Series{series}Season{season}"
            claims.append(
                (
                    f"series-{series}-season-{season}",
                    [
                        f'{sn} a kgo:TVSeason ; rdfs:label "Series {series} Season {season}" ; '
                        f"kgo:seasonOf {s} ; schema:seasonNumber {season} ; "
                        f"kgo:filmingLocation {rng.choice(places)} .",
                    ],
                )
            )
            count += 5
            for _ in range(rng.randint(4, 10)):
                people += 1
                p, c, r = f"kg:Actor{people}", f"kg:Character{people}", f"kg:Role{people}"
                claims.append(
                    (
                        f"role-{people}",
                        [
                            f'{p} a kgo:Person ; rdfs:label "Actor {people}" .',
                            f'{c} a kgo:Character ; rdfs:label "Character {people}" ; kgo:introducedIn {sn} .',
                            f"{sn} kgo:hasCastMember {r} .",
                            f'{r} a kgo:CastingRole ; rdfs:label "Actor {people} as Character {people}" ; '
                            f'kgo:performer {p} ; kgo:playsCharacter {c} ; kgo:characterName "Character {people}" .',
                        ],
                    )
                )
                count += 11
            event = f"kg:Series{series}Season{season}Event"
            claims.append(
                (
                    f"series-{series}-season-{season}-event",
                    [
                        f'{event} a kgo:PlotEvent ; rdfs:label "Twist of season {season}" ; '
                        f"kgo:involvesCharacter kg:Character{people} .",
                        f"{sn} kgo:endsWith {event} .",
                    ],
                )
            )
            count += 4
    return claims


def write_graph(folder: Path, target_statements: int, seed: int = 1) -> Path:
    """A graph folder with the project's ontology and about `target_statements` synthetic facts."""
    (folder / "ontology" / "facts").mkdir(parents=True, exist_ok=True)
    (folder / "ontology" / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "queries").mkdir(exist_ok=True)
    shutil.copy(REPO / "ontology" / "franchise.ttl", folder / "ontology" / "franchise.ttl")
    rng = random.Random(seed)
    facts, sources = [PREFIXES], [PREFIXES]
    sources.append("<https://w3id.org/franchise-kg/source/synthetic> a kgo:SourceDocument .")
    for i, (name, body) in enumerate(_claims(target_statements, seed), start=1):
        sentence = f"src:s{i}"
        facts.append(f"claim:{name} {{\n    " + "\n    ".join(body) + "\n}")
        facts.append(f"claim:{name} a kgo:Claim ; kgo:status {rng.choice(STATUSES)} ; prov:wasDerivedFrom {sentence} .")
        sources.append(
            f"{sentence} a kgo:Sentence ; oa:hasSource <https://w3id.org/franchise-kg/source/synthetic> ; "
            f"kgo:sentenceNumber {i} ; oa:hasSelector {sentence}-quote .\n"
            f'{sentence}-quote a oa:TextQuoteSelector ; oa:exact "Sentence {i} says what claim {name} states." .'
        )
    (folder / "ontology" / "facts" / "synthetic.trig").write_text("\n".join(facts) + "\n", encoding="utf-8")
    (folder / "ontology" / "sources" / "synthetic.ttl").write_text("\n".join(sources) + "\n", encoding="utf-8")
    return folder
