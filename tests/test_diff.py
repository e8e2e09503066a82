"""`kg diff`: two states of a graph compared claim by claim, per entity: folders, git revisions,
a season file; text and JSON; exit 0 when nothing differs, 1 when something does, 2 on error."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import snapshot

ARTICLE = """XO, Kitty season 3 premieres April 2

XO, Kitty season 3 will premiere on Netflix on April 2.
The third season has eight episodes.
Sascha Rothchild takes over as co-showrunner from Jenny Han.
"""
SEASON = """number = 3
source = "s3"
quote = "XO, Kitty season 3 will premiere"

[premiere]
date = "April 2"
quote = "will premiere on Netflix on April 2"

[episodes]
count = 8
quote = "The third season has eight episodes"
"""


@pytest.fixture
def work(tmp_path: Path, kg) -> Path:
    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    article = tmp_path / "s3.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = kg("source", "add", str(article), "--title", "s3", "--slug", "s3", "--published", "2026-01-22",
             "--graph", str(root))  # fmt: skip
    assert run.exit_code == 0, run.stderr
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=kg@example.org", "-c", "user.name=kg", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_a_season_file_against_the_graph(kg, work: Path, tmp_path: Path) -> None:
    season = tmp_path / "season-3.toml"
    season.write_text(SEASON, encoding="utf-8")
    before = snapshot(work)
    run = kg("diff", "--season", str(season), "--graph", str(work))
    assert run.exit_code == 1, run.stderr  # something differs
    assert "XO, Kitty Season 3" in run.stdout
    assert "+ premiere date April 2, 2026\n" in run.stdout
    assert "stated · claim:xo-kitty-season-3-s3-premiere · source:s3 s02" in run.stdout
    assert "“XO, Kitty season 3 will premiere on Netflix on April 2.”" in run.stdout
    assert snapshot(work) == before  # never writes the graph
    data = json.loads(kg("diff", "--season", str(season), "--graph", str(work), "-f", "json").stdout)
    kinds = {(c["kind"], c["fact"]) for c in data["changes"]}
    assert ("added", "premiere date April 2, 2026") in kinds and ("added", "episode count 8") in kinds


def test_git_revisions_of_the_working_copy(kg, work: Path, tmp_path: Path) -> None:
    git(work, "init", "-q")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "before")
    assert kg("diff", "--graph", str(work)).exit_code == 0  # HEAD against the folder: the same
    season = tmp_path / "season-3.toml"
    season.write_text(SEASON, encoding="utf-8")
    assert kg("season", "add", "--from", str(season), "--graph", str(work)).exit_code == 0
    run = kg("diff", "--graph", str(work))
    assert run.exit_code == 1 and "+ episode count 8\n" in run.stdout, run.stdout
    git(work, "add", "-A")
    git(work, "commit", "-qm", "season 3")
    assert kg("diff", "HEAD", "--graph", str(work)).exit_code == 0
    back = kg("diff", "HEAD", "HEAD~1", "--graph", str(work))
    assert back.exit_code == 1 and "- premiere date April 2, 2026\n" in back.stdout, back.stdout


def test_two_folders_and_a_superseded_fact(kg, work: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(work, old)
    season = tmp_path / "season-3.toml"
    season.write_text(SEASON.replace('[premiere]\ndate = "April 2"', '[premiere]\ndate = "April 2"'), encoding="utf-8")
    assert kg("season", "add", "--number", "2", "--source", "s3", "--premiere", "2026-04-02",
              "--premiere-quote", "will premiere on Netflix on April 2", "--inferred",
              "premiere=a test of supersession", "--graph", str(work)).exit_code == 0  # fmt: skip
    run = kg("diff", str(old), str(work))
    assert run.exit_code == 1, run.stderr
    assert "~ premiere date 'no date announced yet': superseded by" in run.stdout
    assert "claim:season-2-no-release-date" in run.stdout


def test_what_cannot_be_compared_is_a_one_line_error(kg, work: Path, tmp_path: Path) -> None:
    pwned = tmp_path / "pwned"
    for bad in (f"--upload-pack=touch {pwned}", "no-such-revision", "HEAD\nrm", f"--output={pwned}"):
        run = kg("diff", "--graph", str(work), "--", bad)
        assert run.exit_code == 2, (bad, run.stdout)
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("Error: ")
    assert not pwned.exists()
    run = kg("diff", str(tmp_path / "no-such-folder"), "--graph", str(work))  # a folder mistyped
    assert run.exit_code == 2 and "no-such-folder: no such graph folder, nor a git revision" in run.stderr
    run = kg("diff", "HEAD", "--season", "x.toml", "--graph", str(work))
    assert run.exit_code == 2 and "give no OLD or NEW" in run.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text('number = 3\nsource = "s3"\n[episodes]\ncount = 8\nquote = "not in the article"\n')
    run = kg("diff", "--season", str(broken), "--graph", str(work))
    assert run.exit_code != 0 and "not found in source" in run.stderr
