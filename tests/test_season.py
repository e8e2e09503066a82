"""Adding a season through the CLI: a working copy, a registered article, `kg season add`
from options or from a filled-in template, and every refusal leaving the files as they were."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import refused, rows_of, snapshot

ARTICLE = """XO, Kitty Season 3 Is Coming

Netflix has renewed “XO, Kitty” for a third season, the streamer announced in February 2025. Season 3 will premiere on January 15, 2026.
Anna Cathcart returns as Kitty Song Covey, and Joshua Lee is back as Jin. Newcomer Mina Park joins the cast as Yuna, a series regular.
Filming took place in Busan, South Korea, as well as in Seoul.
Some fans hope Sasha Bhasín will return as Praveena.
Insiders guess the season could arrive as early as late 2025.
"""
SLUG = "xo-kitty-season-3-article"
SEASON_FILE = Path(f"ontology/facts/xo-kitty-season-3--{SLUG}.trig")
SRC = f"https://w3id.org/franchise-kg/source/{SLUG}#"
KG = "https://w3id.org/franchise-kg/id/"
CLAIM = "https://w3id.org/franchise-kg/claim/"

#: season 3 from options; tests/test_season.py::test_template_route_writes_the_same_file gives the same in TOML
SEASON_3 = [
    "--number", "3",
    "--source", SLUG,
    "--quote", "Netflix has renewed",
    "--premiere", "2026-01-15", "--premiere-quote", "Season 3 will premiere on January 15, 2026",
    "--announced", "2025-02", "--announced-quote", "the streamer announced in February 2025",
    "--expected-premiere", "2025", "--expected-premiere-quote", "could arrive as early as late 2025",
    "--cast", "Anna Cathcart=Kitty Song Covey;returning;regular",
    "--cast", "Mina Park=Yuna;new;regular",
    "--cast-quote", "Anna Cathcart returns as Kitty Song Covey",
    "--cast-quote", "Newcomer Mina Park joins the cast as Yuna, a series regular",
    "--filming-location", "Busan:city in South Korea",
    "--filming-location", "Seoul",
    "--filming-location-quote", "Filming took place in Busan, South Korea, as well as in Seoul",
]  # fmt: skip

SEASON_3_TOML = f"""# season 3, filled in from the template
series = "XO, Kitty"
number = 3
source = "{SLUG}"
quote = "Netflix has renewed"

[premiere]
date = "2026-01-15"
quote = "Season 3 will premiere on January 15, 2026"

[announced]
date = "2025-02"
quote = "the streamer announced in February 2025"

[expected_premiere]
date = "2025"
quote = "could arrive as early as late 2025"

[[filming_location]]
name = "Busan"
type = "city"
in = "South Korea"
quote = "Filming took place in Busan, South Korea, as well as in Seoul"

[[filming_location]]
name = "Seoul"
quote = "Filming took place in Busan, South Korea, as well as in Seoul"

[[cast]]
actor = "Anna Cathcart"
character = "Kitty Song Covey"
new = false
regular = true
quote = "Anna Cathcart returns as Kitty Song Covey"

[[cast]]
actor = "Mina Park"
character = "Yuna"
new = true
regular = true
quote = "Newcomer Mina Park joins the cast as Yuna, a series regular"
"""


@pytest.fixture
def work(tmp_path: Path, kg) -> Path:
    """A working copy made with `kg init`, with the season 3 article registered."""
    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    article = tmp_path / "season-3.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = kg(
        "source", "add", str(article), "--title", "XO, Kitty season 3 is coming", "--slug", SLUG, "--graph", str(root)
    )
    assert run.exit_code == 0, run.stderr
    return root


def rows(kg, root: Path, *args: str) -> list[dict[str, str]]:
    return rows_of(kg("query", *args, "--format", "json", "--graph", str(root)))


def test_season_3_is_queried_explained_and_exported_with_its_provenance(kg, work: Path) -> None:
    before = snapshot(work)
    run = kg("season", "add", *SEASON_3, "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    after = snapshot(work)
    # one new file; every other file byte for byte as it was
    assert set(after) - set(before) == {str(SEASON_FILE)}
    assert {k: v for k, v in after.items() if k != str(SEASON_FILE)} == before
    assert kg("validate", "--graph", str(work)).exit_code == 0

    cast = rows(kg, work, "cast-of-season", "--param", "season=3")
    season_cast = {(r["actor"], r["character"], r.get("new"), r.get("regular")) for r in cast if r["level"] == "season"}
    assert season_cast == {
        ("Anna Cathcart", "Kitty Song Covey", None, None),  # the series-wide role, listed by the season
        ("Mina Park", "Yuna", "true", "true"),
    }

    # a new character played by a new cast member is introduced in season 3; a returning one is not
    introduced = rows(kg, work, "new-characters", "--param", "season=3")
    assert {r["character"] for r in introduced} == {"Yuna"}

    # returning people, characters and places are the same nodes, not copies
    people = rows(kg, work, 'SELECT ?p WHERE { ?p a kgo:Person ; schema:name "Anna Cathcart" }')
    assert [r["p"] for r in people] == [KG + "person_anna-cathcart"]
    places = rows(kg, work, "SELECT ?s ?p WHERE { ?s kgo:filmingLocation ?p ; schema:seasonNumber 3 }")
    assert {r["p"] for r in places} == {KG + "place_busan", KG + "place_seoul"}
    busan = rows(kg, work, "SELECT ?c WHERE { kg:place_busan a kgo:City ; schema:containedInPlace ?c }")
    assert [r["c"] for r in busan] == [KG + "place_south-korea"]

    # the premiere is in the timeline; the guessed date only with speculation
    timeline = rows(kg, work, "timeline")
    assert {"date": "2026-01-15", "event": "premiere", "subject": "XO, Kitty Season 3"}.items() <= next(
        r for r in timeline if r["date"] == "2026-01-15"
    ).items()
    assert not [r for r in timeline if r["event"] == "release expected" and r["subject"] == "XO, Kitty Season 3"]
    speculative = rows(kg, work, "timeline", "--with-speculation")
    guess = [r for r in speculative if r["event"] == "release expected" and r["subject"] == "XO, Kitty Season 3"]
    assert [(g["date"], g["status"]) for g in guess] == [
        ("2025-01-01", "https://w3id.org/franchise-kg/ontology#Speculation")
    ]

    # the export keeps each claim as a named graph citing the sentence it comes from
    export = kg("export", "--format", "trig", "--graph", str(work))
    assert export.exit_code == 0, export.stderr
    store = ox.Store()
    store.load(export.stdout.encode("utf-8"), format=ox.RdfFormat.TRIG)
    claim = ox.NamedNode(CLAIM + f"xo-kitty-season-3-{SLUG}-cast-yuna")
    in_claim = list(
        store.quads_for_pattern(None, ox.NamedNode("https://w3id.org/franchise-kg/ontology#performer"), None, claim)
    )
    assert [q.object.value for q in in_claim] == [KG + "person_mina-park"]
    cited = list(
        store.quads_for_pattern(
            claim, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), None, ox.DefaultGraph()
        )
    )
    assert len(cited) == 1 and cited[0].object.value.startswith(SRC)
    exact = rows(kg, work, f"SELECT ?t WHERE {{ <{cited[0].object.value}> oa:hasSelector/oa:exact ?t }}")
    assert [r["t"] for r in exact] == ["Newcomer Mina Park joins the cast as Yuna, a series regular."]


def test_explain_shows_the_new_actor_with_the_sentence(kg, work: Path) -> None:
    if importlib.util.find_spec("graph.cli.explain") is None:
        pytest.skip("kg explain is not in this checkout yet")
    assert kg("season", "add", *SEASON_3, "--graph", str(work)).exit_code == 0
    run = kg("explain", "Mina Park", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    assert "claim:xo-kitty-season-3-xo-kitty-season-3-article-cast-yuna" in run.stdout
    assert "Newcomer Mina Park joins the cast as Yuna" in run.stdout
    assert SLUG in run.stdout


def test_viz_page_shows_season_3(kg, work: Path, tmp_path: Path) -> None:
    if importlib.util.find_spec("graph.cli.viz") is None:
        pytest.skip("kg viz is not in this checkout yet")
    assert kg("season", "add", *SEASON_3, "--graph", str(work)).exit_code == 0
    page = tmp_path / "page.html"
    run = kg("viz", "-o", str(page), "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    html = page.read_text(encoding="utf-8")
    assert "Mina Park" in html and "XO, Kitty Season 3" in html


def test_template_route_writes_the_same_file(kg, work: Path, tmp_path: Path) -> None:
    template = kg("season", "template", "3", "--graph", str(work))
    assert template.exit_code == 0
    assert "number = 3" in template.stdout and SLUG in template.stdout  # the registered sources are listed
    other = tmp_path / "other"
    import shutil

    shutil.copytree(work, other)
    assert kg("season", "add", *SEASON_3, "--graph", str(work)).exit_code == 0
    filled = tmp_path / "season-3.toml"
    filled.write_text(SEASON_3_TOML, encoding="utf-8")
    run = kg("season", "add", "--from", str(filled), "--graph", str(other))
    assert run.exit_code == 0, run.stderr
    assert (other / SEASON_FILE).read_bytes() == (work / SEASON_FILE).read_bytes()


def test_untouched_template_is_refused_naming_the_lines(kg, work: Path, tmp_path: Path) -> None:
    path = tmp_path / "s4.toml"
    path.write_text(kg("season", "template", "4", "--source", "", "--graph", str(work)).stdout, encoding="utf-8")
    err = refused(kg, work, "season", "add", "--from", str(path), expect="a registered source is required")
    source_line = next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("source ="))
    assert f"{path}:{source_line}: a registered source is required" in err
    assert "needs a quote" in err


def test_refusals_leave_every_file_as_it_was(kg, work: Path) -> None:
    base = ["season", "add", "--number", "3", "--source", SLUG, "--quote", "Netflix has renewed"]
    err = refused(
        kg, work, *base, "--premiere", "2026-02-30", "--premiere-quote", "Season 3 will premiere", expect="not a date"
    )
    assert "--premiere 2026-02-30" in err
    refused(kg, work, *base, "--announced", "spring", "--announced-quote", "announced in February", expect="not a date")
    refused(
        kg,
        work,
        "season",
        "add",
        "--number",
        "3",
        "--source",
        "no-such-article",
        "--quote",
        "x y z",
        expect="unknown source 'no-such-article'",
    )
    err = refused(
        kg,
        work,
        *base,
        "--cast",
        "Joshua Lee=Jin",
        "--cast-quote",
        "Joshua Lee returns as Jin",
        expect="not found in source",
    )
    assert "closest: s04" in err
    refused(
        kg,
        work,
        "season",
        "add",
        "--number",
        "3",
        "--source",
        SLUG,
        "--quote",
        "Netflix has cancelled",
        expect="not found",
    )
    refused(
        kg,
        work,
        "season",
        "add",
        "--source",
        SLUG,
        "--quote",
        "Netflix has renewed",
        expect="season number is required",
    )
    refused(
        kg,
        work,
        "season",
        "add",
        "--number",
        "3",
        "--quote",
        "Netflix has renewed",
        expect="a registered source is required",
    )
    refused(
        kg,
        work,
        *base,
        "--filming-location",
        "Jeju",
        "--filming-location-quote",
        "Filming took place",
        expect="give its type",
    )
    refused(kg, work, *base, "--cast", "Mina Park=Yuna", expect="needs a quote")
    refused(kg, work, *base, "--cast", "Mina Park", expect='"Actor=Character"')
    # season 2 exists in the hand-written facts: a new source may add to it, but this quote
    # does not name season 2, so it cannot say that season 2 exists
    refused(
        kg,
        work,
        "season",
        "add",
        "--number",
        "2",
        "--source",
        SLUG,
        "--quote",
        "Netflix has renewed",
        expect="does not name the season 'season 2'",
    )


def test_duplicate_season_refused_and_replace_replaces(kg, work: Path) -> None:
    assert kg("season", "add", *SEASON_3, "--graph", str(work)).exit_code == 0
    refused(kg, work, "season", "add", *SEASON_3, expect="use --replace")
    first = (work / SEASON_FILE).read_bytes()
    run = kg(
        "season",
        "add",
        "--number",
        "3",
        "--source",
        SLUG,
        "--quote",
        "Netflix has renewed",
        "--cast",
        "Joshua Lee=Jin;returning",
        "--cast-quote",
        "Joshua Lee is back as Jin",
        "--replace",
        "--graph",
        str(work),
    )
    assert run.exit_code == 0, run.stderr
    assert (work / SEASON_FILE).read_bytes() != first
    cast = rows(kg, work, "cast-of-season", "--param", "season=3")
    assert {(r["actor"], r["character"]) for r in cast if r["level"] == "season"} == {("Joshua Lee", "Jin")}
    # Mina Park came only from the replaced file: she is gone, not left behind half-described
    assert rows(kg, work, 'SELECT ?p WHERE { ?p schema:name "Mina Park" }') == []
    assert kg("validate", "--graph", str(work)).exit_code == 0


def test_near_duplicate_names_are_reported_then_decided(kg, work: Path) -> None:
    base = ["season", "add", "--number", "3", "--source", SLUG, "--quote", "Netflix has renewed"]
    sasha = [
        "--cast",
        "Sasha Bhasín=Praveena;returning;speculative",
        "--cast-quote",
        "Sasha Bhasín will return as Praveena",
    ]
    err = refused(
        kg,
        work,
        *base,
        *sasha,
        expect="'Sasha Bhasín' is close to the existing 'Sasha Bhasin' (kg:person_sasha-bhasin)",
    )
    assert '--same-as "Sasha Bhasín=kg:person_sasha-bhasin"' in err
    lee = ["--cast", "Joshua Le=Jin", "--cast-quote", "Joshua Lee is back as Jin"]
    refused(kg, work, *base, *lee, expect="'Joshua Le' is close to the existing 'Joshua Lee'")

    run = kg(*base, *sasha, "--same-as", "Sasha Bhasín=kg:person_sasha-bhasin", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    # speculation: in the cast only when asked for, and as the existing person
    assert [r for r in rows(kg, work, "cast-of-season", "--param", "season=3") if r["level"] == "season"] == []
    spec = rows(kg, work, "cast-of-season", "--param", "season=3", "--with-speculation")
    assert [(r["actor"], r["character"]) for r in spec if r["level"] == "season"] == [("Sasha Bhasin", "Praveena")]

    run = kg(*base, *lee, "--new", "Joshua Le", "--replace", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    people = rows(kg, work, 'SELECT ?p ?n WHERE { ?p a kgo:Person ; schema:name ?n FILTER(STRSTARTS(?n, "Joshua")) }')
    assert sorted(r["n"] for r in people) == ["Joshua Le", "Joshua Lee"]
    assert len({r["p"] for r in people}) == 2


def test_a_second_person_of_an_existing_name_is_two_people_with_new(kg, work: Path, tmp_path: Path) -> None:
    article = tmp_path / "namesake.txt"
    article.write_text(
        "A namesake joins XO, Kitty\n\nA different actor also named Joshua Lee joins season 3 as Min-ho.\n",
        encoding="utf-8",
    )
    run = kg("source", "add", str(article), "--title", "A namesake joins", "--slug", "namesake", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    base = ["season", "add", "--number", "3", "--source", "namesake", "--quote", "A different actor"]
    cast = ["--cast", "Joshua Lee=Min-ho;new", "--cast-quote", "also named Joshua Lee joins season 3 as Min-ho"]
    # an identical name, and the source gives a reason to doubt it is the same person: the user decides
    refused(kg, work, *base, *cast, expect="'Joshua Lee' is new to the cast here")
    run = kg(*base, *cast, "--new", "Joshua Lee", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    people = rows(kg, work, 'SELECT ?p WHERE { ?p a kgo:Person ; schema:name "Joshua Lee" }')
    assert len({r["p"] for r in people}) == 2
    said = rows(kg, work, "SELECT ?a ?b WHERE { ?a owl:differentFrom ?b }")
    assert [(r["a"], r["b"]) for r in said] == [(KG + "person_joshua-lee-2", KG + "person_joshua-lee")]
    assert kg("validate", "--graph", str(work)).exit_code == 0  # two people, not a duplicate
    cast3 = rows(kg, work, "cast-of-season", "--param", "season=3")
    assert ("Joshua Lee", "Min-ho") in {(r["actor"], r["character"]) for r in cast3}


def test_broken_season_file_names_file_and_line(kg, work: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('number = 3\nsource = "' + SLUG + '"\nquote = "Netflix has renewed\n', encoding="utf-8")
    refused(kg, work, "season", "add", "--from", str(path), expect=f"{path}:3:")
    path.write_text(SEASON_3_TOML.replace("regular = true", "regular = yes", 1), encoding="utf-8")
    refused(kg, work, "season", "add", "--from", str(path), expect="TOML syntax error")
    path.write_text("number = 3\ncast = [\n", encoding="utf-8")  # cut off: the error is at the end
    refused(
        kg, work, "season", "add", "--from", str(path), expect=f"{path}:2: TOML syntax error at the end of the file"
    )
    path.write_text(SEASON_3_TOML.replace('name = "Seoul"', 'nmae = "Seoul"'), encoding="utf-8")
    line = SEASON_3_TOML.replace('name = "Seoul"', 'nmae = "Seoul"').splitlines().index('nmae = "Seoul"') + 1
    refused(kg, work, "season", "add", "--from", str(path), expect=f"{path}:{line}: unknown key 'nmae'")
    path.write_text(SEASON_3_TOML.replace("number = 3", 'number = "three"'), encoding="utf-8")
    refused(kg, work, "season", "add", "--from", str(path), expect=f"{path}:3: number must be a whole number")


def test_validation_with_the_whole_graph_runs_before_writing(kg, work: Path) -> None:
    # a quality check of this graph that the new season would break: nothing is written
    check = work / "queries" / "checks" / "no-yuna.rq"
    check.parent.mkdir(exist_ok=True)
    check.write_text(
        '#+ summary: Test check: no character named Yuna\nSELECT ?c WHERE { ?c a kgo:Character ; schema:name "Yuna" }\n',
        encoding="utf-8",
    )
    err = refused(kg, work, "season", "add", *SEASON_3, expect="season 3 not added")
    assert "no-yuna" in err and SEASON_FILE.name in err


def test_bundled_graph_is_never_written(kg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.locate import bundled_root

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_GRAPH", raising=False)
    before = snapshot(bundled_root() / "ontology")
    run = kg("season", "add", *SEASON_3)
    assert run.exit_code != 0
    assert "bundled graph" in run.stderr and "kg init" in run.stderr
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run = kg("source", "add", str(article), "--title", "t")
    assert run.exit_code != 0 and "kg init" in run.stderr
    assert snapshot(bundled_root() / "ontology") == before


def test_dry_run_prints_the_file_and_writes_nothing(kg, work: Path) -> None:
    before = snapshot(work)
    run = kg("season", "add", *SEASON_3, "--dry-run", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    assert "claim:xo-kitty-season-3-xo-kitty-season-3-article-cast-yuna {" in run.stdout
    assert snapshot(work) == before


def test_season_file_decides_near_names_like_the_options(kg, work: Path, tmp_path: Path) -> None:
    path = tmp_path / "decided.toml"
    path.write_text(
        f'number = 3\nsource = "{SLUG}"\nquote = "Netflix has renewed"\n'
        'same_as = { "Sasha Bhasín" = "kg:person_sasha-bhasin" }\n\n'
        '[[cast]]\nactor = "Sasha Bhasín"\ncharacter = "Praveena"\nspeculative = true\n'
        'quote = "Sasha Bhasín will return as Praveena"\n',
        encoding="utf-8",
    )
    run = kg("season", "add", "--from", str(path), "--dry-run", "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    options = kg(
        "season", "add", "--number", "3", "--source", SLUG, "--quote", "Netflix has renewed",
        "--cast", "Sasha Bhasín=Praveena;speculative", "--cast-quote", "Sasha Bhasín will return as Praveena",
        "--same-as", "Sasha Bhasín=kg:person_sasha-bhasin", "--dry-run", "--graph", str(work),
    )  # fmt: skip
    assert options.exit_code == 0, options.stderr
    assert run.stdout == options.stdout
    assert "kgo:performer kg:person_sasha-bhasin" in run.stdout and "kgo:status kgo:Speculation" in run.stdout


def test_a_name_with_a_line_break_cannot_write_turtle_through_a_comment(kg, work: Path) -> None:
    """Names from the data go into the season file's comments; a line break in one must not
    end the comment and turn the rest of the name into statements."""
    payload = '\\n<https://w3id.org/franchise-kg/id/XOKitty> <https://schema.org/description> \\"PWN\\" .\\n#'
    evil = work / "ontology" / "facts" / "evil.trig"
    evil.write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> .\n@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"@prefix prov: <http://www.w3.org/ns/prov#> .\n@prefix src: <{SRC}> .\n"
        f'<https://w3id.org/franchise-kg/claim/evil> {{ kg:Evil a kgo:TVSeries ; schema:name "Evil{payload}" ;'
        f' rdfs:label "Evil{payload}" ; schema:alternateName "XO, Kitty" . }}\n'  # quotes must name what they state
        "<https://w3id.org/franchise-kg/claim/evil> a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s02 .\n",
        encoding="utf-8",
    )
    run = kg("season", "add", "--series", "kg:Evil", "--number", "3", "--source", SLUG,
             "--quote", "Netflix has renewed", "--graph", str(work))  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert rows(kg, work, "SELECT ?d WHERE { kg:XOKitty schema:description ?d }") == []
    names = rows(kg, work, "SELECT ?n WHERE { ?s kgo:seasonOf kg:Evil ; schema:name ?n }")
    assert [n["n"] for n in names] == ["Evil" + payload.replace("\\n", "\n").replace('\\"', '"') + " Season 3"]
