"""How well the drafting rules read articles: precision, recall and status accuracy against
hand-written gold lists, and the time and memory of a whole process drafting one article.

    python tests/benchmarks/drafting.py                  # the dev set (and the held-out set if present)
    python tests/benchmarks/drafting.py FOLDER ... -v    # given folders; list missed and spurious facts
    python tests/benchmarks/drafting.py --gazetteer none # the rules alone, no names from the graph

Each folder holds NAME.txt (the article) and NAME.toml (its gold facts; format in
tests/drafting/README.md). A fact found matches a gold fact of the same season and field
whose key and value are the same ignoring case, accents and punctuation, dates compared as
periods (`graph.dates`' `same_as`). Precision = matched / found, recall = matched / gold,
status accuracy = matched facts whose status is the gold's / matched. The figures are
micro-averaged over all articles of a folder. By default the gazetteer is the names of the
graph kg ships (ontology/), as `kg season draft` on a fresh working copy would use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from graph.dates import parse_date  # noqa: E402
from graph.draft.extract import Found, Gazetteer, read  # noqa: E402
from graph.season.matching import loose  # noqa: E402

DRAFTING = REPO / "tests" / "drafting" / "articles"
DATE_FIELDS = {"premiere", "announced", "production_start", "production_end", "filming_start", "filming_end"}


@dataclass
class Score:
    """Counts for one article or a whole folder."""

    gold: int = 0
    found: int = 0
    matched: int = 0
    status_right: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_status: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: gold facts the rules read but kg's quote check would refuse (set aside)
    read_not_quoted: int = 0

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.matched += other.matched
        self.status_right += other.status_right
        self.seconds += other.seconds
        self.read_not_quoted += other.read_not_quoted

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def status(self) -> float:
        return self.status_right / self.matched if self.matched else 1.0


def same_value(fact_field: str, a: str, b: str) -> bool:
    """Values compared as the benchmark does: dates as periods, anything else loosely."""
    if fact_field in DATE_FIELDS:
        try:
            return parse_date(a).same_as(parse_date(b))
        except ValueError:
            return False
    return loose(a) == loose(b)


def matches(found: Found, gold: dict) -> bool:
    return (
        found.season == gold["season"]
        and found.field == gold["field"]
        and loose(found.key) == loose(gold.get("key", ""))
        and same_value(found.field, found.value, gold.get("value", ""))
    )


def show(fact: Found | dict) -> str:
    if isinstance(fact, dict):
        return f"s{fact['sentence']} season {fact['season']} {fact['field']} {fact.get('key', '')!r} {fact.get('value', '')!r} ({fact['status']})"
    return f"s{fact.sentence} season {fact.season} {fact.field} {fact.key!r} {fact.value!r} ({fact.status}; {fact.cue})"


def score_article(path: Path, gazetteer: Gazetteer) -> Score:
    gold = tomllib.loads(path.with_suffix(".toml").read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(gold["published"]) if "published" in gold else None
    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    reading = read(text, published, gazetteer)
    score = Score(seconds=time.perf_counter() - started)
    facts = gold.get("fact", [])
    score.gold, score.found = len(facts), len(reading.found)
    left = list(facts)
    for found in reading.found:
        hit = next((g for g in left if matches(found, g)), None)
        if hit is None:
            score.spurious.append(show(found))
            continue
        left.remove(hit)
        score.matched += 1
        if found.status == hit["status"]:
            score.status_right += 1
        else:
            score.wrong_status.append(f"{show(found)} — gold says {hit['status']}")
    for found, _why in reading.refused:
        hit = next((g for g in left if matches(found, g)), None)
        if hit is not None:
            left.remove(hit)
            score.read_not_quoted += 1
            score.missed.append(f"{show(hit)} — read, but set aside: no quote kg would accept")
    score.missed += [show(g) for g in left]
    score.refused = [f"{show(f)}: {why}" for f, why in reading.refused]
    return score


def graph_gazetteer() -> Gazetteer:
    """The names of the graph kg ships (its ontology folder), as a fresh working copy has them."""
    import pyoxigraph as ox

    from graph.season.matching import NameIndex
    from graph.store.load import load_files

    files = sorted(p for p in (REPO / "ontology").rglob("*") if p.suffix in (".ttl", ".trig"))
    store: ox.Store = load_files(files)
    return Gazetteer.from_index(NameIndex(list(store.quads_for_pattern(None, None, None, None))))


PROCESS = """
import datetime as dt, sys
from pathlib import Path
from graph.draft.extract import Gazetteer, extract
text = Path(sys.argv[1]).read_text(encoding="utf-8")
published = dt.date.fromisoformat(sys.argv[2]) if sys.argv[2] else None
print(len(extract(text, published, Gazetteer())))
"""


def process_cost(article: Path, runs: int = 5) -> tuple[float, float, float | None]:
    """Median seconds of a whole process drafting `article` (rules alone), of a bare Python
    start for comparison, and the drafting process's peak memory in MB (None without /usr/bin/time)."""
    gold = tomllib.loads(article.with_suffix(".toml").read_text(encoding="utf-8"))
    args = [sys.executable, "-c", PROCESS, str(article), gold.get("published", "")]
    bare = [sys.executable, "-c", "pass"]
    times: list[float] = []
    floor: list[float] = []
    for _ in range(runs):
        for command, into in ((args, times), (bare, floor)):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=REPO)
            into.append(time.perf_counter() - started)
    memory = None
    if Path("/usr/bin/time").exists():
        run = subprocess.run(["/usr/bin/time", "-f", "%M", *args], capture_output=True, text=True, cwd=REPO, check=True)
        memory = int(run.stderr.strip().splitlines()[-1]) / 1024
    return statistics.median(times), statistics.median(floor), memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folders", nargs="*", type=Path, help="fixture folders (default: dev, and heldout when present)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed, spurious and set-aside facts")
    parser.add_argument(
        "--gazetteer", choices=("graph", "none"), default="graph", help="names from kg's graph, or none"
    )
    parser.add_argument("--runs", type=int, default=5, help="processes to time (median)")
    options = parser.parse_args()
    folders = options.folders or [p for p in (DRAFTING / "dev", DRAFTING / "heldout") if p.is_dir()]
    gazetteer = graph_gazetteer() if options.gazetteer == "graph" else Gazetteer()
    longest: Path | None = None
    for folder in folders:
        articles = sorted(folder.glob("*.txt"))
        total = Score()
        print(
            f"\n## {folder.relative_to(REPO) if folder.is_relative_to(REPO) else folder} ({len(articles)} articles, gazetteer: {options.gazetteer})\n"
        )
        print("| article | gold | found | matched | precision | recall | status | ms |")
        print("|---|---|---|---|---|---|---|---|")
        scores = []
        for article in articles:
            score = score_article(article, gazetteer)
            scores.append((article, score))
            total.add(score)
            print(
                f"| {article.stem} | {score.gold} | {score.found} | {score.matched} | {score.precision:.2f} | "
                f"{score.recall:.2f} | {score.status:.2f} | {score.seconds * 1000:.1f} |"
            )
            if longest is None or article.stat().st_size > longest.stat().st_size:
                longest = article
        print(
            f"| **all** | {total.gold} | {total.found} | {total.matched} | **{total.precision:.3f}** | "
            f"**{total.recall:.3f}** | **{total.status:.3f}** | {total.seconds * 1000:.1f} |"
        )
        before = (total.matched + total.read_not_quoted) / total.gold if total.gold else 1.0
        print(
            f"\nRecall before kg's quote check: {before:.3f} ({total.read_not_quoted} gold facts read but set aside, "
            "their names or dates not in a sentence kg's support check would accept)"
        )
        if options.verbose:
            for article, score in scores:
                lines = [
                    ("missed", score.missed),
                    ("spurious", score.spurious),
                    ("status", score.wrong_status),
                    ("set aside", score.refused),
                ]
                if any(items for _, items in lines):
                    print(f"\n### {article.stem}")
                    for what, items in lines:
                        for item in items:
                            print(f"- {what}: {item}")
    if longest is not None:
        seconds, floor, memory = process_cost(longest, options.runs)
        print(f"\n## A whole process drafting {longest.name} (rules alone, median of {options.runs})\n")
        print(
            f"- {seconds * 1000:.0f} ms ({(seconds - floor) * 1000:.0f} ms over a bare `python -c pass`, {floor * 1000:.0f} ms)"
        )
        if memory is not None:
            print(f"- peak memory {memory:.1f} MB (/usr/bin/time -f %M)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
