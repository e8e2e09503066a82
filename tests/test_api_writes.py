"""Adding to a graph from Python, as a library user does without the command line:
`add_source`, `source`, `add_season` (a SeasonSpec or a season file, dry run or for real) and
`season_template` on a working copy, with the same safety and the same errors as `kg`."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.errors import UsageError, ValidationFailed
from graph.season.spec import Fact, SeasonSpec
from tests.conftest import snapshot
from tests.test_season import ARTICLE, SEASON_3_TOML, SEASON_FILE, SLUG

TITLE = "XO, Kitty season 3 is coming"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "season-3.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def with_source(graph_copy: Path, article: Path) -> Path:
    """A working copy with the season 3 article registered through the library."""
    KnowledgeGraph.open(graph_copy, load=False).add_source(article, title=TITLE, slug=SLUG)
    return graph_copy


def season_3(quote: str = "Newcomer Mina Park joins the cast as Yuna, a series regular") -> SeasonSpec:
    """Season 3 as a Python user describes it: the season, its premiere and a new cast member."""
    return SeasonSpec(
        number=3,
        source=SLUG,
        quote="Netflix has renewed",
        facts=[
            Fact("premiere", "premiere", value="2026-01-15", quote="Season 3 will premiere on January 15, 2026"),
            Fact("cast", "Mina Park", value="Mina Park", other="Yuna", quote=quote, new=True, regular=True),
        ],
    )


def test_add_source_writes_its_files_and_the_graph_lists_it(graph_copy: Path, article: Path) -> None:
    kg = KnowledgeGraph.open(graph_copy)  # loaded before the write: it must see the new source after it
    assert SLUG not in [s["slug"] for s in kg.sources()]
    before = snapshot(graph_copy)
    src = kg.add_source(article, title=f"  {TITLE} ", published="2025-02-20", url="https://example.org/s3", slug=SLUG)

    added = set(snapshot(graph_copy)) - set(before)
    assert added == {f"ontology/sources/{SLUG}.txt", f"ontology/sources/{SLUG}.ttl"}
    assert (graph_copy / f"ontology/sources/{SLUG}.txt").read_bytes() == article.read_bytes()
    assert (src.slug, src.title, src.ttl) == (SLUG, TITLE, graph_copy / f"ontology/sources/{SLUG}.ttl")
    assert src.sentences[0].heading and src.sentences[0].text == "XO, Kitty Season 3 Is Coming"
    assert any(s.text == "Season 3 will premiere on January 15, 2026." for s in src.sentences)

    shown = KnowledgeGraph.open(graph_copy, load=False).source(SLUG)  # kg source show
    assert [(s.number, s.text, s.iri) for s in shown.sentences] == [(s.number, s.text, s.iri) for s in src.sentences]
    for graph in (kg, KnowledgeGraph.open(graph_copy)):  # the same object and a freshly opened one
        row = next(r for r in graph.sources() if r["slug"] == SLUG)
        assert (row["title"], row["published"], int(row["sentences"])) == (TITLE, "2025-02-20", len(src.sentences))
    assert kg.validate(shapes=False) == []


def test_add_source_refusals_write_nothing(graph_copy: Path, article: Path, tmp_path: Path) -> None:
    kg = KnowledgeGraph.open(graph_copy, load=False)
    kg.add_source(article, title=TITLE, slug=SLUG)
    before = snapshot(graph_copy)
    with pytest.raises(UsageError, match=f"a source named '{SLUG}' is already registered"):
        kg.add_source(article, title="again", slug=SLUG)
    with pytest.raises(UsageError, match=f"already registered as source '{SLUG}'"):
        kg.add_source(article, title="again", slug="other-name")
    with pytest.raises(UsageError, match="--published 'soon': not a date"):
        kg.add_source(article, title="again", slug="other-name", published="soon")
    with pytest.raises(UsageError, match=r"unknown source 'nope' \(registered: .*xo-kitty-season-3-article"):
        kg.source("nope")
    assert snapshot(graph_copy) == before


def test_the_bundled_graph_is_never_written(article: Path) -> None:
    from graph.locate import bundled_root

    before = snapshot(bundled_root() / "ontology")
    bundled = KnowledgeGraph.open(bundled_root(), load=False)
    with pytest.raises(UsageError, match=r"this is the bundled graph.*kg init DIR"):
        bundled.add_source(article, title=TITLE, slug=SLUG)
    with pytest.raises(UsageError, match="this is the bundled graph"):
        bundled.add_season(season_3())
    assert snapshot(bundled_root() / "ontology") == before


def test_add_source_waits_for_the_write_lock_and_cleans_stray_files(graph_copy: Path, article: Path) -> None:
    from graph.workspace import write_lock

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    debris = graph_copy / "ontology" / "facts" / f".x.trig.kg-{int(dead.stdout)}-abc.tmp"
    debris.write_bytes(b"half a file")
    kg = KnowledgeGraph.open(graph_copy, load=False)
    errors: list[BaseException] = []

    def add() -> None:
        try:
            kg.add_source(article, title=TITLE, slug=SLUG)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    with write_lock(graph_copy):  # another kg command is writing
        writer = threading.Thread(target=add)
        writer.start()
        time.sleep(0.5)
        assert writer.is_alive() and not (graph_copy / f"ontology/sources/{SLUG}.ttl").exists()
        assert debris.exists()  # cleaned only by the holder of the lock
    writer.join(timeout=60)
    assert errors == [] and (graph_copy / f"ontology/sources/{SLUG}.ttl").is_file()
    assert not debris.exists()


def test_add_season_dry_run_writes_nothing_and_then_writes_that_file(with_source: Path) -> None:
    kg = KnowledgeGraph.open(with_source)
    before = snapshot(with_source)
    plan = kg.add_season(season_3(), dry_run=True)
    assert snapshot(with_source) == before
    assert plan.path == (with_source / SEASON_FILE).resolve() and not plan.replaced and plan.claims == 3
    assert "claim:xo-kitty-season-3-xo-kitty-season-3-article-cast-yuna {" in plan.text

    done = kg.add_season(season_3())
    assert set(snapshot(with_source)) - set(before) == {str(SEASON_FILE)}
    assert (with_source / SEASON_FILE).read_text(encoding="utf-8") == plan.text == done.text

    for graph in (kg, KnowledgeGraph.open(with_source)):  # the same object and a freshly opened one
        cast = graph.select("cast-of-season", {"season": "3"})
        assert {(r["actor"], r["character"]) for r in cast} >= {("Mina Park", "Yuna")}
        timeline = graph.select("timeline")
        assert {"date": "2026-01-15", "event": "premiere", "subject": "XO, Kitty Season 3"}.items() <= next(
            r for r in timeline if r["date"] == "2026-01-15"
        ).items()

    with pytest.raises(ValidationFailed) as again:  # the same source on the same season: --replace
        kg.add_season(season_3())
    assert "use --replace to replace it" in again.value.problems[0]
    assert kg.add_season(season_3(), replace=True).replaced


def test_a_bad_quote_is_refused_with_the_cli_error_and_nothing_written(kg, with_source: Path) -> None:
    graph = KnowledgeGraph.open(with_source, load=False)
    before = snapshot(with_source)
    with pytest.raises(ValidationFailed) as refused:
        graph.add_season(season_3(quote="Mina Park was never in this article"))
    assert str(refused.value) == "season 3 not added: 1 problem (listed above); nothing was written"
    assert len(refused.value.problems) == 1 and "Mina Park was never in this article" in refused.value.problems[0]
    assert snapshot(with_source) == before

    # from a season file, the library's problems and error are the lines `kg season add --from` prints
    season_file = with_source.parent / "s3.toml"
    season_file.write_text(SEASON_3_TOML.replace("Newcomer Mina Park joins", "Mina Park quietly joins"), "utf-8")
    with pytest.raises(ValidationFailed) as from_file:
        graph.add_season(season_file)
    run = kg("season", "add", "--from", str(season_file), "--graph", str(with_source))
    assert run.exit_code == 1 and run.stdout == ""
    assert run.stderr.splitlines() == [*from_file.value.problems, f"Error: {from_file.value}"]
    assert f"{season_file}:" in from_file.value.problems[0]
    assert snapshot(with_source) == before


def test_season_template_lists_the_sources_and_reads_back(kg, with_source: Path, tmp_path: Path) -> None:
    graph = KnowledgeGraph.open(with_source, load=False)
    text = graph.season_template(4)
    assert f'source = "{SLUG}"' in text and f"#   {SLUG}: {TITLE}" in text and "number = 4" in text
    assert text == kg("season", "template", "4", "--graph", str(with_source)).stdout
    assert 'series = "XO, Kitty"' in text and 'series = "Other"' in graph.season_template(4, series="Other")

    filled = tmp_path / "s4.toml"
    filled.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as untouched:  # read back: the blanks are named by line
        graph.add_season(filled, dry_run=True)
    assert all(p.startswith(f"{filled}:") for p in untouched.value.problems)


def test_a_season_dry_run_needs_no_write_lock(with_source: Path) -> None:
    from graph.workspace import write_lock

    graph = KnowledgeGraph.open(with_source, load=False)
    before = snapshot(with_source)
    with write_lock(with_source, wait=0):
        assert graph.add_season(season_3(), dry_run=True).claims == 3  # planning needs no lock
    assert snapshot(with_source) == before


def test_add_source_refuses_a_device_and_an_oversized_text_and_reads_a_pipe(graph_copy: Path, tmp_path: Path) -> None:
    """/dev/zero used to be read until the memory ran out; a pipe (`<(…)`) is still a source."""
    import os

    kg = KnowledgeGraph.open(graph_copy, load=False)
    before = snapshot(graph_copy)
    with pytest.raises(UsageError, match=r"^/dev/zero: not a file or a pipe"):
        kg.add_source("/dev/zero", title=TITLE)
    big = tmp_path / "big.txt"
    big.write_bytes(b"Kitty went to Seoul. " * 800_000)  # 16.8 MB
    with pytest.raises(UsageError, match=f"^{re.escape(str(big))}: over 16 MiB"):
        kg.add_source(big, title=TITLE)
    assert snapshot(graph_copy) == before
    fifo = tmp_path / "piped.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(ARTICLE,))
    writer.start()
    try:
        assert kg.add_source(fifo, title=TITLE, slug=SLUG).slug == SLUG
    finally:
        writer.join(timeout=10)
    assert (graph_copy / f"ontology/sources/{SLUG}.txt").read_text() == ARTICLE


@pytest.mark.parametrize(
    ("toml", "cause"),
    [
        ("number = " + "[" * 5000 + "]" * 5000 + "\n", "TOML nested too deeply"),
        ("number = 3\nquote = {a = " + "{b = " * 3000 + "1" + "}" * 3001 + "\n", "TOML nested too deeply"),
        ("number = " + "9" * 5000 + "\n", "TOML value refused: Exceeds the limit (4300 digits)"),
    ],
    ids=["nested-arrays", "nested-tables", "5000-digits"],
)
def test_a_hostile_season_file_is_a_one_line_error(
    kg, with_source: Path, tmp_path: Path, toml: str, cause: str
) -> None:
    """tomllib's recursion and Python's integer-digit limit used to escape as tracebacks."""
    path = tmp_path / "season.toml"
    path.write_text(toml)
    with pytest.raises(UsageError, match=f"^{re.escape(str(path))}: {re.escape(cause)}"):
        KnowledgeGraph.open(with_source, load=False).add_season(path, dry_run=True)
    run = kg("season", "add", "--from", str(path), "--graph", str(with_source))
    assert run.exit_code == 2 and run.stderr.count("\n") == 1 and cause in run.stderr


def test_a_source_read_from_a_slow_pipe_does_not_hold_the_write_lock(graph_copy: Path, article: Path) -> None:
    """The text is read before the lock is taken: while one `add_source` waits on a pipe that
    nobody writes yet, another writer gets the lock at once."""
    import os

    from graph.workspace import write_lock

    fifo = graph_copy.parent / "slow-article.txt"
    os.mkfifo(fifo)
    kg = KnowledgeGraph.open(graph_copy, load=False)
    errors: list[BaseException] = []

    def add() -> None:
        try:
            kg.add_source(fifo, title="From a pipe", slug="from-a-pipe")
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    reader = threading.Thread(target=add, daemon=True)
    reader.start()
    try:
        time.sleep(0.3)
        assert reader.is_alive()  # blocked opening the pipe
        with write_lock(graph_copy, wait=0):  # refused at once if the reader held the lock
            pass
    finally:  # let the reader finish whatever happened
        with fifo.open("w", encoding="utf-8") as pipe:
            pipe.write("Netflix has renewed the show. A pipe can carry an article too.\n")
        reader.join(timeout=60)
    assert errors == [] and (graph_copy / "ontology/sources/from-a-pipe.ttl").is_file()
