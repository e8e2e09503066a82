"""The interactive page of `kg viz`: one self-contained HTML file drawing a network with pyvis.

A `pyvis.network.Network` holds the nodes, edges and vis-network options and renders the
page through the project's own template (`assets/page.html`, autoescaped), not pyvis's,
which links CDNs and inserts its heading as raw HTML. Its node and edge lists are filled
directly (`add_node`/`from_nx` are super-linear). vis-network (pyvis's bundled copy) is
inlined, so the page works offline and sends no request; text from the data goes in as
JSON read with `JSON.parse` and is only ever shown as text. Small graphs settle with a
capped physics run; larger ones get a layout computed here (`graph.viz.layout`) and physics
off, so no page hangs the browser tab.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path

import networkx as nx

from graph.viz.kinds import KINDS
from graph.viz.tooltips import edge_hover, edge_tooltip, node_hover, node_tooltip

ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATE = "page.html"
#: Up to this many nodes the browser's physics lays the graph out (starting from our layout,
#: drawn compact so that it spreads out and settles within a capped number of iterations).
PHYSICS_LIMIT = 2500
#: From this many nodes the page says it is large and suggests --focus or --query.
LARGE_LIMIT = 3000
LABEL_CHARS = 40

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
#: status -> (line colour, colour when its node is selected)
EDGE_COLOR = "#8a99a8"
EDGE_EMPHASIS = "#2b3640"
SPECULATION_COLOR = "#e8860c"
SPECULATION_EMPHASIS = "#9c5200"
#: Code points the HTML spec forbids in a document (controls, noncharacters): escaped inside
#: scripts, replaced by U+FFFD in text.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
    + "]"
)


@cache
def _vis_assets() -> tuple[str, str]:
    """pyvis's bundled vis-network script (C1 controls written as escapes) and style sheet."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise RuntimeError("pyvis is not installed: it provides the vis-network script the page inlines")
    lib = Path(spec.origin).parent / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    # vis-network has a raw U+0085 inside a string literal; `\u0085` is the same string in
    # JavaScript and leaves the page valid HTML
    script = _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", script)
    return script, (lib / "vis-network.css").read_text(encoding="utf-8")


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element and valid HTML: ASCII only (controls,
    noncharacters and line separators become escapes), and no `<`, `>` or `&`."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
            "tip": node_hover(d),
            "details": node_tooltip(g, n, d),
            "iri": d.get("iri", ""),
            "x": x,
            "y": y,
        }
        if n == focus:
            node.update(size=22, borderWidth=4)
        nodes.append(node)
    del positions
    edges = []
    parallel: dict[tuple[int, int], int] = {}
    statuses = {"fact": 0, "speculation": 0}
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        a, b = ids[u], ids[v]
        pair = (min(a, b), max(a, b))
        k = parallel[pair] = parallel.get(pair, -1) + 1
        speculative = d["status"] == "speculation"
        statuses["speculation" if speculative else "fact"] += 1
        color, emphasis = (SPECULATION_COLOR, SPECULATION_EMPHASIS) if speculative else (EDGE_COLOR, EDGE_EMPHASIS)
        edge: dict[str, object] = {
            "id": i,
            "from": a,
            "to": b,
            "label": _short(d["label"], 30),
            "tip": edge_hover(g, u, v, d),
            "details": edge_tooltip(g, u, v, d),
            "color": {"color": color, "highlight": emphasis, "hover": emphasis},
            "base": color,
        }
        if speculative:
            edge["dashes"] = [8, 6]
        if k or a == b:  # parallel edges bend apart so their labels do not overlap
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 + 0.15 * k}
        edges.append(edge)
    from graph.viz.icons import shape_icon

    kinds = [
        {
            "kind": k,
            "shape": STYLE[k][0],
            "color": STYLE[k][1],
            "border": STYLE[k][2],
            "text": STYLE[k][3],
            "icon": shape_icon(*STYLE[k][:3]),
            "count": c,
        }
        for k in KINDS
        if (c := counts.get(k, 0))
    ]
    lines = [
        {
            "text": "fact: stated or inferred by a source",
            "color": EDGE_COLOR,
            "dashed": False,
            "count": statuses["fact"],
        },
        {
            "text": "speculation: the source only guesses"
            + ("" if with_speculation else " (drawn with kg viz --with-speculation)"),
            "color": SPECULATION_COLOR,
            "dashed": True,
            "count": statuses["speculation"],
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


def vis_options(data: dict[str, object]) -> dict[str, object]:
    """vis-network's options: a group per kind, edge and label styles, physics for small graphs."""
    large = bool(data["large"])
    groups = {
        k["kind"]: {
            "shape": k["shape"],
            "color": {
                "background": k["color"],
                "border": k["border"],
                "highlight": {"background": k["color"], "border": "#111"},
                "hover": {"background": k["color"], "border": "#111"},
            },
        }
        for k in data["kinds"]  # type: ignore[attr-defined]
    }
    font = "system-ui, DejaVu Sans, sans-serif"
    return {
        "groups": groups,
        "nodes": {
            "size": 14,
            "borderWidth": 1.5,
            "font": {"size": 14, "face": font, "color": "#222", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "scaling": {"label": {"enabled": False, "drawThreshold": 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"color": EDGE_COLOR, "highlight": EDGE_EMPHASIS, "hover": EDGE_EMPHASIS, "inherit": False},
            "font": {"size": 12, "color": "#555", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            "width": 1,
            "selectionWidth": 1.5,
            "smooth": False,
            "scaling": {"label": {"enabled": False, "drawThreshold": 9}},
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "hover": not large,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": False,
            "selectConnectedEdges": True,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "centralGravity": 0.01,
                "springLength": 145,
                "springConstant": 0.06,
                "avoidOverlap": 0.9,
            },
            "stabilization": {"enabled": True, "iterations": data["iterations"], "updateInterval": 50, "fit": True},
            "minVelocity": 1.5,
        }
        if data["physics"]
        else {"enabled": False},
    }


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _plain(text: str) -> str:
    """Text for the page's markup: code points HTML forbids become U+FFFD (escaping is Jinja's)."""
    return _FORBIDDEN.sub("\ufffd", text)


def render_page(
    g: nx.MultiDiGraph, title: str, *, focus: str | None = None, with_speculation: bool = False, notice: str = ""
) -> bytes:
    """The whole page as UTF-8 bytes, rendered by pyvis through our template; linear in the graph."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup
    from pyvis.network import Network

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

    # The node and edge lists, most of the page, are written as JSON here, each let go as soon
    # as it is, and put in place of a marker after the rest is rendered: one copy of the page
    # at a time, never the lists, their JSON, the rendered text and its bytes at once.
    lists = {}
    for name in ("nodes", "edges"):
        lists[name] = script_json(data.pop(name)).encode("ascii")
    net = Network(directed=True, heading=_plain(title), cdn_resources="in_line")
    net.options = vis_options(data)  # a dict: pyvis writes it with json.dumps
    net.set_template_dir(str(ASSETS), TEMPLATE)
    # our own environment: autoescaped, so the heading and every text is escaped as HTML
    net.templateEnv = Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=True)
    net.templateEnv.filters["script_json"] = lambda value: Markup(script_json(value))
    net.templateEnv.filters["script_text"] = lambda text: Markup(_FORBIDDEN.sub("", str(text)).replace("<", "\\u003c"))
    net.templateEnv.globals.update(
        summary=summary,
        notice=_plain(notice),
        page=data,
        vis_css=Markup(vis_css),
        page_css=Markup(_asset("page.css")),
        vis_js=Markup(vis_js),
        page_js=Markup(page_js),
        script_hashes=f"{_csp_hash(vis_js)} {_csp_hash(page_js)}",
        nodes_json=Markup(_MARK.format("nodes")),
        edges_json=Markup(_MARK.format("edges")),
    )
    rest = net.generate_html("kg-viz.html").encode("utf-8")
    before, after = rest.split(_MARK.format("nodes").encode(), 1)
    middle, end = after.split(_MARK.format("edges").encode(), 1)
    return b"".join((before, lists.pop("nodes"), middle, lists.pop("edges"), end))


#: Where the node and edge lists go in the rendered page (NUL: never in an HTML page).
_MARK = "\x00kg-{}\x00"


def neighbourhood(g: nx.MultiDiGraph, center: str, depth: int) -> nx.MultiDiGraph:
    """The nodes within `depth` links of `center` (either direction) and the edges among them."""
    return nx.ego_graph(g, center, radius=depth, undirected=True)
