"""`kg init` makes a working copy; `kg info` says which graph is used and why."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.locate import bundled_root
from tests.conftest import snapshot


def version_info(root: Path) -> str:
    """owl:versionInfo of a graph's ontology, read straight from the file."""
    quads = ox.parse(path=str(root / "ontology" / "franchise.ttl"), format=ox.RdfFormat.TURTLE)
    return next(q.object.value for q in quads if q.predicate.value.endswith("#versionInfo"))


def env_without_graph() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "KG_GRAPH"}


def test_init_copies_the_graph_and_writes_the_marker(kg, tmp_path: Path) -> None:
    target = tmp_path / "my-graph"
    run = kg("init", str(target))
    assert run.exit_code == 0, run.stderr
    bundled = bundled_root()
    for part in ("ontology", "queries"):
        assert snapshot(target / part) == snapshot(bundled / part)
    marker = tomllib.loads((target / "kg-graph.toml").read_text(encoding="utf-8"))
    assert marker["graph"]["ontology_version"] == version_info(bundled)
    assert marker["graph"]["copied_from"] == "the bundled graph"
    assert [p.name for p in tmp_path.iterdir()] == ["my-graph"]  # no staging folder left behind
    assert kg("validate", "--graph", str(target)).exit_code == 0


def test_init_refuses_an_existing_graph_unless_forced(kg, tmp_path: Path) -> None:
    target = tmp_path / "g"
    assert kg("init", str(target)).exit_code == 0
    extra = target / "ontology" / "facts" / "mine.trig"
    extra.write_text("# my own facts\n", encoding="utf-8")
    before = snapshot(target)
    run = kg("init", str(target))
    assert run.exit_code != 0 and "already holds a graph" in run.stderr and "--force" in run.stderr
    assert snapshot(target) == before
    run = kg("init", str(target), "--force")
    assert run.exit_code == 0
    assert not extra.exists()
    assert snapshot(target / "ontology") == snapshot(bundled_root() / "ontology")
    # (.kg-lock: the write lock kg init now creates, graph/workspace.py)
    assert sorted(p.name for p in target.iterdir() if p.name != ".kg-lock") == ["kg-graph.toml", "ontology", "queries"]


def test_init_in_a_folder_with_other_files_keeps_them(kg_process, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    run = kg_process("init", cwd=tmp_path, env=env_without_graph())
    assert run.exit_code == 0, run.stderr
    listed = sorted(p.name for p in tmp_path.iterdir() if p.name != ".kg-lock")  # the write lock kg init creates
    assert listed == ["kg-graph.toml", "notes.txt", "ontology", "queries"]
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_failed_init_leaves_no_half_made_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from graph import workspace
    from graph.errors import KGError
    from graph.locate import locate

    real = shutil.copytree

    def copy_then_fail(src, dst, *args, **kw):
        if Path(src).name == "queries":  # ontology/ is copied, then queries/ fails: disk full
            raise OSError(28, "No space left on device")
        return real(src, dst, *args, **kw)

    monkeypatch.setattr(workspace.shutil, "copytree", copy_then_fail)
    monkeypatch.delenv("KG_GRAPH", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KGError, match="No space left"):
        workspace.init_graph(tmp_path / "new", locate())
    assert list(tmp_path.iterdir()) == []
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(KGError, match="No space left"):
        workspace.init_graph(existing, locate())
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]


def test_info_says_which_graph_and_why(kg_process, tmp_path: Path) -> None:
    work = tmp_path / "work"
    env = env_without_graph()
    assert kg_process("init", str(work), env=env).exit_code == 0

    inside = kg_process("info", cwd=work, env=env)
    assert inside.exit_code == 0, inside.stderr
    assert f"graph folder:  {work.resolve()}" in inside.stdout
    assert "chosen by:     working copy in the current folder" in inside.stdout
    assert "writable:      yes" in inside.stdout
    assert f"version {version_info(work)}" in inside.stdout
    assert "seasons:       XO, Kitty: 1, 2" in inside.stdout
    assert "xo-kitty-season-2-article" in inside.stdout
    assert "store:" in inside.stdout

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    by_env = kg_process("info", cwd=elsewhere, env={**env, "KG_GRAPH": str(work)})
    assert "chosen by:     $KG_GRAPH" in by_env.stdout and str(work.resolve()) in by_env.stdout
    by_option = kg_process("--graph", str(work), "info", cwd=elsewhere, env={**env, "KG_GRAPH": str(elsewhere)})
    assert "chosen by:     --graph option" in by_option.stdout
    bundled = kg_process("info", cwd=elsewhere, env=env)
    assert "chosen by:     bundled graph" in bundled.stdout
    assert "bundled:       yes" in bundled.stdout and "kg init" in bundled.stdout


def test_info_counts_follow_the_data(kg, tmp_path: Path) -> None:
    work = tmp_path / "w"
    assert kg("init", str(work)).exit_code == 0
    before = kg("info", "--graph", str(work)).stdout
    claims_before = int(before.split("claims:")[1].split()[0])
    (work / "ontology" / "facts" / "extra.trig").write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> .\n"
        "@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "<https://w3id.org/franchise-kg/claim/extra> { kg:XOKitty kgo:setIn kg:place_seoul . }\n"
        "<https://w3id.org/franchise-kg/claim/extra> a kgo:Claim ; kgo:status kgo:Stated ;\n"
        "  prov:wasDerivedFrom <https://w3id.org/franchise-kg/source/xo-kitty-season-2-article#s06> .\n",
        encoding="utf-8",
    )
    after = kg("info", "--graph", str(work)).stdout
    assert int(after.split("claims:")[1].split()[0]) == claims_before + 1
    assert "3 facts" not in before and "2 facts" in after


def test_init_refuses_a_named_pipe_in_the_graph_it_copies(kg_process, graph_copy: Path, tmp_path: Path) -> None:
    """Copying a pipe would wait for a writer forever: one line naming it, nothing made."""
    fifo = graph_copy / "ontology" / "facts" / "pipe.trig"
    os.mkfifo(fifo)
    target = tmp_path / "copy"
    run = kg_process("--graph", str(graph_copy), "init", str(target), timeout=60)
    assert run.exit_code != 0 and run.stderr.count("\n") == 1, run.stderr
    assert str(fifo) in run.stderr and "named pipe" in run.stderr
    assert not target.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")] == []


def test_info_and_queries_print_hostile_names_escaped(kg, graph_copy: Path) -> None:
    """A folder, a query file name or a summary with ESC or a line feed is shown escaped."""
    (graph_copy / "queries" / "evil\x1b[31m.rq").write_text(
        "#+ summary: red\x1b[0m and\x07 bell\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8"
    )
    listing = kg("queries", "--graph", str(graph_copy))
    assert listing.exit_code == 0, listing.stderr
    assert "\x1b" not in listing.stdout and "\x07" not in listing.stdout and "evil\\x1b[31m" in listing.stdout
    odd = graph_copy.parent / "line\nfeed\x1b"
    graph_copy.rename(odd)
    info = kg("info", "--graph", str(odd))
    assert info.exit_code == 0, info.stderr
    assert "\x1b" not in info.stdout and "line\\x0afeed\\x1b" in info.stdout
