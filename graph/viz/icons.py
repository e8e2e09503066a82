"""The legend's pictures: each kind of node drawn as a small SVG in the shape and colours the
network draws it with (vis-network's star, triangle, square, diamond, dot, hexagon, box), as a
`data:` URI. One home for `kg viz`'s legend and the workbench's (`/api/styles`), so a legend
always shows the shapes drawn."""

from __future__ import annotations

from urllib.parse import quote

#: vis-network shape -> an SVG element in a 18x18 box centred on 0,0 (fill and stroke added)
_SHAPES = {
    "star": '<polygon points="0,-8 2.2,-2.6 8,-2.6 3.4,1 5,7 0,3.6 -5,7 -3.4,1 -8,-2.6 -2.2,-2.6"/>',
    "triangle": '<polygon points="0,-7.5 7.5,6 -7.5,6"/>',
    "triangleDown": '<polygon points="0,7.5 7.5,-6 -7.5,-6"/>',
    "diamond": '<polygon points="0,-8 8,0 0,8 -8,0"/>',
    "hexagon": '<polygon points="0,-8 7,-4 7,4 0,8 -7,4 -7,-4"/>',
    "square": '<polygon points="-6.5,-6.5 6.5,-6.5 6.5,6.5 -6.5,6.5"/>',
    "box": '<rect x="-8" y="-5" width="16" height="10" rx="1.5"/>',
    "ellipse": '<rect x="-8" y="-5" width="16" height="10" rx="5"/>',
    "dot": '<circle r="7"/>',
}


def shape_svg(shape: str, fill: str, stroke: str) -> str:
    """An 18x18 SVG of a vis-network shape in these colours (a dot for a shape not listed)."""
    body = _SHAPES.get(shape, _SHAPES["dot"])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="-9 -9 18 18">'
        f'<g fill="{fill}" stroke="{stroke}" stroke-width="1.3">{body}</g></svg>'
    )


def shape_icon(shape: str, fill: str, stroke: str) -> str:
    """The same SVG as a `data:` URI, for an <img> (a page's CSP allows `img-src data:`)."""
    return "data:image/svg+xml," + quote(shape_svg(shape, fill, stroke), safe="")
