"""Benchmark `kg serve` under a load tool against `oxigraph serve-read-only` on the same data.

    python tests/benchmarks/bench_serve.py                 # 100k statements, 5 s per run
    python tests/benchmarks/bench_serve.py --statements 10000 --seconds 3

Needs `wrk` (Debian package) and the `oxigraph` CLI (pip package `oxigraph`). Generates a
synthetic franchise graph (synthetic.py), starts both servers on free loopback ports, and
runs the benchmark's lookup and join queries with wrk (HTTP/1.1 keep-alive) at 1, 8 and 32
clients; prints requests/s, p99 latency, errors, and kg's ratio to oxigraph in this run.
oxigraph is loaded with kg's default view as N-Triples, so both answer the same rows.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from common import kg, tool  # noqa: E402
from synthetic import generate  # noqa: E402

ACCEPT = "application/sparql-results+json"
RUNS = (("lookup", 1), ("lookup", 8), ("lookup", 32), ("join", 8), ("join", 32))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_listening(port: int, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port} after {seconds} s")


def start_kg(root: Path, workers: int, store: str) -> tuple[subprocess.Popen[str], int]:
    command = kg("serve", "--graph", str(root), "--port", "0", "--quiet")
    command += ["--workers", str(workers), "--store", store]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline() if proc.stdout else ""
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
    if not match:
        proc.kill()
        raise SystemExit(f"kg serve did not start: {first}")
    return proc, int(match.group(1))


def default_view(root: Path, out: Path) -> Path:
    """kg's default view (what its queries read) as N-Triples, so oxigraph answers the same data."""
    import pyoxigraph as ox

    from graph.locate import locate
    from graph.store.load import discover, load_files

    store = load_files(discover(locate(str(root))).data())
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    out.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    return out


def start_oxigraph(root: Path, store: Path) -> tuple[subprocess.Popen[bytes], int]:
    oxigraph = tool("oxigraph")
    if oxigraph is None:
        raise SystemExit("the oxigraph CLI is not installed (pip install oxigraph)")
    view = default_view(root, store.parent / "view.nt")
    subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(view)], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(
        [oxigraph, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_listening(port)
    return proc, port


def wrk(url: str, clients: int, seconds: int) -> dict[str, float]:
    """One wrk run: requests/s, p99 in ms, and errors (socket errors plus non-2xx answers)."""
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(clients, 2)}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-H",
            f"Accept: {ACCEPT}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99": p99, "errors": errors + (int(non2xx.group(1)) if non2xx else 0)}


def measure(root: Path, tmp: Path, seconds: int, workers: int = 2, store: str = "auto") -> list[dict[str, object]]:
    """Both servers on the graph at `root` (oxigraph's store goes under `tmp`), each run of RUNS
    under wrk: one row per run with kg's and oxigraph's requests/s, p99 and errors."""
    queries = {shape: (HERE / "queries" / f"{shape}.rq").read_text("utf-8") for shape in ("lookup", "join")}
    kg_proc, kg_port = start_kg(root, workers, store)
    ox_proc, ox_port = start_oxigraph(root, tmp / "oxigraph")
    rows: list[dict[str, object]] = []
    try:
        for shape, clients in RUNS:
            target = "?" + urllib.parse.urlencode({"query": queries[shape]})
            ours = wrk(f"http://127.0.0.1:{kg_port}/sparql{target}", clients, seconds)
            time.sleep(1)  # let queries still running from the last run finish
            theirs = wrk(f"http://127.0.0.1:{ox_port}/query{target}", clients, seconds)
            time.sleep(1)
            rows.append({"query": shape, "clients": clients, "kg": ours, "oxigraph": theirs})
    finally:
        for proc in (kg_proc, ox_proc):
            proc.terminate()
            proc.wait(timeout=30)
    return rows


def ratio(row: dict[str, object]) -> float:
    ours, theirs = row["kg"], row["oxigraph"]
    return ours["rps"] / theirs["rps"] if theirs["rps"] else float("nan")  # type: ignore[index,operator]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    parser.add_argument("--store", default="auto", help="kg serve --store (auto: in memory at this size)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="kg-bench-serve-") as tmp:
        root = Path(tmp) / "graph"
        count = generate(args.statements, root)
        print(
            f"{count} statements; wrk {args.seconds} s per run, keep-alive; kg serve --workers {args.workers} --store {args.store}"
        )
        print(
            f"{'query':8} {'clients':>7} {'kg req/s':>10} {'oxigraph':>10} {'ratio':>6} {'kg p99 ms':>10} {'ox p99 ms':>10} {'errors':>7}"
        )
        for row in measure(root, Path(tmp), args.seconds, args.workers, args.store):
            ours, theirs = row["kg"], row["oxigraph"]
            print(
                f"{row['query']:8} {row['clients']:>7} {ours['rps']:>10.0f} {theirs['rps']:>10.0f} {ratio(row):>6.2f} "
                f"{ours['p99']:>10.1f} {theirs['p99']:>10.1f} {ours['errors']:>4.0f}/{theirs['errors']:.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
