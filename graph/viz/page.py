"""The interactive page of `kg viz`: one self-contained HTML file drawing a network.

vis-network (pyvis's bundled copy) is inlined, so the page works offline and sends no
request. Node and edge lists are built directly (pyvis's `add_node`/`from_nx` are
super-linear), text from the data goes in as JSON read with `JSON.parse` and is only ever
shown as text. Small graphs settle with a capped physics run; larger ones get a layout
computed here (`graph.viz.layout`) and physics off, so no page hangs the browser tab.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from pathlib import Path

import networkx as nx

from graph.namespaces import shorten
from graph.viz.kinds import KINDS

ASSETS = Path(__file__).resolve().parent / "assets"
#: Up to this many nodes the browser's physics lays the graph out (starting from our layout,
#: drawn compact so that it spreads out and settles within a capped number of iterations).
PHYSICS_LIMIT = 2500
#: From this many nodes the page says it is large and suggests --focus or --query.
LARGE_LIMIT = 3000
LABEL_CHARS = 40
TOOLTIP_LINKS = 12

#: kind -> (vis-network shape, fill colour, border colour, legend text)
STYLE: dict[str, tuple[str, str, str, str]] = {
    "series": ("star", "#e15759", "#a83638", "series"),
    "season": ("triangle", "#f28e2b", "#b5651a", "season"),
    "film": ("square", "#b07aa1", "#7d4f70", "film / film series"),
    "book": ("diamond", "#9c755f", "#6b4e3d", "book / book series"),
    "person": ("dot", "#4e79a7", "#2f5079", "person (real)"),
    "character": ("hexagon", "#59a14f", "#3a7033", "character (fictional)"),
    "place": ("triangleDown", "#76b7b2", "#4b8a85", "place (city, country, school)"),
    "organization": ("square", "#edc948", "#b39527", "organization"),
    "event": ("diamond", "#ff9da7", "#c96b75", "event, plot thread, report"),
    "role": ("dot", "#bab0ac", "#857b77", "casting role"),
    "literal": ("box", "#f4f4f4", "#aaaaaa", "value"),
    "other": ("dot", "#d4d4d4", "#999999", "other"),
}
EDGE_COLOR = "#8a99a8"
SPECULATION_COLOR = "#e8860c"
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


@cache
def _vis_assets() -> tuple[str, str]:
    """pyvis's bundled vis-network script and style sheet."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed: it provides the vis-network script the page inlines")
    lib = Path(spec.origin).parent / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>`, `&` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _indent(text: str) -> str:
    return "    " + text.replace("\n", "\n    ") if text else ""


def _edge_tooltip(g: nx.MultiDiGraph, u: str, v: str, d: dict[str, str]) -> str:
    lines = [f"{g.nodes[u]['label']} —{d['label']}→ {g.nodes[v]['label']}"]
    lines.append(d["predicate"] if d["predicate"].startswith(("^", "<")) else shorten(d["predicate"]))
    lines.append(d["status"] + (f" ({', '.join(d['claim'].split())})" if d["claim"] else ""))
    if d.get("reason"):
        lines.append("reasoning: " + d["reason"])
    if d.get("sentence"):
        lines.append(d["sentence"])
    if d.get("facts"):
        lines.append(d["facts"])
    return "\n".join(lines)


def _node_tooltip(g: nx.MultiDiGraph, n: str, d: dict[str, str]) -> str:
    lines = [d["label"], d["kind"] + (f" · {d['class']}" if d.get("class") else "")]
    if d.get("iri"):
        lines.append(d["iri"])
    if d.get("facts"):
        lines += ["", d["facts"]]
    links = [(f"→ {a['label']} {g.nodes[v]['label']}", a) for _, v, a in g.out_edges(n, data=True)] + [
        (f"← {a['label']} {g.nodes[u]['label']}", a) for u, _, a in g.in_edges(n, data=True)
    ]
    if links:
        lines += ["", "links:"]
        for text, a in links[:TOOLTIP_LINKS]:
            lines.append(f"{text}  [{a['status']}]")
            if a.get("sentence"):
                lines.append(_indent(a["sentence"]))
        if len(links) > TOOLTIP_LINKS:
            lines.append(f"… and {len(links) - TOOLTIP_LINKS} more (hover the edges)")
    return "\n".join(lines)


def page_data(g: nx.MultiDiGraph, focus: str | None = None, with_speculation: bool = False) -> dict[str, object]:
    """Node and edge lists for vis-network, the legend, and how to lay the graph out."""
    n_nodes = g.number_of_nodes()
    physics = 0 < n_nodes <= PHYSICS_LIMIT
    from graph.viz.layout import radial_layout

    positions = radial_layout(g, spacing=20.0 if physics else 80.0)
    ids = {n: i for i, n in enumerate(g)}
    nodes = []
    counts: dict[str, int] = {}
    for n, d in g.nodes(data=True):
        kind = d["kind"] if d["kind"] in STYLE else "other"
        counts[kind] = counts.get(kind, 0) + 1
        x, y = positions[n]
        node: dict[str, object] = {
            "id": ids[n],
            "label": _short(d["label"]),
            "full": d["label"],
            "group": kind,
            "title": _node_tooltip(g, n, d),
            "iri": d.get("iri", ""),
            "x": x,
            "y": y,
        }
        if n == focus:
            node.update(size=22, borderWidth=4)
        nodes.append(node)
    edges = []
    parallel: dict[tuple[int, int], int] = {}
    statuses: dict[str, int] = {}
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        a, b = ids[u], ids[v]
        pair = (min(a, b), max(a, b))
        k = parallel[pair] = parallel.get(pair, -1) + 1
        speculative = d["status"] == "speculation"
        statuses["speculation" if speculative else "fact"] = (
            statuses.get("speculation" if speculative else "fact", 0) + 1
        )
        color = SPECULATION_COLOR if speculative else EDGE_COLOR
        edge: dict[str, object] = {
            "id": i,
            "from": a,
            "to": b,
            "label": _short(d["label"], 30),
            "title": _edge_tooltip(g, u, v, d),
            "color": {"color": color},
            "base": color,
        }
        if speculative:
            edge["dashes"] = [8, 6]
        if k or a == b:  # parallel edges bend apart so their labels do not overlap
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 + 0.15 * k}
        edges.append(edge)
    kinds = [
        {"kind": k, "shape": STYLE[k][0], "color": STYLE[k][1], "border": STYLE[k][2], "text": STYLE[k][3], "count": c}
        for k in KINDS
        if (c := counts.get(k, 0))
    ]
    lines = [
        {
            "text": "fact: stated or inferred by a source",
            "color": EDGE_COLOR,
            "dashed": False,
            "count": statuses.get("fact", 0),
        },
        {
            "text": "speculation: the source only guesses"
            + ("" if with_speculation else " (drawn with kg viz --with-speculation)"),
            "color": SPECULATION_COLOR,
            "dashed": True,
            "count": statuses.get("speculation", 0),
        },
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "kinds": kinds,
        "lines": lines,
        "physics": physics,
        "iterations": 300 if n_nodes <= 100 else 150,
        "large": n_nodes >= LARGE_LIMIT,
        "focus": ids.get(focus) if focus is not None else None,
    }


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_page(
    g: nx.MultiDiGraph, title: str, *, focus: str | None = None, with_speculation: bool = False, notice: str = ""
) -> bytes:
    """The whole page as UTF-8 bytes; its size grows linearly with the graph."""
    data = page_data(g, focus, with_speculation)
    n, m = g.number_of_nodes(), g.number_of_edges()
    if data["large"] and not notice:
        notice = (
            f"This graph is large ({n} nodes, {m} edges): its layout was computed ahead and does not move, "
            "and labels show as you zoom in. For a readable view draw part of it: "
            "kg viz --focus ENTITY --depth 2, or kg viz --query QUERY (a CONSTRUCT query)."
        )
    if n == 0 and not notice:
        notice = "Nothing to draw: no statements. Check the --query or --focus you gave."
    vis_js, vis_css = _vis_assets()
    page_js = _asset("page.js")
    summary = f"{n} nodes · {m} edges · " + ("with speculation" if with_speculation else "stated and inferred facts")
    values = {
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(summary),
        "NOTICE": html.escape(notice),
        "NOTICE_HIDDEN": "" if notice else " hidden",
        "VIS_CSS": vis_css,
        "PAGE_CSS": _asset("page.css"),
        "DATA": script_json(data),
        "VIS_JS": vis_js,
        "PAGE_JS": page_js,
    }
    template = _asset("page.html").replace(
        "script-src 'unsafe-inline'", f"script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}"
    )
    # one pass, so text put in is never searched for placeholders again
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template).encode("utf-8")


def neighbourhood(g: nx.MultiDiGraph, center: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within `depth` links of `center` (either direction) and the edges among them."""
    return nx.ego_graph(g, center, radius=depth, undirected=True)
