"""A cheap, deterministic layout for graphs too large for a browser's physics simulation.

Each connected component is drawn as a radial tree around its best-connected node (the
breadth-first tree, each subtree given an angle in proportion to its size), and the
components are packed in rows, largest first. Time and memory grow linearly with the graph.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx


def _adjacency(g: nx.Graph) -> dict[Hashable, list[Hashable]]:
    adjacency: dict[Hashable, list[Hashable]] = {n: [] for n in g}
    for u, v in g.edges():
        if u != v:
            adjacency[u].append(v)
            adjacency[v].append(u)
    return adjacency


def _component(root: Hashable, adjacency: dict[Hashable, list[Hashable]], seen: set[Hashable]) -> tuple[list, dict]:
    """Breadth-first order and parents of the component holding `root`."""
    order, parent = [root], {root: None}
    seen.add(root)
    i = 0
    while i < len(order):
        node = order[i]
        i += 1
        for other in adjacency[node]:
            if other not in seen:
                seen.add(other)
                parent[other] = node
                order.append(other)
    return order, parent


def _radial(order: list, parent: dict, spacing: float) -> tuple[dict[Hashable, tuple[float, float]], float]:
    """Positions of one component around (0, 0), and its radius."""
    children: dict[Hashable, list[Hashable]] = {n: [] for n in order}
    depth = {order[0]: 0}
    for node in order[1:]:
        children[parent[node]].append(node)
        depth[node] = depth[parent[node]] + 1
    size = dict.fromkeys(order, 1)
    for node in reversed(order[1:]):
        size[parent[node]] += size[node]
    per_ring: dict[int, int] = {}
    for d in depth.values():
        per_ring[d] = per_ring.get(d, 0) + 1
    radius = {0: 0.0}
    for d in range(1, max(per_ring) + 1):
        # a ring is at least `spacing` further out, and long enough to give each node `spacing`
        radius[d] = max(radius[d - 1] + 2 * spacing, per_ring[d] * spacing / (2 * math.pi))
    wedge = {order[0]: (0.0, 2 * math.pi)}
    positions: dict[Hashable, tuple[float, float]] = {}
    for node in order:
        start, width = wedge[node]
        angle = start + width / 2
        r = radius[depth[node]]
        positions[node] = (r * math.cos(angle), r * math.sin(angle))
        total = size[node] - 1
        for child in children[node]:
            share = width * size[child] / total
            wedge[child] = (start, share)
            start += share
    return positions, radius[max(per_ring)] + spacing


def radial_layout(g: nx.Graph, spacing: float = 80.0) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node: components as radial trees, packed in rows (linear time)."""
    adjacency = _adjacency(g)
    seen: set[Hashable] = set()
    components = []
    for node in sorted(g, key=lambda n: (-len(adjacency[n]), str(n))):
        if node not in seen:
            order, parent = _component(node, adjacency, seen)
            components.append(_radial(order, parent, spacing))
    total_area = sum((2 * r) ** 2 for _, r in components)
    row_width = max(math.sqrt(total_area), max((2 * r for _, r in components), default=0.0))
    positions: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for placed, r in components:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + r, y + r
        for node, (px, py) in placed.items():
            positions[node] = (round(cx + px, 1), round(cy + py, 1))
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return positions
