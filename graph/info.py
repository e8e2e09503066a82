"""What `kg info` and `kg source list` print: the graph in use, why, and what it holds."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from graph.namespaces import SOURCE, shorten
from graph.sparql.internal import internal_rows
from graph.terminal import printable

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation
    from graph.store.load import GraphFiles


def source_rows(engine: Engine) -> list[dict[str, str]]:
    """Registered sources: slug, title, file, published, url and sentence count."""
    rows = internal_rows(engine, "info-sources")
    for row in rows:
        doc = row["doc"]
        row["slug"] = doc[len(SOURCE) :] if doc.startswith(SOURCE) else shorten(doc)
    return rows


def writable_text(loc: GraphLocation) -> str:
    """Whether commands that add data may write here, and if not what to do."""
    from graph.workspace import read_marker

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


def info(loc: GraphLocation, files: GraphFiles, engine: Engine) -> dict[str, Any]:
    """What `kg info` shows, as plain data (`render_text` prints it)."""
    from graph.workspace import ontology_version

    claims = internal_rows(engine, "info-claims")
    seasons: dict[str, list[str]] = {}
    for row in internal_rows(engine, "info-seasons"):
        seasons.setdefault(row.get("seriesName") or shorten(row["series"]), []).append(row["number"])
    return {
        "graph": str(loc.root),
        "chosen_by": loc.reason,
        "bundled": loc.bundled,
        "writable": writable_text(loc),
        "ontology_version": ontology_version(loc),
        "files": {
            "all": len(files.all()),
            "vocabulary": len(files.vocabulary),
            "shapes": len(files.shapes),
            "sources": len(files.sources),
            "facts": len(files.facts),
            "data": len(files.extra),
        },
        "named_queries": len(list(loc.queries_dir.glob("*.rq"))),
        "checks": len(list((loc.queries_dir / "checks").glob("*.rq"))),
        "claims": {shorten(r["status"]).removeprefix("kgo:").lower(): int(r["claims"]) for r in claims},
        "statements_in_claims": sum(int(r["statements"]) for r in claims),
        "quads": len(engine.quads()),
        "seasons": seasons,
        "store": engine.description,
        "sources": source_rows(engine),
    }


def render_text(data: dict[str, Any]) -> str:
    """The text `kg info` prints."""
    files, claims, sources = data["files"], data["claims"], data["sources"]
    by_status = ", ".join(f"{n} {status}" for status, n in claims.items())
    version = data["ontology_version"] or "unknown (no owl:versionInfo)"
    seasons = "; ".join(f"{series}: {', '.join(nums)}" for series, nums in data["seasons"].items())
    lines = [
        f"graph folder:  {data['graph']}",
        f"chosen by:     {data['chosen_by']}",
        f"bundled:       {'yes' if data['bundled'] else 'no'}",
        f"writable:      {data['writable']}",
        f"ontology:      version {version} (ontology/franchise.ttl)",
        f"files:         {files['all']} RDF files ({files['vocabulary']} vocabulary, {files['shapes']} shapes, "
        f"{files['sources']} sources, {files['facts']} facts"
        + (f", {files['data']} from --data" if files["data"] else "")
        + f"), {data['named_queries']} named queries, {data['checks']} checks",
        f"claims:        {sum(claims.values())}" + (f" ({by_status})" if by_status else ""),
        f"statements:    {data['statements_in_claims']} in claims, {data['quads']} quads loaded in all (views included)",
        "seasons:       " + (seasons or "none"),
        f"store:         {data['store']}",
        f"sources:       {len(sources)}",
    ]
    for row in sources:
        extra = f", published {row['published']}" if row.get("published") else ""
        lines.append(f"  {row['slug']}: {row['title']} ({row['sentences']} sentences{extra})")
    # a folder name, a title or a slug may hold ESC or a line feed: each line stays one line
    return "\n".join(printable(line) for line in lines)
