"""Synthetic working copies for the benchmarks, grown from the graph's own data.

The bundled working copy (ontology, shapes, sources, facts, named queries and checks) is
copied, then its claims and sources are repeated: copy `k` renames every entity, claim and
source IRI (`kg:XOKitty` -> `kg:XOKitty-s3`, blank nodes too) and keeps every literal, so
each quote still names what its claim states; the claim that names a copied entity also says
it is `owl:differentFrom` the original, so the namesakes are not duplicates. Because the
pattern is the bundled data itself, the copies follow whatever the model says today (a new
class or property in the ontology and facts shows up here without touching this file), and
they pass `kg validate` like the bundled graph. `--problems` breaks every fifth copy the ways
users do: a claim without a status, an entity without a type or a name, a duplicate name.

    python tests/benchmarks/synthetic.py 100000 /tmp/kg-100k [--problems]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BASE = "https://w3id.org/franchise-kg/"
RENAMED = (BASE + "id/", BASE + "claim/", BASE + "source/")  # namespaces whose IRIs each copy renames
STATUS = ox.NamedNode(BASE + "ontology#status")
NAME = ox.NamedNode("https://schema.org/name")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DIFFERENT = ox.NamedNode("http://www.w3.org/2002/07/owl#differentFrom")


def rename(term: object, k: int) -> object:
    """The copy-`k` version of a term: entity, claim and source IRIs and blank nodes renamed."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(RENAMED):
        head, sep, fragment = term.value.partition("#")
        return ox.NamedNode(f"{head}-s{k}{sep}{fragment}")
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}s{k}")
    return term


def copy_quads(quads: list[ox.Quad], k: int, *, facts: bool, broken: bool) -> Iterator[ox.Quad]:
    """Copy `k` of a file's quads; `broken` adds the problems of --problems."""
    for q in quads:
        obj = rename(q.object, k)
        named = facts and q.predicate == NAME and isinstance(q.subject, ox.NamedNode)
        if named and not broken and isinstance(q.graph_name, ox.NamedNode):  # broken copies: duplicate names
            yield ox.Quad(rename(q.subject, k), DIFFERENT, q.subject, rename(q.graph_name, k))  # type: ignore[arg-type]
        if broken and facts and q.predicate == STATUS and k % 2:
            continue  # claim without a status
        if broken and facts and q.predicate == TYPE and hash(str(q.subject)) % 7 == 0:
            continue  # an entity without a type
        yield ox.Quad(rename(q.subject, k), q.predicate, obj, rename(q.graph_name, k))  # type: ignore[arg-type]


def _rdf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".ttl", ".trig"))


#: written in each generated copy: what it was made from, so a kept copy is remade when the
#: project's ontology, data, queries or checks change (a stale copy measures yesterday's code)
STAMP = ".synthetic-stamp"


def stamp(statements: int, problems: bool, template: Path = REPO) -> str:
    """A digest of everything a copy is made from and of how it was asked for."""
    digest = hashlib.sha256(f"{statements} {problems}".encode())
    for folder in (template / "ontology", template / "queries", HERE / "queries"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def is_current(root: Path, statements: int, *, problems: bool = False, template: Path = REPO) -> bool:
    """Whether the copy at `root` was generated from today's project files, as asked."""
    written = root / STAMP
    return written.is_file() and written.read_text().strip() == stamp(statements, problems, template)


def generate(statements: int, root: Path, *, problems: bool = False, template: Path = REPO) -> int:
    """Write a working copy of about `statements` statements at `root`; return the count."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(template / "ontology", root / "ontology")
    shutil.copytree(template / "queries", root / "queries")
    shutil.copytree(HERE / "queries", root / "queries" / "bench")
    facts = {p.name: list(ox.parse(path=str(p))) for p in _rdf_files(template / "ontology" / "facts")}
    sources = {p.name: list(ox.parse(path=str(p))) for p in _rdf_files(template / "ontology" / "sources")}
    per_copy = sum(map(len, facts.values())) + sum(map(len, sources.values()))
    copies = max(0, round(statements / per_copy) - 1)  # the originals stay: one copy is there already
    for folder, parsed, is_facts in (("facts", facts, True), ("sources", sources, False)):
        out = root / "ontology" / folder / f"synthetic-{folder}.nq"
        with out.open("wb") as handle:
            for k in range(1, copies + 1):
                broken = problems and k % 5 == 0
                for quads in parsed.values():
                    ox.serialize(copy_quads(quads, k, facts=is_facts, broken=broken), handle, ox.RdfFormat.N_QUADS)
    (root / STAMP).write_text(stamp(statements, problems, template) + "\n")
    return (copies + 1) * per_copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("statements", type=lambda s: int(float(s)))
    parser.add_argument("root", type=Path)
    parser.add_argument("--problems", action="store_true", help="break every fifth copy (for kg validate)")
    args = parser.parse_args()
    n = generate(args.statements, args.root, problems=args.problems)
    print(f"{args.root}: about {n} statements{' with problems' if args.problems else ''}")


if __name__ == "__main__":
    main()
