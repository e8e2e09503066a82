"""A cold `kg query` imports only what it needs: no pathlib (which pulls in urllib.parse,
ipaddress, fnmatch and ntpath), no rdflib, no json or unicodedata for CSV, no bisect. The query path works on `str` paths instead, and
the helpers that stand in for pathlib give exactly what pathlib gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import click
import pyoxigraph
import pytest

import graph
from graph import paths
from graph.locate import GraphLocation
from graph.store.load import RDF_EXTENSIONS, discover

#: Imported by `kg query -f csv` only if something on its path imports pathlib (which brings
#: the next two), rdflib, the JSON or Unicode tables other formats need, or bisect (which the
#: lexer needs only for a text with escapes), nor the parameters' module for a query with none.
NOT_ON_THE_QUERY_PATH = (
    *("pathlib", "urllib.parse", "ipaddress", "rdflib", "json", "unicodedata", "bisect"),
    "graph.sparql.params",  # only for a query with ?_ parameters or --param
)


def _cold_run(argv: list[str], cwd: Path) -> tuple[str, str, list[str]]:
    """Run `kg ARGV` in a fresh interpreter without `site` (so no .pth file imports anything
    first); its standard output, standard error and the modules it imported."""
    folders = [os.path.dirname(os.path.dirname(m.__file__ or "")) for m in (graph, click, pyoxigraph)]
    code = (
        "import sys\n"
        f"sys.path[:0] = {folders!r}\n"
        "from graph.cli.main import main\n"
        f"sys.argv = ['kg', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "PYTHON"))}
    proc = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )
    head, _, modules = proc.stderr.rpartition("\nMODULES ")
    assert proc.returncode == 0 and modules, proc.stderr
    return proc.stdout, head, modules.split()


def test_query_imports_no_pathlib(kg, tmp_path: Path) -> None:
    stdout, stderr, modules = _cold_run(["query", "seasons", "-f", "csv"], tmp_path)
    assert stderr == ""
    assert [m for m in NOT_ON_THE_QUERY_PATH if m in modules] == []
    assert "pyoxigraph" in modules  # the query did run
    assert stdout == kg("query", "seasons", "-f", "csv").stdout
    assert '"XO, Kitty",1,"XO, Kitty Season 1"' in stdout and '"XO, Kitty",2,"XO, Kitty Season 2"' in stdout


def test_a_query_without_short_options_does_not_ask_gettext(tmp_path: Path) -> None:
    """kg's help and version options carry their text (click's ask gettext, which imports
    locale). A short option such as `-f` still makes click build a "no such option" error
    internally before it tries the short form: that imports difflib and locale, in click."""
    stdout, _, modules = _cold_run(["query", "seasons", "--format", "csv"], tmp_path)
    assert '"XO, Kitty",2,"XO, Kitty Season 2"' in stdout
    assert [m for m in ("locale", "difflib") if m in modules] == []


def test_help_and_version_read_as_clicks(kg) -> None:
    from graph import __version__

    assert kg("--version").stdout == f"kg, version {__version__}\n"
    for args in (["-h"], ["--help"], ["query", "-h"], ["season", "add", "--help"], ["source", "-h"]):
        run = kg(*args)
        assert run.exit_code == 0 and run.stdout.startswith("Usage: ")
        assert "  -h, --help " in run.stdout and "Show this message and exit." in run.stdout
    run = kg("query", "--nope")
    assert run.exit_code == 2 and "'--nope'" in run.stderr and " query --help' for help." in run.stderr


def test_a_query_error_still_names_file_line_and_column_without_pathlib(tmp_path: Path) -> None:
    """The error paths compile their patterns on first use; they still work cold."""
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    _, stderr, modules = _cold_run(["query", str(bad)], tmp_path)
    assert stderr.startswith(f"Error: {bad}:3:1: "), stderr
    assert "pathlib" not in modules
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    _, stderr, modules = _cold_run(["query", "seasons", "--data", str(broken)], tmp_path)
    assert stderr.startswith(f"Error: {broken}:3:8: "), stderr
    assert "pathlib" not in modules


AWKWARD = [
    "plain.ttl",
    "a space.ttl",
    "50%.ttl",
    "#hash.ttl",
    "what?.ttl",
    "é.ttl",
    "猫.trig",
    "🐈.nt",
    "new\nline.ttl",
]


@pytest.mark.parametrize("name", AWKWARD)
def test_file_uri_is_what_pathlib_gives(tmp_path: Path, name: str) -> None:
    path = tmp_path / "dir ~_.-" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"")
    assert paths.file_uri(str(path)) == path.resolve().as_uri()
    link = tmp_path / "link"
    link.symlink_to(path.parent)
    assert paths.file_uri(str(link / name)) == (link / name).resolve().as_uri()  # resolved, as the base IRI was


@pytest.mark.parametrize(
    "text",
    [
        "",
        ".",
        "..",
        "/",
        "//",
        "///x",
        "//x/y",
        "a//b/",
        "./a/./b",
        "a/../b",
        ".ttl",
        "a/.ttl",
        "x..ttl",
        "x.",
        "a.b.rq",
    ],
)
def test_plain_paths_read_as_pathlib_reads_them(text: str) -> None:
    pure = PurePosixPath(text)
    assert (paths.normal(text), paths.name(text), paths.suffix(text), paths.stem(text)) == (
        str(pure),
        pure.name,
        pure.suffix,
        pure.stem,
    )


def test_discover_lists_what_rglob_listed(tmp_path: Path) -> None:
    """Same files, same order as `sorted(Path.rglob("*"))` gave: part by part ("a/b" before
    "a-c"), symlinked files in, symlinked folders listed but not entered, no folders, no
    broken links, no file without an RDF suffix."""
    root = tmp_path / "g"
    facts = root / "ontology" / "facts"
    (facts / "a").mkdir(parents=True)
    (root / "ontology" / "sources").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "hidden.trig").write_text("")
    for name in ("a/b.trig", "a-c.trig", "z.nq", ".ttl", "x..ttl", "notes.txt", "A.TTL", "sub.nt"):
        (facts / name).write_text("")
    (facts / "dir.ttl").mkdir()
    (facts / "linked.trig").symlink_to(outside / "hidden.trig")
    (facts / "outside").symlink_to(outside)
    (facts / "broken.ttl").symlink_to(tmp_path / "missing.ttl")
    for name in ("franchise.ttl", "shapes.ttl", "shapes-extra.ttl", "readme.md"):
        (root / "ontology" / name).write_text("")
    found = discover(GraphLocation(root, "test"))
    before = sorted(p for p in facts.rglob("*") if p.suffix in RDF_EXTENSIONS and p.is_file())
    assert found.facts == [str(p) for p in before]
    assert [os.path.relpath(p, facts) for p in found.facts] == [
        "a/b.trig",
        "a-c.trig",
        "linked.trig",
        "sub.nt",
        "x..ttl",
        "z.nq",
    ]
    assert found.sources == []
    assert [os.path.basename(p) for p in found.vocabulary] == ["franchise.ttl"]
    assert [os.path.basename(p) for p in found.shapes] == ["shapes-extra.ttl", "shapes.ttl"]


def test_a_named_pipe_or_socket_among_the_data_files_is_refused_not_waited_on(kg_process, graph_copy: Path) -> None:
    """`ontology/*.ttl` is listed as `glob` lists it (any kind of entry), and opening a named
    pipe waits for a writer forever: every command hung. A pipe or a socket is refused with a
    one-line error naming it; in facts/ (listed as rglob listed it: regular files only) and
    as --data it is not a data file either."""
    import socket

    pipe = graph_copy / "ontology" / "pipe.ttl"
    os.mkfifo(pipe)
    run = kg_process("--graph", str(graph_copy), "query", "seasons", timeout=30)
    assert run.exit_code == 1 and run.stderr == f"Error: {pipe}: not a regular file (a named pipe, socket or device)\n"
    pipe.unlink()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(graph_copy / "ontology" / "sock.ttl"))
        run = kg_process("--graph", str(graph_copy), "validate", timeout=30)
        assert run.exit_code == 1 and "sock.ttl: not a regular file (a named pipe, socket or device)" in run.stderr
    os.unlink(graph_copy / "ontology" / "sock.ttl")
    os.mkfifo(graph_copy / "ontology" / "facts" / "pipe.trig")
    os.mkfifo(graph_copy / "fifo.ttl")
    run = kg_process("--graph", str(graph_copy), "query", "seasons", "-f", "csv", timeout=30)
    assert run.exit_code == 0 and '"XO, Kitty",2,' in run.stdout
    run = kg_process("--graph", str(graph_copy), "query", "seasons", "--data", str(graph_copy / "fifo.ttl"), timeout=30)
    assert (
        run.exit_code == 1
        and run.stderr == f"Error: {graph_copy / 'fifo.ttl'}: not a regular file (a named pipe, socket or device)\n"
    )


def test_discover_walks_a_tree_of_any_depth_and_a_folder_that_goes_away(tmp_path: Path, monkeypatch) -> None:
    """rglob (and the walk that replaced it) recursed once per level: 1,200 nested folders
    under facts/ were a RecursionError traceback. A folder removed while the graph is listed
    is skipped (it is gone), not a FileNotFoundError traceback."""
    import shutil

    root = tmp_path / "g"
    facts = root / "ontology" / "facts"
    facts.mkdir(parents=True)
    deep = facts
    for _ in range(1200):  # (os.makedirs and Path.mkdir recurse once per level too)
        deep /= "d"
        deep.mkdir()
    (deep / "deep.ttl").write_text("")
    (facts / "gone" / "sub").mkdir(parents=True)
    (facts / "gone" / "sub" / "lost.ttl").write_text("")
    (facts / "kept.ttl").write_text("")
    real = os.scandir
    doomed = str(facts / "gone" / "sub")

    def scandir(path: str | int = ".") -> object:
        if path == doomed:
            shutil.rmtree(facts / "gone")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    try:
        found = discover(GraphLocation(root, "test"))
    finally:
        monkeypatch.undo()
        (deep / "deep.ttl").unlink()
        while deep != facts:  # shutil.rmtree (pytest's clean-up) recurses once per level too
            deep.rmdir()
            deep = deep.parent
    assert [os.path.relpath(p, facts) for p in found.facts] == ["/".join(["d"] * 1200) + "/deep.ttl", "kept.ttl"]


def test_a_data_path_with_a_nul_byte_is_no_such_data_file() -> None:
    """A NUL byte is no path (os.stat raises ValueError): still the one-line LoadError."""
    from graph.errors import LoadError

    with pytest.raises(LoadError, match="no such data file"):
        discover(GraphLocation(graph.locate.bundled_root(), "test"), ["a\0.ttl"])
