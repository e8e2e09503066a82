"""Benchmark: cold `kg query` on each store and graph size, against rdflib and `sparqlquery`.

    python tests/benchmarks/bench_query.py                 # 1k, 10k, 100k, 1M statements
    python tests/benchmarks/bench_query.py --sizes 1k,10k --repeat 3

For each size (synthetic franchise graphs from synthetic.py) and store it prints the load
time (building the disk cache, or parsing into memory), the median cold time of three query
shapes (lookup, four-way join, GROUP BY) as fresh processes, their peak memory, and ratios
against rdflib's memory store (`--store memory`) and rdflib's own CLI `sparqlquery`, all
measured in this run. Then issue 2's figure: a named query on the bundled graph, cold, vs
`sparqlquery` on the same data and query. Every command runs through the real interpreter
binary (not the pyenv shim, which adds ~70 ms to any command), the same way for both tools.
Slow runs are cut at --timeout seconds and shown as "> N s".
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from synthetic import generate  # noqa: E402

PYTHON = os.path.realpath(sys.executable)
SPARQLQUERY = str(Path(PYTHON).parent / "sparqlquery")
SHAPES = ("lookup", "join", "group")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def timed(command: list[str], timeout: float, env: dict[str, str] | None = None) -> tuple[float | None, int, int]:
    """Run a command; (seconds or None if cut, peak RSS in MB, output lines)."""
    full = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command
    start = time.perf_counter()
    try:
        proc = subprocess.run(full, capture_output=True, timeout=timeout, env={**os.environ, **(env or {})})
    except subprocess.TimeoutExpired:
        return None, 0, 0
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {proc.stderr.decode()[-500:]}")
    peak = proc.stderr.decode().strip().splitlines()[-1] if full is not command else "0"
    rows = sum(1 for line in proc.stdout.splitlines() if line.strip())
    return elapsed, int(peak) // 1024 if peak.isdigit() else 0, rows


def cold(command: list[str], repeat: int, timeout: float) -> tuple[float | None, int, int]:
    """Median of `repeat` fresh runs (one run if the first is slow or cut)."""
    runs = [timed(command, timeout)]
    if runs[0][0] is not None and runs[0][0] < 5:
        runs += [timed(command, timeout) for _ in range(repeat - 1)]
    if any(r[0] is None for r in runs):
        return None, 0, 0
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[0][2]  # type: ignore[misc]


def default_view(root: Path | None) -> Path:
    """The graph's default view (what kg queries) as one N-Triples file, for sparqlquery:
    rdflib reading the TriG itself would not see the claims' statements in its default graph."""
    target = (root or Path(tempfile.mkdtemp(prefix="kg-bundled-"))) / "default-view.nt"
    graph = ["--graph", str(root)] if root else []
    subprocess.run([PYTHON, "-m", "graph", *graph, "export", "-f", "nt", "-o", str(target)], check=True)
    return target


def kg_query(root: Path, shape: str, store: str) -> list[str]:
    return [PYTHON, "-m", "graph", "--graph", str(root), "query", shape, "--store", store, "-f", "csv"]


def sparqlquery(files: list[Path], query: Path) -> list[str]:
    return [PYTHON, SPARQLQUERY, *map(str, files), "-qf", str(query), "-f", "csv"]


def load_time(root: Path, store: str, timeout: float) -> tuple[float | None, int]:
    """Seconds (and peak MB) to open the graph in a store from nothing, disk cache removed
    first; interpreter start-up is included, the same for every store."""
    shutil.rmtree(root / ".kg-cache", ignore_errors=True)
    code = f"from graph.api import KnowledgeGraph; KnowledgeGraph.open({str(root)!r}, store={store!r})"
    seconds, peak, _ = timed([PYTHON, "-c", code], timeout)
    return seconds, peak


def fmt_s(value: float | None, timeout: float) -> str:
    if value is None:
        return f"> {timeout:g} s"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio(slow: float | None, fast: float | None, timeout: float) -> str:
    if fast is None:
        return "-"
    if slow is None:
        return f"> {timeout / fast:.0f}x"
    return f"{slow / fast:.1f}x"


def bench_size(label: str, statements: int, args: argparse.Namespace, work: Path) -> None:
    root = work / label
    count = generate(statements, root)
    files = [default_view(root)]
    print(f"\n## {label}: {count:,} statements of facts + the ontology ({root})")
    print("| store | load | shape | cold query | peak MB | rows | vs rdflib memory | vs sparqlquery |")
    print("|---|---|---|---|---|---|---|---|")
    big = statements >= 1_000_000
    rdflib_cap = args.rdflib_timeout if big else args.timeout
    memory = {s: cold(kg_query(root, s, "memory"), args.repeat, rdflib_cap) for s in SHAPES}
    reference = {s: memory[s][0] for s in SHAPES}
    cli = {s: cold(sparqlquery(files, root / "queries" / f"{s}.rq"), args.repeat, rdflib_cap)[0] for s in SHAPES}
    for store in ("oxigraph", "oxigraph-memory", "memory"):
        cap = rdflib_cap if store == "memory" else args.timeout
        loaded, load_peak = load_time(root, store, cap)
        if store == "oxigraph" and loaded is None:
            print(f"| {store} | > {cap:g} s | | | | | | |")
            continue
        for shape in SHAPES:
            if store == "memory":
                seconds, peak, rows = memory[shape]
            else:
                seconds, peak, rows = cold(kg_query(root, shape, store), args.repeat, cap)
                if store == "oxigraph" and shape == "lookup":
                    shutil.rmtree(root / ".kg-cache", ignore_errors=True)
                    cold(kg_query(root, shape, store), 1, cap)  # rebuild the cache, then time cold queries
                    seconds, peak, rows = cold(kg_query(root, shape, store), args.repeat, cap)
            print(
                f"| {store} | {fmt_s(loaded, cap)} ({load_peak} MB) | {shape} | {fmt_s(seconds, cap)} | {peak} | "
                f"{max(rows - 1, 0)} | {ratio(reference[shape], seconds, rdflib_cap)} | "
                f"{ratio(cli[shape], seconds, rdflib_cap)} |"
            )
    print(
        "| sparqlquery (rdflib CLI) | (parses each run) | "
        + " / ".join(f"{s} {fmt_s(cli[s], rdflib_cap)}" for s in SHAPES)
        + " | | | | | |"
    )


def bench_bundled(args: argparse.Namespace) -> None:
    """Issue 2's figure: a named query on the bundled graph, cold, vs sparqlquery."""
    from graph.api import KnowledgeGraph
    from graph.store.endpoint import with_prefixes

    kg = KnowledgeGraph.open()
    name = args.named
    text = (kg.location.queries_dir / f"{name}.rq").read_text()
    with tempfile.NamedTemporaryFile("w", suffix=".rq", delete=False) as handle:
        handle.write(with_prefixes(text))  # sparqlquery does not know kg's common prefixes
    ours = cold([PYTHON, "-m", "graph", "query", name, "-f", "csv"], args.bundled_repeat, args.timeout)
    data = default_view(None)
    theirs = cold(sparqlquery([data], Path(handle.name)), args.bundled_repeat, args.timeout)
    os.unlink(handle.name)
    shutil.rmtree(data.parent, ignore_errors=True)
    print(f"\n## Bundled graph: cold `kg query {name}` vs `sparqlquery` (median of {args.bundled_repeat})")
    print("| command | median | peak MB | rows |")
    print("|---|---|---|---|")
    print(f"| kg query {name} | {fmt_s(ours[0], args.timeout)} | {ours[1]} | {ours[2] - 1} |")
    print(
        f"| sparqlquery (same data as N-Triples, same query) | {fmt_s(theirs[0], args.timeout)} | {theirs[1]} | {theirs[2] - 1} |"
    )
    print(f"| ratio | {ratio(theirs[0], ours[0], args.timeout)} faster | | |")
    startup = cold([PYTHON, "-c", "pass"], args.bundled_repeat, args.timeout)[0]
    print(f"(interpreter start-up alone, with this machine's site-packages: {fmt_s(startup, args.timeout)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,10k,100k,1m", help="comma-separated: 1k,10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=5, help="cold runs per figure (median)")
    parser.add_argument("--bundled-repeat", type=int, default=21)
    parser.add_argument("--named", default="seasons", help="named query for the bundled-graph figure")
    parser.add_argument("--timeout", type=float, default=120, help="cut any run after this many seconds")
    parser.add_argument("--rdflib-timeout", type=float, default=60, help="cap for rdflib runs on 1M statements")
    parser.add_argument("--work", help="folder for the synthetic graphs (default: a temporary one)")
    args = parser.parse_args()
    print(f"interpreter: {PYTHON}; sparqlquery: {SPARQLQUERY}; {os.cpu_count()} CPUs")
    bench_bundled(args)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        for label in args.sizes.lower().split(","):
            bench_size(label, SIZES[label], args, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
