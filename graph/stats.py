"""Statistics: statements, claims by status, instances by class and statements by property."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.namespaces import shorten
from graph.sparql.internal import internal_rows

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation


def _rows(engine: Engine, name: str, with_speculation: bool, entailment: str) -> list[dict[str, str]]:
    return internal_rows(engine, name, with_speculation=with_speculation, entailment=entailment)


def stats(
    engine: Engine, location: GraphLocation, *, with_speculation: bool = False, entailment: str = "none"
) -> dict[str, object]:
    """Counts for the view asked for, as plain data (the CLI prints it as text or JSON)."""
    properties = _rows(engine, "stats-properties", with_speculation, entailment)
    return {
        "graph": str(location.root),
        "statements": sum(int(r["count"]) for r in properties),
        "claims": {
            shorten(r["status"]): {"claims": int(r["claims"]), "statements": int(r["statements"])}
            for r in _rows(engine, "stats-claims", False, "none")
        },
        "classes": {
            shorten(r["class"]): int(r["count"]) for r in _rows(engine, "stats-classes", with_speculation, entailment)
        },
        "properties": {shorten(r["property"]): int(r["count"]) for r in properties},
    }


def render_text(data: dict[str, object]) -> str:
    """Aligned sections: totals, claims by status, classes, properties."""
    lines = [f"graph: {data['graph']}", f"statements in this view: {data['statements']}", "", "claims by status:"]
    claims = data["claims"]
    assert isinstance(claims, dict)
    for status, c in claims.items():
        lines.append(f"  {status:<24} {c['claims']:>6} claims {c['statements']:>7} statements")
    for title in ("classes", "properties"):
        counts = data[title]
        assert isinstance(counts, dict)
        lines += ["", f"{title}:"]
        width = max((len(k) for k in counts), default=0)
        lines += [f"  {name:<{width}}  {count:>7}" for name, count in counts.items()]
    return "\n".join(lines) + "\n"
