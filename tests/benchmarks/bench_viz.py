"""Benchmark `kg viz` on synthetic franchise-shaped graphs of about 1k, 10k and 100k statements.

Prints, per size: statements loaded, time to build the NetworkX graph, time to write the
page, the page's size, and the time headless Chromium takes from navigation until the page
says its layout has settled (`window.kgSettled`).

    python tests/benchmarks/bench_viz.py [SIZES...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from synthetic import generate

from graph.api import KnowledgeGraph
from graph.files import atomic_write
from graph.viz.network import build_network
from graph.viz.page import render_page
from tests.chromium import browser_context


def browser_settle_seconds(page_path: Path, timeout_s: float = 300) -> float:
    """Seconds from navigation start until the page sets window.kgSettled (fresh profile)."""
    with browser_context() as context:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(page_path.as_uri(), timeout=timeout_s * 1000)
        page.wait_for_function("() => window.kgSettled === true", timeout=timeout_s * 1000, polling=100)
        return time.perf_counter() - start


def run(target: int, work: Path) -> None:
    folder = work / f"g{target}"
    generate(target, folder)
    kg = KnowledgeGraph.open(folder, store="oxigraph-memory")
    statements = kg.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?c { ?s ?p ?o } ?c a kgo:Claim }")[0]["n"]

    start = time.perf_counter()
    g = build_network(kg.engine, collapse_roles=True)
    build_s = time.perf_counter() - start

    out = work / f"page-{target}.html"
    start = time.perf_counter()
    atomic_write(out, render_page(g, f"synthetic {target}"))
    write_s = time.perf_counter() - start

    size_mb = out.stat().st_size / 1e6
    settle_s = browser_settle_seconds(out)
    print(
        f"{target:>7} | {statements:>7} | {g.number_of_nodes():>6} | {g.number_of_edges():>6} | "
        f"{build_s:8.2f} s | {write_s:8.2f} s | {size_mb:7.1f} MB | {settle_s:8.2f} s",
        flush=True,
    )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000]
    print(" target | claimed | nodes  | edges  | networkx   | page write | page size | browser settled")
    with tempfile.TemporaryDirectory(prefix="kg-bench-viz-") as tmp:
        for target in sizes:
            run(target, Path(tmp))


if __name__ == "__main__":
    main()
