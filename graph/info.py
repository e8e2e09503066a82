"""What `kg info` and `kg source list` print: the graph in use, why, and what it holds."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from graph.namespaces import SOURCE, shorten

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph
    from graph.store.engine import Engine

SPARQL_DIR = Path(__file__).resolve().parent / "sparql" / "queries"


def internal_rows(engine: Engine, name: str) -> list[dict[str, str]]:
    """Run one of the package's own queries (graph/sparql/NAME.rq); rows as plain dicts."""
    text = (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")
    result = engine.query(text, name=f"graph/sparql/{name}.rq")
    data = json.loads(result.json or b'{"results": {"bindings": []}}')
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def source_rows(engine: Engine) -> list[dict[str, str]]:
    """Registered sources: slug, title, file, published, url and sentence count."""
    rows = internal_rows(engine, "info-sources")
    for row in rows:
        doc = row["doc"]
        row["slug"] = doc[len(SOURCE) :] if doc.startswith(SOURCE) else shorten(doc)
    return rows


def writable_text(kg: KnowledgeGraph) -> str:
    """Whether commands that add data may write here, and if not what to do."""
    from graph.workspace import read_marker

    loc = kg.location
    if loc.bundled:
        return "no: the bundled graph is read-only; make a working copy with `kg init DIR`"
    if not os.access(loc.ontology_dir, os.W_OK):
        return "no: the folder is not writable; make a working copy with `kg init DIR`"
    marker = read_marker(loc.root)
    if marker:
        made = marker.get("created", "?")
        origin = marker.get("copied_from", "?")
        return f"yes (working copy made {made} from {origin})"
    return "yes (no kg-graph.toml marker: used only when named with --graph or $KG_GRAPH)"


def describe(kg: KnowledgeGraph) -> str:
    """The text `kg info` prints."""
    from graph.workspace import ontology_version

    loc, files, engine = kg.location, kg.files, kg.engine
    checks = len(list((loc.queries_dir / "checks").glob("*.rq")))
    named = len(list(loc.queries_dir.glob("*.rq")))
    claims = internal_rows(engine, "info-claims")
    n_claims = sum(int(r["claims"]) for r in claims)
    n_in_claims = sum(int(r["statements"]) for r in claims)
    by_status = ", ".join(f"{r['claims']} {shorten(r['status']).removeprefix('kgo:').lower()}" for r in claims)
    seasons: dict[str, list[str]] = {}
    for row in internal_rows(engine, "info-seasons"):
        seasons.setdefault(row.get("seriesName") or shorten(row["series"]), []).append(row["number"])
    sources = source_rows(engine)
    lines = [
        f"graph folder:  {loc.root}",
        f"chosen by:     {loc.reason}",
        f"bundled:       {'yes' if loc.bundled else 'no'}",
        f"writable:      {writable_text(kg)}",
        f"ontology:      version {ontology_version(loc) or 'unknown (no owl:versionInfo)'} (ontology/franchise.ttl)",
        f"files:         {len(files.all())} RDF files ({len(files.vocabulary)} vocabulary, {len(files.shapes)} shapes, "
        f"{len(files.sources)} sources, {len(files.facts)} facts"
        + (f", {len(files.extra)} from --data" if files.extra else "")
        + f"), {named} named queries, {checks} checks",
        f"claims:        {n_claims}" + (f" ({by_status})" if by_status else ""),
        f"statements:    {n_in_claims} in claims, {len(engine.quads())} quads loaded in all (views included)",
        "seasons:       " + ("; ".join(f"{series}: {', '.join(nums)}" for series, nums in seasons.items()) or "none"),
        f"store:         {engine.description}",
        f"sources:       {len(sources)}",
    ]
    for row in sources:
        extra = f", published {row['published']}" if row.get("published") else ""
        lines.append(f"  {row['slug']}: {row['title']} ({row['sentences']} sentences{extra})")
    return "\n".join(lines)
