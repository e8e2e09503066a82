"""`kg source add|list|show`: registering an article so facts can cite its sentences."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from graph.sources.text import split_sentences
from tests.conftest import snapshot as every_file


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the working copy but the write lock's: `.kg-lock` is created empty by
    the first command that takes the lock (even one that is then refused) and holds no data."""
    return {name: data for name, data in every_file(folder).items() if name != ".kg-lock"}


TEXT = "A Made-Up Article\n\nThe first sentence is here. The second one says “more”.\nA third line ends it.\n"


@pytest.fixture
def work(tmp_path: Path, kg) -> Path:
    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    return root


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "Made Up Article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_source_add_registers_text_and_sentences(kg, work: Path, article: Path) -> None:
    before = snapshot(work)
    run = kg(
        "source", "add", str(article), "--title", "A made-up article", "--url", "https://example.org/a",
        "--published", "2025-02-20", "--graph", str(work),
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    added = set(snapshot(work)) - set(before)
    assert added == {"ontology/sources/made-up-article.txt", "ontology/sources/made-up-article.ttl"}
    assert (work / "ontology/sources/made-up-article.txt").read_bytes() == article.read_bytes()
    assert kg("validate", "--graph", str(work)).exit_code == 0

    # each sentence is described with its offsets and text, and the metadata is kept
    rows = kg(
        "query",
        "SELECT ?n ?start ?end ?t WHERE { ?s oa:hasSource source:made-up-article ; kgo:sentenceNumber ?n ;"
        " oa:hasSelector ?p , ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?t } ORDER BY ?n",
        "--format", "tsv", "--graph", str(work),
    ).stdout.splitlines()[1:]  # fmt: skip
    got = [(int(n), int(a), int(b), t.strip('"')) for n, a, b, t in (r.split("\t") for r in rows)]
    expected = [(s.number, s.start, s.end, s.text) for s in split_sentences(TEXT)]
    assert [(n, a, b) for n, a, b, _ in got] == [(n, a, b) for n, a, b, _ in expected]
    assert all(TEXT[a:b] == text for _, a, b, text in expected)
    meta = kg(
        "query",
        "SELECT ?d ?u ?h WHERE { source:made-up-article schema:datePublished ?d ; schema:url ?u ; schema:sha256 ?h }",
        "--format", "tsv", "--graph", str(work),
    ).stdout  # fmt: skip
    assert "2025-02-20" in meta and "https://example.org/a" in meta
    assert hashlib.sha256(TEXT.encode()).hexdigest() in meta


def test_source_list_and_show(kg, work: Path, article: Path) -> None:
    assert kg("source", "add", str(article), "--title", "A made-up article", "--graph", str(work)).exit_code == 0
    listed = kg("source", "list", "--graph", str(work))
    assert listed.exit_code == 0
    assert "made-up-article" in listed.stdout and "xo-kitty-season-2-article" in listed.stdout
    shown = kg("source", "show", "made-up-article", "--graph", str(work))
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    iri_line = lines.index("s03  <https://w3id.org/franchise-kg/source/made-up-article#s03>")
    assert lines[iri_line + 1].strip() == "The second one says “more”."
    info = kg("info", "--graph", str(work))
    assert "made-up-article: A made-up article" in info.stdout and "sources:       2" in info.stdout
    missing = kg("source", "show", "nothing-like-it", "--graph", str(work))
    assert missing.exit_code != 0 and "unknown source 'nothing-like-it'" in missing.stderr


@pytest.mark.parametrize(
    ("content", "options", "expected"),
    [
        (TEXT.encode(), ["--published", "2025-02-30"], "not a date"),
        (TEXT.encode(), ["--published", "20 Feb 2025"], "not a date"),
        (TEXT.encode(), ["--url", "https://exa mple.org/>"], "not an http(s) URL"),
        (TEXT.encode(), ["--title", "  "], "needs a title"),
        (b"", [], "is empty"),
        (b"  \n\n", [], "is empty"),
        (b"Caf\xe9 ol\xe9.\n", [], "not UTF-8"),
        (TEXT.encode(), ["--slug", "Bad Slug"], "--slug"),
    ],
)
def test_bad_sources_are_refused(
    kg, work: Path, tmp_path: Path, content: bytes, options: list[str], expected: str
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    args = ["source", "add", str(path), "--graph", str(work)]
    if "--title" not in options:
        args += ["--title", "T"]
    before = snapshot(work)
    run = kg(*args, *options)
    assert run.exit_code != 0
    assert expected in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert snapshot(work) == before


def test_duplicates_are_refused(kg, work: Path, article: Path, tmp_path: Path) -> None:
    assert kg("source", "add", str(article), "--title", "T", "--graph", str(work)).exit_code == 0
    before = snapshot(work)
    same_name = tmp_path / "other" / article.name
    same_name.parent.mkdir()
    same_name.write_text("Different text entirely. Yes.\n", encoding="utf-8")
    run = kg("source", "add", str(same_name), "--title", "T", "--graph", str(work))
    assert run.exit_code != 0 and "already registered" in run.stderr
    run = kg("source", "add", str(article), "--title", "T", "--slug", "copy", "--graph", str(work))
    assert run.exit_code != 0 and "already registered as source 'made-up-article' (same sha256)" in run.stderr
    assert snapshot(work) == before


def test_a_source_killed_before_its_description_can_be_added_again(kg, work: Path, article: Path) -> None:
    """Only the .ttl registers a source and it is written last: a leftover .txt (a kill
    between the two writes) is not listed, and adding the source again replaces it."""
    leftover = work / "ontology/sources/made-up-article.txt"
    leftover.write_text("half of an earlier attempt", encoding="utf-8")
    assert "made-up-article" not in kg("source", "list", "--graph", str(work)).stdout
    run = kg("source", "add", str(article), "--title", "A made-up article", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    assert leftover.read_bytes() == article.read_bytes()


def test_a_file_name_in_the_data_never_leaves_the_graph_folder(kg, work: Path, article: Path, tmp_path: Path) -> None:
    assert kg("source", "add", str(article), "--title", "A made-up article", "--graph", str(work)).exit_code == 0
    (tmp_path / "private.txt").write_text("secret", encoding="utf-8")
    ttl = work / "ontology/sources/made-up-article.ttl"
    ttl.write_text(ttl.read_text().replace('"made-up-article.txt"', '"../../../private.txt"'), encoding="utf-8")
    run = kg("source", "show", "made-up-article", "--graph", str(work))
    assert run.exit_code != 0 and "must stay inside" in run.stderr and "secret" not in run.stdout


def test_headings_are_not_citable_and_titles_print_escaped(kg, work: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    run = kg("source", "add", str(path), "--title", "Evil\x1b[2J\x07title", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    shown = kg("source", "show", "a", "--graph", str(work)).stdout
    assert "\x1b" not in shown and "\x07" not in shown and "\\x1b" in shown
    assert "s01  <https://w3id.org/franchise-kg/source/a#s01>  (heading: not citable)" in shown


def test_a_named_pipe_as_a_source_text_is_refused_not_waited_on(kg_process, graph_copy: Path) -> None:
    """A source's text file replaced by a named pipe hung `kg source show` (open() waits for a
    writer); it is a one-line error naming the source."""
    import os

    text = next((graph_copy / "ontology" / "sources").glob("*.txt"))
    text.unlink()
    os.mkfifo(text)
    run = kg_process("--graph", str(graph_copy), "source", "show", text.stem, timeout=60)
    assert run.exit_code != 0 and len(run.stderr.splitlines()) == 1, run.stderr
    assert f"its source text {text.name} cannot be read: not a regular file" in run.stderr
