"""A working copy told by several sources, for the pages that show history: the reports of
tests/test_many_sources.py about seasons 2 and 3, entered through the command line. A premiere
date answers a coarser one (and the guess of no date yet), a correction says an episode count
was wrong. The tests (the `story` fixture) and the screenshot script build it the same way."""

from __future__ import annotations

from pathlib import Path


def build_story(folder: Path) -> Path:
    """Make the working copy in `folder`/work and return its root."""
    from click.testing import CliRunner

    from graph.cli.main import cli
    from tests.test_many_sources import ADDS, ARTICLES

    def kg(*args: str) -> str:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)  # type: ignore[arg-type]
        assert result.exit_code == 0, result.stderr
        return result.stdout

    root = folder / "work"
    kg("init", str(root))
    for slug in ("a", "b", "d", "h", "i"):
        published, text = ARTICLES[slug]
        article = folder / f"{slug}.txt"
        article.write_text(text, encoding="utf-8")
        kg("source", "add", str(article), "--title", text.splitlines()[0], "--slug", slug, "--graph", str(root),
           "--published", published)  # fmt: skip
    for slug in ("b", "a", "d"):
        kg("season", "add", "--source", slug, *ADDS[slug], "--graph", str(root))
    kg("season", "add", "--source", "h", "--number", "3", "--episodes", "8",
       "--episodes-quote", "will have eight episodes", "--graph", str(root))  # fmt: skip
    kg("season", "add", "--source", "i", "--number", "3", "--episodes", "6;corrects=h",
       "--episodes-quote", "will have six episodes", "--graph", str(root))  # fmt: skip
    return root
