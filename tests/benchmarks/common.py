"""What the benchmark scripts share: the interpreter, the peers' commands, the tables."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PYTHON = sys.executable  # not resolved: a venv's python must stay the venv's
BIN = Path(sys.executable).parent


def tool(name: str) -> str | None:
    """A command next to this interpreter (its venv), else on PATH."""
    here = BIN / name
    return str(here) if here.exists() else shutil.which(name)


def kg(*args: str) -> list[str]:
    """The command line of `kg ARGS` run by this interpreter."""
    return [PYTHON, "-m", "graph", *args]


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    """Print a Markdown table under a heading (the figures paste into docs/benchmarks.md)."""
    print(f"\n## {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sys.stdout.flush()
