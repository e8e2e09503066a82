"""Shared fixtures: run `kg` in-process (fast) or as a real subprocess, the bundled graph
opened once, temporary copies of it that tests may change, and answers turned into rows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.api import KnowledgeGraph
from graph.cli.main import cli
from graph.locate import bundled_root

REPO = Path(__file__).resolve().parent.parent

#: the bundled graph's shapes broken in many ways (a TriG file to add to a copy of the graph)
VIOLATIONS = (REPO / "tests" / "fixtures" / "violations.trig").read_text(encoding="utf-8")


def pytest_configure(config: pytest.Config) -> None:
    """Subprocesses (`python -m graph`, servers) import this checkout's package, whichever copy
    of franchise-kg the interpreter has installed (another clone's editable install, say)."""
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])


@dataclass
class Run:
    """What a `kg` run printed and how it exited."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def kg():
    """Run `kg ARGS…` in-process; returns exit code, stdout and stderr separately."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        runner = CliRunner()
        result = runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def kg_process():
    """Run the real `kg` in a subprocess (`python -m graph`), as a user's shell would."""

    def run(
        *args: str,
        input: str | None = None,
        cwd: str | os.PathLike[str] | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> Run:
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "graph", *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=full_env,
            timeout=timeout,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def graph_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled graph (ontology/ and queries/) in a temporary folder."""
    root = tmp_path / "graph"
    src = bundled_root()
    shutil.copytree(src / "ontology", root / "ontology")
    shutil.copytree(src / "queries", root / "queries")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove a refused command changed nothing
    (the working copy's lock file, which holds no data, left out)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".kg-lock"
    }


@pytest.fixture(scope="session")
def bundled() -> KnowledgeGraph:
    """The bundled graph, opened once for the whole run (tests must not change it)."""
    return KnowledgeGraph.open(bundled_root())


def rows_of(run: Run) -> list[dict[str, str]]:
    """The rows of a successful `kg query … --format json` run, as `{column: value}` dicts."""
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def refused(kg, root: Path, *args: str, expect: str) -> str:
    """Run a command on the graph at `root` that must be refused: a non-zero exit, `expect` in
    its error, and every file of the graph byte for byte as it was. Returns the error."""
    before = snapshot(root)
    run = kg(*args, "--graph", str(root))
    assert run.exit_code != 0, run.stdout
    assert expect in run.stderr, run.stderr
    assert snapshot(root) == before
    return run.stderr


@pytest.fixture
def query_rows(kg):
    """Run `kg query QUERY ARGS… --format json` in-process; its rows as `{column: value}` dicts."""

    def run(query: str, *args: str) -> list[dict[str, str]]:
        return rows_of(kg("query", query, *args, "--format", "json"))

    return run


@pytest.fixture(scope="session")
def story(tmp_path_factory) -> Path:
    """A working copy told by several sources (tests/story.py). Built once; tests must not change it."""
    from tests.story import build_story

    return build_story(tmp_path_factory.mktemp("story"))


@pytest.fixture
def broken(graph_copy: Path) -> tuple[ox.Store, list[ox.Triple]]:
    """The bundled graph with VIOLATIONS added, in the store validation builds, and its shapes."""
    from graph.store.load import discover, parse_file
    from graph.validate import _memory_store

    (graph_copy / "ontology" / "facts" / "violations.trig").write_text(VIOLATIONS, encoding="utf-8")
    files = discover(KnowledgeGraph.open(graph_copy, load=False).location)
    store = _memory_store([Path(p).resolve() for p in files.data()], {})
    return store, [q.triple for path in files.shapes for q in parse_file(path)]
