"""The text a `kg viz` page shows: on hover one line (what it is), on click the details in the
side panel (one line per fact, each sentence once).

Both are plain text (the page sets them with textContent); the details are bounded in lines
and line length whatever the data holds; the whole text stays in the node's and edge's
attributes (`facts`, `sentence`) for exports.
"""

from __future__ import annotations

from itertools import islice

import networkx as nx

from graph.viz.provenance import shorten

#: At most this many of a node's links are listed (hover an edge for its sentences).
TOOLTIP_LINKS = 10
#: At most this many lines of facts and notes.
TOOLTIP_LINES = 16
#: Longer lines are cut with an ellipsis.
LINE_CHARS = 320


def _cut(line: str, limit: int = LINE_CHARS) -> str:
    line = " ".join(line.split()) if len(line) > limit else line
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _bounded(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], f"… {len(lines) - limit + 1} more lines (see the exports for all)"]


def node_hover(d: dict[str, str]) -> str:
    """What a node is, in one line: its label and kind (the details are a click away)."""
    return _cut(f"{d['label']} · {d['kind']}" + (f" ({d['class']})" if d.get("class") else ""), 160)


def edge_hover(g: nx.MultiDiGraph, u: str, v: str, d: dict[str, str]) -> str:
    """Who links to whom, in one line, with the status of what says so."""
    return _cut(f"{g.nodes[u]['label']} —{d['label']}→ {g.nodes[v]['label']} · {d['status']}", 160)


def edge_tooltip(g: nx.MultiDiGraph, u: str, v: str, d: dict[str, str]) -> str:
    """Who links to whom, the predicate, status and claims, reasoning, then each sentence once."""
    predicate = d["predicate"] if d["predicate"].startswith(("^", "<")) else shorten(d["predicate"])
    lines = [
        f"{g.nodes[u]['label']} —{d['label']}→ {g.nodes[v]['label']}",
        f"{predicate} · {d['status']}" + (f" · {d['claim']}" if d.get("claim") else ""),
    ]
    body = [f"reasoning: {r}" for r in d.get("reason", "").splitlines()]
    body += d.get("sentence", "").splitlines()
    if d.get("facts"):
        body += d["facts"].splitlines()
    return "\n".join(_cut(line) for line in lines + _bounded(body, TOOLTIP_LINES))


def node_tooltip(g: nx.MultiDiGraph, n: str, d: dict[str, str]) -> str:
    """Name, kind and class, IRI, its literal facts with their notes, and its first links."""
    lines = [d["label"], d["kind"] + (f" · {d['class']}" if d.get("class") else "")]
    if d.get("iri"):
        lines.append(d["iri"])
    lines += _bounded(d.get("facts", "").splitlines(), TOOLTIP_LINES)
    out_edges, in_edges = g.out_edges(n, data="label"), g.in_edges(n, data="label")
    links = [f"→ {label} {g.nodes[v]['label']}" for _, v, label in islice(out_edges, TOOLTIP_LINKS)]
    links += [f"← {label} {g.nodes[u]['label']}" for u, _, label in islice(in_edges, TOOLTIP_LINKS - len(links))]
    more = len(out_edges) + len(in_edges) - len(links)
    lines += links + ([f"… and {more} more links"] if more > 0 else [])
    return "\n".join(_cut(line) for line in lines)
