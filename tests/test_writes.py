"""Writes lose nothing: never through a symlink or onto a device, never outside the graph
folder, serialised between commands, and the debris of a killed writer is cleaned up."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.errors import KGError
from graph.files import atomic_write, clean_stray, inside
from graph.workspace import write_lock


def test_output_onto_a_fifo_is_refused_and_the_fifo_stays(kg, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    run = kg("query", "ASK { ?s ?p ?o }", "-o", str(fifo))
    assert run.exit_code == 1
    assert f"{fifo}: is not a regular file" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_onto_a_device_is_refused(kg) -> None:
    before = os.lstat("/dev/null")
    run = kg("export", "-o", "/dev/null")
    assert run.exit_code == 1
    assert "/dev/null: is not a regular file" in run.stderr
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_output_through_a_symlink_is_refused_and_its_target_kept(kg, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"keep me")
    link = tmp_path / "out.ttl"
    link.symlink_to(secret)
    run = kg("export", "-o", str(link))
    assert run.exit_code == 1
    assert "is a symbolic link" in run.stderr
    assert secret.read_bytes() == b"keep me" and link.is_symlink()


def test_a_write_whose_folder_leads_outside_the_root_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "graph", tmp_path / "elsewhere"
    (root / "ontology").mkdir(parents=True)
    outside.mkdir()
    (root / "ontology" / "facts").symlink_to(outside)
    with pytest.raises(KGError, match="resolves outside the graph folder"):
        atomic_write(root / "ontology" / "facts" / "x.trig", b"data", root=root)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("recorded", ["/etc/passwd", "../../private.txt", "a/../../b.txt", ""])
def test_paths_recorded_in_data_stay_inside(tmp_path: Path, recorded: str) -> None:
    with pytest.raises(KGError, match="must stay inside"):
        inside(tmp_path, recorded)


def test_paths_recorded_in_data_do_not_follow_links(tmp_path: Path) -> None:
    (tmp_path / "private.txt").write_text("secret")
    sources = tmp_path / "graph" / "sources"
    sources.mkdir(parents=True)
    (sources / "article.txt").symlink_to(tmp_path / "private.txt")
    assert inside(tmp_path / "graph", "sources/other.txt") == tmp_path / "graph" / "sources" / "other.txt"
    with pytest.raises(KGError, match="symbolic link"):
        inside(tmp_path / "graph", "sources/article.txt")


def test_a_second_writer_waits_then_fails_clearly(tmp_path: Path) -> None:
    with (
        write_lock(tmp_path),
        pytest.raises(KGError, match="another kg command is changing this graph"),
        write_lock(tmp_path, wait=0.2),
    ):
        pass
    with write_lock(tmp_path, wait=0.2):  # released once the first is done
        pass


def test_the_lock_of_a_killed_command_is_released(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from graph.workspace import write_lock
                with write_lock(Path({str(tmp_path)!r})):
                    print("locked", flush=True)
                    time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(KGError), write_lock(tmp_path, wait=0.1):
            pass
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with write_lock(tmp_path, wait=2):
        pass


def test_the_lock_file_is_never_followed_as_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep")
    graph = tmp_path / "graph"
    graph.mkdir()
    (graph / ".kg-lock").symlink_to(victim)
    with pytest.raises(KGError, match="cannot take the write lock"), write_lock(graph):
        pass
    assert victim.read_text() == "keep"


def test_kill_9_mid_write_keeps_the_old_file_and_the_debris_is_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "facts.trig"
    target.write_bytes(b"old content")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import os, time
                from graph.files import atomic_write
                os.fsync = lambda fd: (print("writing", flush=True), time.sleep(60))
                atomic_write({str(target)!r}, b"new content" * 1000)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        debris = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert len(debris) == 1
        assert clean_stray(tmp_path) == []  # its writer is alive: left alone
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        writer.kill()
    assert target.read_bytes() == b"old content"
    assert clean_stray(tmp_path) == debris
    assert [p.name for p in tmp_path.iterdir()] == ["facts.trig"]


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """`kg` turns SIGTERM into an exit at its entry point, so a write in progress cleans up."""
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import os, sys, time
                from graph.cli import main
                os.fsync = lambda fd: (print("writing", flush=True), time.sleep(60))
                sys.argv = ["kg", "export", "-o", {str(target)!r}]
                main.main()
                """
            ),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "writing"
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=10) == 128 + signal.SIGTERM
    finally:
        child.kill()
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]
    assert target.read_bytes() == b"old"


def test_library_writes_change_no_signal_handler(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    atomic_write(tmp_path / "x", b"data")
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_utf8_byte_order_mark_in_a_data_file_is_fine(kg, tmp_path: Path) -> None:
    data = tmp_path / "bom.ttl"
    data.write_bytes(b"\xef\xbb\xbf@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\n")
    run = kg("query", "ASK { <http://ex/a> ?p ?o }", "--data", str(data), "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert '"boolean": true' in run.stdout.replace('":true', '": true')


def test_running_in_a_deleted_folder_is_one_line(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os,sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
            "from graph.cli.main import main; sys.argv=['kg','query','ASK {?s ?p ?o}']; main()",
            str(gone),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == "Error: the current folder no longer exists; cd to one that does, or give --graph DIR"


@pytest.mark.parametrize("recorded", ["/etc/hostname", "/dev/zero", "../../../../etc/hostname"])
def test_validate_never_reads_a_source_text_outside_the_graph(kg, graph_copy: Path, recorded: str) -> None:
    import re

    ttl = next((graph_copy / "ontology" / "sources").glob("*.ttl"))
    ttl.write_text(re.sub(r'kgo:fileName "[^"]*"', f'kgo:fileName "{recorded}"', ttl.read_text()), encoding="utf-8")
    run = kg("validate", "--graph", str(graph_copy))
    assert run.exit_code == 1
    assert "must stay inside" in run.stderr


def test_replace_never_writes_through_a_link_inside_the_working_copy(kg, graph_copy: Path) -> None:
    """A link from a season file's name to another file of the copy: --replace would have
    overwritten the link's target."""
    facts = graph_copy / "ontology" / "facts"
    inner = graph_copy / "ontology" / "inner.trig"
    inner.write_bytes((facts / "xo-kitty.trig").read_bytes())
    before = inner.read_bytes()
    (facts / "xo-kitty-season-2--xo-kitty-season-2-article.trig").symlink_to("../inner.trig")
    run = kg(
        "season", "add", "--replace", "--number", "2", "--source", "xo-kitty-season-2-article",
        "--quote", "remarkably swift", "--graph", str(graph_copy),
    )  # fmt: skip
    assert run.exit_code != 0
    assert "is a symbolic link" in run.stderr
    assert inner.read_bytes() == before


def test_carriage_returns_alone_as_line_breaks_with_a_parameter(kg) -> None:
    """The parameter's column goes after GROUP BY on the fifth line as the lexer counts lines
    (an IndexError before: the insertion split the text on line feeds only)."""
    query = "SELECT ?p (COUNT(*) AS ?n)\rWHERE {\r ?p schema:name ?_who }\rGROUP\rBY ?p"
    run = kg("query", "-", "--param", "who=Anna Cathcart", "-f", "csv", input=query)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.split() == ["p,n", "https://w3id.org/franchise-kg/id/person_anna-cathcart,1"]
