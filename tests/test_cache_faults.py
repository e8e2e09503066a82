"""The disk cache's build under faults: killed mid-build, a broken file while the view-copy
thread still parses, a symlinked data file, a live build beside a stray one. Each time the
next run must answer and leave no build folder, scratch folder or lock behind."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.errors import LoadError
from graph.store.cache import clean_stray

BENCHMARKS = Path(__file__).resolve().parent / "benchmarks"


def leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if p.name.startswith(".build-") or p.name.endswith(".tmp"))


@pytest.mark.parametrize("n", range(12))
def test_a_killed_builds_folders_and_lock_all_go(tmp_path: Path, n: int) -> None:
    """A build killed mid-way leaves `.build-X`, `.build-X.work` and `.build-X.lock`; in
    whichever order the folder lists them, one clean-up removes all three."""
    build = tmp_path / f".build-oxigraph-{n}-x{n * 7}"
    (build / "000001.sst").parent.mkdir()
    (build / "000001.sst").write_bytes(b"half")
    (tmp_path / (build.name + ".work")).mkdir()
    (tmp_path / (build.name + ".lock")).write_text("")
    clean_stray(tmp_path)
    assert leftovers(tmp_path) == []


def test_a_live_builds_scratch_folder_is_left_alone(tmp_path: Path) -> None:
    build = tmp_path / ".build-oxigraph-live-x2"
    for folder in (build, tmp_path / (build.name + ".work")):
        folder.mkdir()
    with (tmp_path / (build.name + ".lock")).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        clean_stray(tmp_path)
        assert len(leftovers(tmp_path)) == 3
    clean_stray(tmp_path)
    assert leftovers(tmp_path) == []


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated graph whose cold build takes about a second (one large N-Quads file)."""
    root = tmp_path_factory.mktemp("big") / "graph"
    subprocess.run([sys.executable, str(BENCHMARKS / "synthetic.py"), "150000", str(root)], check=True, timeout=60)
    return root


def test_kill_9_mid_build_then_a_normal_run_rebuilds_cleanly(big_graph: Path) -> None:
    cache = big_graph / ".kg-cache"
    command = [sys.executable, "-m", "graph", "query", "cast-of-season", "--graph", str(big_graph), "-f", "csv"]
    command += ["--store", "oxigraph"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (cache.is_dir() and any(p.name.endswith(".work") for p in cache.iterdir())):
        assert proc.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert leftovers(cache), "the kill left nothing to clean up: it came too late to test anything"
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "Audrey Huynh" in run.stdout, run.stderr
    assert "damaged" not in run.stderr
    assert leftovers(cache) == []


def test_a_syntax_error_in_the_last_file_fails_the_build_cleanly(big_graph: Path, tmp_path: Path) -> None:
    """The view-copy thread reaches the broken last file long before the loader does."""
    bad = tmp_path / "zz-broken.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/franchise-kg/id/> .\nkg:a kg:b "unterminated .\n')
    cache = big_graph / ".kg-cache"
    before = sorted(cache.iterdir()) if cache.is_dir() else []
    with pytest.raises(LoadError, match=f"^{bad}:2:"):
        KnowledgeGraph.open(big_graph, store="oxigraph", data=[bad])
    assert leftovers(cache) == []
    assert [p for p in sorted(cache.iterdir()) if p.name != "checksums.json"] == [
        p for p in before if p.name != "checksums.json"
    ]


def test_a_symlinked_data_file_is_loaded_and_its_change_seen(graph_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.trig"
    claim = "<https://w3id.org/franchise-kg/claim/linked>"
    body = "<https://w3id.org/franchise-kg/id/x> <https://w3id.org/franchise-kg/id/p> {} ."
    target.write_text(f"{claim} {{ {body.format(1)} }}")
    (graph_copy / "ontology" / "facts" / "linked.trig").symlink_to(target)
    query = "SELECT ?v WHERE { <https://w3id.org/franchise-kg/id/x> <https://w3id.org/franchise-kg/id/p> ?v }"
    for store in ("oxigraph", "oxigraph-memory"):
        assert KnowledgeGraph.open(graph_copy, store=store).select(query) == [{"v": "1"}], store
    target.write_text(f"{claim} {{ {body.format(2)} }}")
    for store in ("oxigraph", "oxigraph-memory"):
        assert KnowledgeGraph.open(graph_copy, store=store).select(query) == [{"v": "2"}], store


def test_a_file_changed_during_the_build_fails_it_cleanly(graph_copy: Path, monkeypatch) -> None:
    """The loader and the view-copy thread read each file apart: a file saved between the two
    reads would give views that no claim says, stored under the checksum of neither version."""
    import graph.store.parse as load

    facts = graph_copy / "ontology" / "facts" / "xo-kitty.trig"
    real = load.load_file

    def load_then_edit(store, path, **options) -> None:
        real(store, path, **options)
        if str(path) == str(facts):
            facts.write_text(facts.read_text().replace('"XO, Kitty"', '"OX, Kitty"'))

    monkeypatch.setattr(load, "load_file", load_then_edit)
    with pytest.raises(LoadError, match=f"^{facts}: changed while the disk cache was built"):
        KnowledgeGraph.open(graph_copy, store="oxigraph")
    cache = graph_copy / ".kg-cache"
    assert leftovers(cache) == [] and not [p for p in cache.iterdir() if p.name.startswith("oxigraph-")]
    monkeypatch.setattr(load, "load_file", real)
    kg = KnowledgeGraph.open(graph_copy, store="oxigraph")
    assert kg.select('SELECT ?s WHERE { ?s <https://schema.org/name> "OX, Kitty" }')


def test_a_full_disk_while_the_copies_are_written_is_a_one_line_error(graph_copy: Path, kg, monkeypatch) -> None:
    """The view copies go to a scratch folder through pyoxigraph's serializer; its OSError used
    to escape as a traceback (the loader's own I/O errors were already one line)."""
    import errno

    import graph.store.views as views

    def full(*_args: object, **_options: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(views.ox, "serialize", full)
    run = kg("query", "cast-of-season", "--graph", str(graph_copy), "--store", "oxigraph")
    assert run.exit_code == 1 and run.stderr.count("\n") == 1
    assert "cannot build the store cache: No space left on device" in run.stderr
    assert leftovers(graph_copy / ".kg-cache") == []


def test_ctrl_c_after_the_load_stops_the_view_copies(graph_copy: Path, monkeypatch) -> None:
    """Ctrl-C (or SIGTERM) while the build waits for the copy thread used to wait for the
    thread to parse every file to the end: only a failed load set the cancel flag."""
    import threading

    import graph.progress as progress
    import graph.store.views as views

    seen: list[bool] = []

    def copies_until_cancelled(_paths, _folder, cancelled: threading.Event):
        seen.append(cancelled.wait(timeout=30))
        raise views.Cancelled

    def interrupted(_self) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(views, "copy_from_files", copies_until_cancelled)
    monkeypatch.setattr(progress.Progress, "finish", interrupted)
    with pytest.raises(KeyboardInterrupt):
        KnowledgeGraph.open(graph_copy, store="oxigraph")
    assert seen == [True], "the copy thread was never told to stop"
    assert leftovers(graph_copy / ".kg-cache") == []


#: File names a user (or a tool) may give a data file: the base IRI of each is its file URI.
HOSTILE_NAMES = [b"sp ace.ttl", b"50%25.ttl", b"#frag.ttl", b"new\nline.ttl", "é.ttl".encode(), b"bad\xff.ttl"]


def test_hostile_file_names_load_alike_in_every_store(graph_copy: Path) -> None:
    """A data file whose name has a space, %, #, a newline, non-ASCII or bytes that are not
    UTF-8 (a name from another locale) loads in the disk cache as in memory, its relative IRIs
    resolved against its file URI."""
    facts = os.fsencode(graph_copy / "ontology" / "facts")
    for n, name in enumerate(HOSTILE_NAMES):
        with open(facts + b"/" + name, "wb") as handle:
            handle.write(f"<rel{n}> <http://example.org/p> <#frag{n}> .\n".encode())
    query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
    answers = {
        store: KnowledgeGraph.open(graph_copy, store=store).select(query) for store in ("oxigraph-memory", "oxigraph")
    }
    assert answers["oxigraph"] == answers["oxigraph-memory"]
    uris = [Path(os.fsdecode(facts + b"/" + name)).resolve().as_uri() for name in HOSTILE_NAMES]
    assert sorted(row["o"] for row in answers["oxigraph"]) == sorted(f"{u}#frag{n}" for n, u in enumerate(uris))


def test_a_read_only_graph_folder_whose_name_is_not_utf8_gets_a_per_user_cache(tmp_path: Path, monkeypatch) -> None:
    """The per-user cache folder is named by a hash of the graph folder's name: that name's
    file-system bytes, as a name from another locale has no UTF-8 text."""
    import shutil

    from graph.locate import bundled_root
    from graph.store import cache

    root = Path(os.fsdecode(os.fsencode(tmp_path) + b"/graph\xff"))
    shutil.copytree(bundled_root() / "ontology", root / "ontology")
    shutil.copytree(bundled_root() / "queries", root / "queries")
    monkeypatch.setattr(cache.os, "access", lambda path, mode: False)  # as for a user who cannot write there
    from graph.options import GraphOptions

    kg = KnowledgeGraph.open(GraphOptions(root, store="oxigraph", cache_home=tmp_path / "home"))
    assert kg.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    assert not (root / ".kg-cache").exists() and list((tmp_path / "home" / "franchise-kg").iterdir())
