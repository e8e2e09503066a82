"""Section 3 of the benchmark suite (run.py): `kg serve` and `oxigraph serve-read-only` on
the same data under `wrk` at 1, 8 and 32 clients; requests per second and p99 latency."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

from common import kg, table, tool


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def wrk(url: str, clients: int, seconds: int) -> tuple[str, str]:
    """Requests/s and p99 latency from wrk (one thread per client up to the core count)."""
    threads = str(min(clients, os.cpu_count() or 1))
    proc = subprocess.run(
        ["wrk", "-t", threads, "-c", str(clients), "-d", f"{seconds}s", "--latency", url],
        capture_output=True, text=True, timeout=seconds + 30, check=False,
    )  # fmt: skip
    rps = re.search(r"Requests/sec:\s+([\d.]+)", proc.stdout)
    p99 = re.search(r"99%\s+([\d.]+\w+)", proc.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", proc.stdout)
    note = f" ({errors.group(0)})" if errors else ""
    return (f"{float(rps.group(1)):,.0f}{note}" if rps else "failed"), (p99.group(1) if p99 else "-")


def serve(args: argparse.Namespace, work: Path, label: str) -> None:
    """Section 3: kg serve and oxigraph serve-read-only on the same data, under wrk."""
    if not shutil.which("wrk"):
        print(
            "\n## kg serve under load\n\nwrk is not installed: `sudo apt-get install wrk` (Debian/Ubuntu), then run again."
        )
        return
    oxigraph = tool("oxigraph")
    root, location = work / f"graph-{label}", work / f"oxigraph-{label}"
    queries = {shape: (root / "queries" / "bench" / f"{shape}.rq").read_text() for shape in ("lookup", "join")}
    servers: list[tuple[str, subprocess.Popen[bytes], int]] = []
    try:
        port = free_port()
        proc = subprocess.Popen(
            kg("serve", "--graph", str(root), "--port", str(port), "--quiet", "--store", "oxigraph"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append(("kg serve", proc, port))
        if oxigraph and location.exists():
            port = free_port()
            proc = subprocess.Popen(
                [
                    oxigraph,
                    "serve-read-only",
                    "--location",
                    str(location),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--union-default-graph",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append(("oxigraph serve-read-only", proc, port))
        rows = []
        for name, _, port in servers:
            if not wait_for(port, 120):
                rows.append([name, "did not start", "", ""])
                continue
            for shape, text in queries.items():
                url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": text})
                for clients in (1, 8, 32):
                    rps, p99 = wrk(url, clients, args.serve_seconds)
                    rows.append([name, shape, str(clients), rps, p99])
        table(
            f"Serving {label} statements (wrk, {args.serve_seconds} s per row)",
            ["server", "query", "clients", "requests/s", "p99"],
            rows,
        )
    finally:
        for _, proc, _ in servers:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
