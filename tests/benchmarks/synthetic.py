"""Franchise-shaped synthetic graphs for the benchmarks: series, seasons, episodes, people,
characters, casting roles and places, each season's facts one claim with provenance, some
claims speculation, like the bundled graph but as large as asked.

    python tests/benchmarks/synthetic.py 100000 /tmp/kg-100k   # about 100k statements
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PREFIXES = """@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix claim: <https://w3id.org/franchise-kg/claim/> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
SEASONS, EPISODES, PEOPLE, ROLES = 4, 10, 30, 20


def claim(name: str, status: str, body: list[str]) -> list[str]:
    """A claim graph and its metadata in the default graph, as TriG lines."""
    meta = f"claim:{name} a kgo:Claim ; kgo:status kgo:{status} ; prov:wasDerivedFrom kg:source{len(name) % 7} ."
    return [meta, f"claim:{name} {{", *body, "}"]


def series(k: int) -> list[str]:
    """All claims about series `k` (its places, seasons, episodes, cast)."""
    lines = []
    city, country = f"kg:City{k % 97}", f"kg:Country{k % 13}"
    body = [
        f'kg:Series{k} a kgo:TVSeries ; schema:name "Series {k}" ; kgo:setIn {city} .',
        f'{city} a kgo:City ; schema:name "City {k % 97}" ; schema:containedInPlace {country} .',
        f'{country} a kgo:Country ; schema:name "Country {k % 13}" .',
    ]
    for p in range(PEOPLE):
        body.append(f'kg:Person{k}_{p} a kgo:Person ; schema:name "Person {k}-{p}" .')
    for c in range(ROLES):
        body.append(f'kg:Character{k}_{c} a kgo:Character ; schema:name "Character {k}-{c}" .')
    lines += claim(f"series{k}", "Stated", body)
    for s in range(1, SEASONS + 1):
        season = f"kg:Series{k}_S{s}"
        body = [
            f'{season} a kgo:TVSeason ; schema:name "Series {k} Season {s}" ; schema:seasonNumber {s} ; '
            f'kgo:seasonOf kg:Series{k} ; kgo:premiereDate "{2000 + k % 25}-0{s}-01"^^xsd:date .'
        ]
        for e in range(1, EPISODES + 1):
            body.append(
                f'kg:Series{k}_S{s}_E{e} a schema:TVEpisode ; schema:name "Episode {e}" ; schema:episodeNumber {e} ; '
                f"schema:partOfSeason {season} ; kgo:filmingLocation {city} ."
            )
        for r in range(ROLES):
            person = f"kg:Person{k}_{(r + s) % PEOPLE}"
            body.append(
                f"kg:Role{k}_{s}_{r} a kgo:CastingRole ; kgo:performer {person} ; "
                f'kgo:playsCharacter kg:Character{k}_{r} ; kgo:characterName "Character {k}-{r}" .'
            )
            body.append(f"{season} kgo:hasCastMember kg:Role{k}_{s}_{r} .")
        status = "Speculation" if s == SEASONS and k % 10 == 0 else "Stated"
        lines += claim(f"series{k}-season{s}", status, body)
    return lines


def generate(statements: int, root: Path) -> int:
    """Write a graph folder of about `statements` statements at `root`; return the count."""
    if root.exists():
        shutil.rmtree(root)
    facts = root / "ontology" / "facts"
    facts.mkdir(parents=True)
    shutil.copy(REPO / "ontology" / "franchise.ttl", root / "ontology" / "franchise.ttl")
    shutil.copytree(HERE / "queries", root / "queries")
    import pyoxigraph as ox

    sample = PREFIXES + "\n".join(series(1)) + "\n"
    per_series = len(list(ox.parse(sample.encode(), format=ox.RdfFormat.TRIG)))
    count = max(1, round(statements / per_series))
    with (facts / "synthetic.trig").open("w", encoding="utf-8") as out:
        out.write(PREFIXES)
        for k in range(count):
            out.write("\n".join(series(k)) + "\n")
    return count * per_series


if __name__ == "__main__":
    n = generate(int(float(sys.argv[1])), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: about {n} statements of facts (plus the ontology)")
