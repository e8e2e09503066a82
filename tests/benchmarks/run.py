"""The benchmark suite, one command: figures and ratios against peers, measured in this run.

    python tests/benchmarks/run.py                       # 10k and 100k statements
    python tests/benchmarks/run.py --sizes 10k --quick   # a smoke run
    python tests/benchmarks/run.py --sizes 10k,100k,1m   # add the 1M figures (minutes, ~1 GB)

Every command runs as a fresh process with the interpreter running this script (so it works
from any venv, symlinked or not) and its peak memory is read from `/usr/bin/time -f %M`.
Peers on the same data and the same query: a bare pyoxigraph script (the floor), the same
with `import click` first (the floor for any click CLI), the `oxigraph` CLI (`pip install
oxigraph`) for loading, querying and serving, and rdflib's `sparqlquery`. Sections:

1. cold `kg query` on the bundled graph vs the floors, `oxigraph query` and `sparqlquery`;
2. per size: cache build vs `oxigraph load`, cold queries from the cache vs `oxigraph query`,
   the commands `kg validate`, `kg season add --dry-run`, the first `--entailment rdfs` and
   `kg viz` against `oxigraph load` of the same files in `--rounds` rounds (time and peak
   memory, with what issue 22 asks of each), and how each grows from one size to the next;
3. `kg serve` vs `oxigraph serve-read-only` under `wrk` at 1/8/32 clients (Debian: `apt-get
   install wrk`; the section says so and is skipped when wrk is missing).

A peer that is not installed is reported as such; a run past --timeout shows as "> N s".
"""

from __future__ import annotations

import argparse
import itertools
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

from common import PYTHON, kg, table, tool  # noqa: E402
from synthetic import generate, is_current  # noqa: E402

SIZES = {"1k": 1_000, "10k": 10_000, "30k": 30_000, "100k": 100_000, "300k": 300_000, "1m": 1_000_000}
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None

FLOOR = """
{click}import sys, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[2:]:
    store.load(path=path)
text = open(sys.argv[1]).read()
answer = store.query(text, use_default_graph_as_union=True)
sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.CSV))
"""


class Run:
    """One fresh process: seconds (None if cut), peak memory in MB, exit status, stderr tail;
    for a median of runs made in turn with others, each round's seconds (`rounds`)."""

    __slots__ = ("error", "peak", "rounds", "seconds")

    def __init__(
        self, seconds: float | None, peak: float | None, error: str = "", rounds: list[float | None] | None = None
    ) -> None:
        self.seconds, self.peak, self.error, self.rounds = seconds, peak, error, rounds or []


def run(command: list[str], timeout: float, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    full = [TIME, "-f", "%M", *command] if TIME else command
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            full, capture_output=True, timeout=timeout, cwd=cwd, env={**os.environ, **(env or {})}, check=False
        )
    except subprocess.TimeoutExpired:
        return Run(None, None)
    seconds = time.perf_counter() - start
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    peak = float(err.pop()) / 1024 if TIME and err and err[-1].isdigit() else None
    if proc.returncode != 0:
        return Run(seconds, peak, (err[-1] if err else f"exit {proc.returncode}")[:160])
    return Run(seconds, peak)


def cold(command: list[str], repeat: int, timeout: float, **kw: object) -> Run:
    """Median time (and the largest peak) of `repeat` fresh runs; one run when slow."""
    runs = [run(command, timeout, **kw)]  # type: ignore[arg-type]
    if runs[0].error or runs[0].seconds is None:
        return runs[0]
    if runs[0].seconds < 2:
        runs += [run(command, timeout, **kw) for _ in range(repeat - 1)]  # type: ignore[arg-type]
    return _median(runs)


def cold_in_turn(commands: dict[str, list[str]], repeat: int, timeout: float) -> dict[str, Run]:
    """Medians of `repeat` rounds in which each command runs once, in turn. Their ratios are
    taken round by round (`ratio`): a machine that speeds up or slows down moves both
    commands of a round alike, where the ratio of two medians would move with it."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(run(command, timeout))
    out = {}
    for name, done in runs.items():
        median = _median(done)
        median.rounds = [r.seconds if not r.error else None for r in done]
        out[name] = median
    return out


def _median(runs: list[Run]) -> Run:
    done = [r for r in runs if r.seconds is not None and not r.error]
    if not done:
        return runs[-1]
    return Run(statistics.median(r.seconds for r in done), max((r.peak or 0) for r in done))  # type: ignore[misc]


def fmt(r: Run | None, timeout: float) -> str:
    if r is None:
        return "not installed"
    if r.error:
        return f"failed: {r.error}"
    if r.seconds is None:
        return f"> {timeout:g} s"
    t = f"{r.seconds * 1000:.0f} ms" if r.seconds < 1 else f"{r.seconds:.2f} s"
    return f"{t}, {r.peak:.0f} MB" if r.peak else t


def ratio(a: Run | None, b: Run | None, what: str = "seconds") -> str:
    """a's figure over b's; for times measured in the same rounds, the median of the rounds' ratios."""
    x, y = (getattr(a, what, None), getattr(b, what, None)) if a and b else (None, None)
    if not x or not y or a.error or b.error:  # type: ignore[union-attr]
        return "-"
    if what == "seconds" and a.rounds and len(a.rounds) == len(b.rounds):  # type: ignore[union-attr]
        pairs = [p / q for p, q in zip(a.rounds, b.rounds, strict=True) if p and q]  # type: ignore[union-attr]
        if pairs:
            return f"{statistics.median(pairs):.2f}x"
    return f"{x / y:.2f}x"


def data_files(root: Path) -> list[str]:
    """The files `kg` loads (all RDF under ontology/ but the shapes)."""
    files = [p for p in (root / "ontology").rglob("*") if p.suffix in (".ttl", ".trig", ".nq", ".nt")]
    return [str(p) for p in sorted(files) if not p.name.startswith("shapes")]


def precompile() -> None:
    """Write the bytecode of the installed `graph` package, as `pip install .` does at install
    time: an editable install run with PYTHONDONTWRITEBYTECODE set would otherwise compile
    every changed module again on each cold run and measure that instead."""
    where = subprocess.run(
        [PYTHON, "-c", "import graph, os; print(os.path.dirname(graph.__file__))"], capture_output=True, text=True
    ).stdout.strip()
    if where:
        subprocess.run(
            [PYTHON, "-m", "compileall", "-q", where],
            capture_output=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
        )


def cold_start(args: argparse.Namespace, work: Path) -> None:
    """Section 1: a cold `kg query` on the bundled graph against the floors and peers."""
    precompile()
    query = REPO / "queries" / "seasons.rq"
    files = data_files(REPO)
    floor, floor_click = work / "floor.py", work / "floor_click.py"
    floor.write_text(FLOOR.format(click=""))
    floor_click.write_text(FLOOR.format(click="import click\n"))
    t = args.timeout
    # the long option too: click handles a short one by first failing to match it as a long
    # one, building an error with suggestions (difflib) in a message (gettext, locale)
    results: dict[str, Run | None] = {
        **cold_in_turn(
            {
                "kg query seasons": kg("query", "seasons", "--graph", str(REPO), "-f", "csv"),
                "kg query seasons, --format": kg("query", "seasons", "--graph", str(REPO), "--format", "csv"),
                "floor: bare pyoxigraph script": [PYTHON, str(floor), str(query), *files],
                "floor + import click": [PYTHON, str(floor_click), str(query), *files],
            },
            args.repeat,
            t,
        )
    }
    oxigraph, sparqlquery = tool("oxigraph"), tool("sparqlquery")
    results["oxigraph query (CLI, loaded store)"] = None
    if oxigraph:
        location = work / "bundled-oxigraph"
        if not location.exists():
            run([oxigraph, "load", "--location", str(location), "--file", *files], t)
        command = [oxigraph, "query", "--location", str(location), "--query-file", str(query)]
        results["oxigraph query (CLI, loaded store)"] = cold(
            [*command, "--results-format", "csv", "--union-default-graph"], args.repeat, t
        )
    results["sparqlquery (rdflib)"] = (
        cold([sparqlquery, *files, "-qf", str(query)], args.repeat, t) if sparqlquery else None
    )
    base = results["floor + import click"]
    rows = [[name, fmt(r, t), ratio(results["kg query seasons"], r)] for name, r in results.items()]
    table(f"Cold query on the bundled graph (median of {args.repeat})", ["command", "time, peak", "kg vs this"], rows)
    print(
        f"\nkg's own cost on top of its dependencies: {ratio(results['kg query seasons'], base)} of the click "
        f"floor ({ratio(results['kg query seasons, --format'], base)} with --format)"
    )


def per_size(args: argparse.Namespace, work: Path, label: str) -> dict[str, Run | None]:
    """Section 2 for one size; returns the command runs for the growth table."""
    t, n = args.timeout, SIZES[label]
    root = work / f"graph-{label}"
    if not is_current(root, n):  # kept from an earlier run, but made from other project files
        generate(n, root)
    files = data_files(root)
    bench = root / "queries" / "bench"
    out: dict[str, Run | None] = {}
    shutil.rmtree(root / ".kg-cache", ignore_errors=True)
    out["cache build (first kg query)"] = run(
        kg("query", str(bench / "lookup.rq"), "--graph", str(root), "--store", "oxigraph"), t
    )
    oxigraph = tool("oxigraph")
    location = work / f"oxigraph-{label}"
    shutil.rmtree(location, ignore_errors=True)
    out["oxigraph load"] = (
        run([oxigraph, "load", "--location", str(location), "--file", *files], t) if oxigraph else None
    )
    rows = [[name, fmt(r, t)] for name, r in out.items()]
    rows.append(
        [
            "cache build vs oxigraph load (time / peak)",
            f"{ratio(out['cache build (first kg query)'], out['oxigraph load'])} / {ratio(out['cache build (first kg query)'], out['oxigraph load'], 'peak')}",
        ]
    )
    for shape in ("lookup", "join", "group"):
        mine = cold(
            kg("query", str(bench / f"{shape}.rq"), "--graph", str(root), "--store", "oxigraph", "-f", "csv"),
            args.repeat,
            t,
        )
        peer = None
        if oxigraph:
            peer = cold(
                [
                    oxigraph,
                    "query",
                    "--location",
                    str(location),
                    "--query-file",
                    str(bench / f"{shape}.rq"),
                    "--results-format",
                    "csv",
                    "--union-default-graph",
                ],
                args.repeat,
                t,
            )
        rows.append(
            [
                f"cold kg query {shape} (cache) / oxigraph query",
                f"{fmt(mine, t)} / {fmt(peer, t)} = {ratio(mine, peer)}",
            ]
        )
        if shape == "join":
            as_json = cold(
                kg("query", str(bench / "join.rq"), "--graph", str(root), "--store", "oxigraph", "-f", "json"),
                args.repeat,
                t,
            )
            rows.append(
                [
                    "cold kg query join -f json / -f csv (time / peak)",
                    f"{fmt(as_json, t)} / {fmt(mine, t)} = {ratio(as_json, mine)} / {ratio(as_json, mine, 'peak')}",
                ]
            )
        if shape == "join" and not args.quick:
            sparqlquery = tool("sparqlquery")
            sq = run([sparqlquery, *files, "-qf", str(bench / "join.rq")], t) if sparqlquery else None
            rows.append(["sparqlquery join (rdflib, parses each run)", f"{fmt(sq, t)}; kg is {ratio(sq, mine)} faster"])
    table(f"{label} statements ({n:,} asked)", ["what", "figure"], rows)
    commands = commands_at(args, root, work, label)
    targets_table(label, commands, args.rounds, t)
    return {name: r for name, r in commands.items() if name != "oxigraph load"}


#: What issue 22 asks of each whole-graph command, against `oxigraph load` of the same files
#: measured in the same rounds: (time ratio, peak ratio, peak in MB), None where it asks nothing.
TARGETS: dict[str, tuple[float | None, float | None, float | None]] = {
    "kg validate": (5, 1.5, None),
    "kg season add --dry-run": (5, 1.5, None),
    "first kg query --entailment rdfs": (3, None, None),
    "kg viz": (None, None, 1000),
}


def commands_at(args: argparse.Namespace, root: Path, work: Path, label: str) -> dict[str, Run | None]:
    """The whole-graph commands, each a fresh process on a warm cache, measured in rounds with
    `oxigraph load` of the same files: each round runs every command once, in turn, and the
    ratios are taken round by round (`ratio`), as in `cold_in_turn`."""
    t = args.timeout
    copy = work / f"season-{label}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".kg-cache"))
    article = work / "season-article.txt"
    article.write_text("XO, Kitty Season 9 Is Coming\nNetflix has renewed XO, Kitty for season 9, the streamer said.\n")
    added = run(
        kg("source", "add", str(article), "--title", "Season 9", "--slug", "bench-season-9", "--graph", str(copy)), t
    )
    query = str(root / "queries" / "bench" / "lookup.rq")
    run(kg("query", query, "--graph", str(root), "--store", "oxigraph"), t)  # the cache is built
    oxigraph, location = tool("oxigraph"), work / f"oxigraph-{label}-rounds"
    commands: dict[str, list[str]] = {
        "kg validate": kg("validate", "--graph", str(root)),
        "kg season add --dry-run": kg(
            *("season", "add", "--number", "9", "--series", "kg:XOKitty"),  # the copies' namesake of the series
            *("--source", "bench-season-9", "--quote", "Netflix has renewed", "--dry-run", "--graph", str(copy)),
        ),
        "first kg query --entailment rdfs": kg(
            "query", query, "--graph", str(root), "--store", "oxigraph", "--entailment", "rdfs"
        ),
        "kg viz": kg("viz", "--graph", str(root), "-o", str(work / f"viz-{label}.html")),
    }
    if oxigraph:
        commands["oxigraph load"] = [oxigraph, "load", "--location", str(location), "--file", *data_files(root)]

    def prepare(name: str) -> None:
        if name == "first kg query --entailment rdfs":
            for folder in (root / ".kg-cache").glob("*-rdfs"):
                shutil.rmtree(folder)
        elif name == "oxigraph load":
            shutil.rmtree(location, ignore_errors=True)

    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            prepare(name)
            runs[name].append(run(command, t))
    out: dict[str, Run | None] = {}
    for name, done in runs.items():
        out[name] = _median(done)
        out[name].rounds = [r.seconds if not r.error else None for r in done]  # type: ignore[union-attr]
    if added.error:
        out["kg season add --dry-run"] = added
    return out


def targets_table(label: str, out: dict[str, Run | None], rounds: int, t: float) -> None:
    """Each whole-graph command against `oxigraph load` of the same files: time (median of the
    rounds' ratios) and peak memory, with what issue 22 asks."""
    peer = out.get("oxigraph load")
    rows = []
    for name, (most_time, most_peak, most_mb) in TARGETS.items():
        r = out.get(name)
        asked = [f"time {most_time:g}x"] if most_time else []
        asked += [f"peak {most_peak:g}x"] if most_peak else []
        asked += [f"peak < {most_mb:g} MB"] if most_mb else []
        rows.append([name, fmt(r, t), ratio(r, peer), ratio(r, peer, "peak"), ", ".join(asked)])
    rows.append(["oxigraph load (the peer)", fmt(peer, t), "1.00x", "1.00x", ""])
    table(
        f"{label}: whole-graph commands vs oxigraph load of the same files ({rounds} rounds)",
        ["command", "time, peak (median)", "time vs load", "peak vs load", "issue 22 asks"],
        rows,
    )


def growth(sizes: list[str], per: dict[str, dict[str, Run | None]], t: float) -> None:
    if len(sizes) < 2:
        return
    names = list(per[sizes[0]])
    header = ["command", *sizes, *(f"{a} -> {b}" for a, b in itertools.pairwise(sizes))]
    rows = []
    for name in names:
        runs = [per[s].get(name) for s in sizes]
        rows.append([name, *(fmt(r, t) for r in runs), *(ratio(b, a) for a, b in itertools.pairwise(runs))])
    table("Growth of the whole-graph commands (target: at most 12x for 10x data)", header, rows)


def serving(args: argparse.Namespace, work: Path, label: str) -> None:
    """Section 3: `kg serve` (its default store) against `oxigraph serve-read-only` loaded with
    kg's default view, under wrk (`bench_serve.measure`, the one home of this benchmark)."""
    title = f"Serving {label} statements (wrk, {args.serve_seconds} s per row)"
    if not shutil.which("wrk") or not tool("oxigraph"):
        print(f"\n## {title}\n\nneeds wrk (apt-get install wrk) and the oxigraph CLI (pip install oxigraph)")
        return
    from bench_serve import measure
    from bench_serve import ratio as serve_ratio

    rows = []
    for row in measure(work / f"graph-{label}", work, args.serve_seconds):
        ours, theirs = row["kg"], row["oxigraph"]
        rows.append(
            [
                str(row["query"]),
                str(row["clients"]),
                f"{ours['rps']:,.0f} / {theirs['rps']:,.0f}",  # type: ignore[index]
                f"{serve_ratio(row):.2f}x",
                f"{ours['p99']:.1f} / {theirs['p99']:.1f}",  # type: ignore[index]
                f"{ours['errors']:.0f} / {theirs['errors']:.0f}",  # type: ignore[index]
            ]
        )
    table(title, ["query", "clients", "req/s kg / oxigraph", "ratio", "p99 ms kg / oxigraph", "errors"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help=f"comma-separated, of {', '.join(SIZES)}")
    parser.add_argument("--repeat", type=int, default=5, help="runs per cold measurement (median)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the whole-graph commands and oxigraph load (median)"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run is cut")
    parser.add_argument("--serve-seconds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip rdflib's slow peers and serving")
    parser.add_argument("--workdir", type=Path, help="keep generated graphs here (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    )
    print(f"# kg benchmarks {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {head.stdout.strip() or '?'}, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {PYTHON}")  # fmt: skip
    try:
        cold_start(args, work)
        per = {label: per_size(args, work, label) for label in sizes}
        growth(sizes, per, args.timeout)
        if not args.quick:
            serving(args, work, "100k" if "100k" in sizes else sizes[-1])
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
