"""The library: open a graph, then query, explain, export, count, describe, draw or check it,
and add sources and seasons to a working copy.

    >>> from graph.api import KnowledgeGraph
    >>> kg = KnowledgeGraph.open()
    >>> kg.select("cast-of-season", {"season": "2"})  # doctest: +SKIP

Each `kg` command builds one `GraphOptions` from its options and environment, opens the graph
with it and calls one method here; the command line only parses and prints. Methods import
what only they need, so that opening a graph and querying it stays fast.

The facade sits on top: each method hands the engine (and the location or files where they
are needed) to a function of the package, and nothing in the package imports this module
(`kg serve` calls the same functions on its own live engine). Querying is one road:
`graph.sparql.run.prepare` then `execute`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from graph.engine import Result
from graph.locate import QUERIES, GraphLocation, locate
from graph.options import GraphOptions
from graph.store.load import GraphFiles, discover

if TYPE_CHECKING:
    from pathlib import Path

    import networkx as nx

    from graph.diff import Diff
    from graph.draft.draft import Draft
    from graph.engine import Engine
    from graph.explain import Account, Fact
    from graph.season.plan import SeasonPlan
    from graph.season.spec import SeasonSpec
    from graph.sources.registry import RegisteredSource
    from graph.sparql.catalog import NamedQuery
    from graph.sparql.run import PreparedQuery
    from graph.store.push import PushReport
    from graph.validate import Problem
    from graph.viz.draw import Drawing


class KnowledgeGraph:
    """A located graph, its files, the options it was opened with, and (opened on first use)
    the engine its data is loaded in."""

    def __init__(
        self,
        location: GraphLocation,
        files: GraphFiles,
        engine: Engine | None = None,
        options: GraphOptions | None = None,
    ) -> None:
        self.location = location
        self.files = files
        self.options = options or GraphOptions(location.folder)
        self._engine = engine

    def __repr__(self) -> str:
        store = self._engine.description if self._engine is not None else "not opened yet"
        return f"KnowledgeGraph({self.location.folder}, {store!r})"

    @classmethod
    def open(
        cls,
        graph: str | os.PathLike[str] | GraphLocation | GraphOptions | None = None,
        data: Iterable[str | os.PathLike[str]] = (),
        store: str = "auto",
        endpoint: str | None = None,
        *,
        load: bool = True,
    ) -> KnowledgeGraph:
        """Find the graph and load it into its store.

        `graph` is a `GraphOptions` (what the command line builds), or a folder, a located
        graph or None (a working copy here, else the bundled graph: see `graph.locate`) with
        `data` files to add, a `store` and an `endpoint` (a SPARQL server to query instead).
        With `load=False` the store is opened only when a method first needs it.
        """
        if isinstance(graph, GraphOptions):
            options = graph
        elif isinstance(graph, GraphLocation):
            options = GraphOptions(graph.folder, data, store, endpoint, graph_reason=graph.reason)
        else:
            options = GraphOptions(graph, data, store, endpoint)
        location = locate(options.graph, environment=options.environment_graph, reason=options.graph_reason)
        kg = cls(location, discover(location, options.data), options=options)
        if load:
            kg.engine  # noqa: B018 - open now, so that a broken file or store is reported here
        return kg

    @property
    def engine(self) -> Engine:
        """The store the data is loaded in (or the SPARQL server), opened on first use."""
        if self._engine is None:
            from graph.store.registry import open_graph_engine

            self._engine = open_graph_engine(self.location, self.files, self.options)
        return self._engine

    # --- querying: kg query, kg queries -------------------------------------------------------

    def query(
        self,
        query: str,
        params: dict[str, str] | None = None,
        *,
        with_speculation: bool = False,
        entailment: str = "none",
    ) -> Result:
        """Run SPARQL text, a `.rq` path, `-` (standard input) or a named query with parameters,
        after the read-only guard; errors name the query's file, line and column."""
        return self.execute(self.prepare(query, params, with_speculation=with_speculation, entailment=entailment))

    def prepare(
        self,
        query: str,
        params: dict[str, str] | None = None,
        *,
        with_speculation: bool = False,
        entailment: str = "none",
    ) -> PreparedQuery:
        """A query found (text, `.rq` path, `-` or a named query), checked by the read-only guard
        and its parameters bound, ready to run: `execute` runs it, `advise` reads it again."""
        from graph.sparql.run import prepare, resolve

        source = resolve(query, self.location.part(QUERIES))
        return prepare(source, params, with_speculation=with_speculation, entailment=entailment)

    def execute(self, prepared: PreparedQuery) -> Result:
        """Run a prepared query on the graph."""
        from graph.sparql.run import execute

        return execute(self.engine, prepared)

    def advise(self, prepared: PreparedQuery, *, empty: bool = False) -> list[str]:
        """Advice on a query that ran, one line each: the terms it names that the graph does not
        hold, with the nearest ones; with `empty` (it found nothing) whether speculation would
        find something and, for a named query, which parameter matched nothing. None from a
        SPARQL server (`--endpoint`): each lookup would be one more request to it."""
        from graph.sparql.advice import advise

        if self.options.endpoint:
            return []
        return advise(self.engine, prepared, empty=empty)

    def select(self, query: str, params: dict[str, str] | None = None, **options: Any) -> list[dict[str, str]]:
        """A SELECT query's rows as plain `{variable: value}` dicts (IRIs and literals as text)."""
        from graph.sparql.internal import rows

        result = self.query(query, params, **options)
        if result.kind != "select" or result.json is None:
            raise ValueError(f"{query}: not a SELECT query")
        return rows(result)

    def queries(self) -> list[NamedQuery]:
        """The named queries in the graph's `queries/` folder, sorted by name."""
        from graph.sparql.catalog import list_queries

        return list_queries(self.location.queries_dir)

    # --- reading: kg explain, kg stats, kg info, kg source list, kg source show ---------------

    def explain(self, entity: str, *, with_speculation: bool = False) -> tuple[str, list[Fact]]:
        """The IRI an entity spec names (a name, kg:Name or an IRI) and its facts, each with its
        claims and the sentences they cite."""
        from graph.explain import explain

        return explain(self.engine, entity, with_speculation=with_speculation)

    def account(self, entity: str, *, with_speculation: bool = False) -> Account:
        """What `kg explain` prints of an entity (a name, kg:Name or an IRI): its summary in
        words, what each claim says about it with its sentences once (the guesses and the
        history apart), and the raw statements."""
        from graph.entities import resolve_entity
        from graph.explain import account

        return account(self.engine, resolve_entity(self.engine, entity), with_speculation=with_speculation)

    def stats(self, *, with_speculation: bool = False, entailment: str = "none") -> dict[str, Any]:
        """Statements, claims by status, instances by class and statements by property."""
        from graph.stats import stats

        return stats(self.engine, self.location, with_speculation=with_speculation, entailment=entailment)

    def info(self) -> dict[str, Any]:
        """The graph folder and why it was chosen, whether it is writable, its version, files,
        claims, statements, seasons, store and sources."""
        from graph.info import info

        return info(self.location, self.files, self.engine)

    def sources(self) -> list[dict[str, str]]:
        """Registered sources (from the store, so from the server with an endpoint): slug,
        title, doc, sentences and, when known, published and url."""
        from graph.info import source_rows

        return source_rows(self.engine)

    def source(self, name: str) -> RegisteredSource:
        """The registered source `name` (its slug) read from its files: title, text and numbered
        sentences with the IRIs facts cite; a UsageError listing the known ones if there is none."""
        from graph.sources.registry import load_source

        return load_source(self.location, name)

    # --- adding: kg source add, kg season add, kg season template ------------------------------

    def add_source(
        self,
        path: str | os.PathLike[str],
        *,
        title: str,
        url: str | None = None,
        published: str | None = None,
        slug: str | None = None,
    ) -> RegisteredSource:
        """Register the UTF-8 text at `path` as a source (ontology/sources/SLUG.txt and .ttl, one
        description per sentence), so that facts can cite it; checked with the whole graph first.

        Raises UsageError for bad input, a read-only graph or a name or text registered already,
        and ValidationFailed (its `.problems`) if the graph would not validate: nothing is written.
        """
        from pathlib import Path

        from graph.sources.registry import prepare_source, read_text_file, write_source

        text = read_text_file(Path(path))  # before the lock: a slow pipe must not hold up other writers
        with self._writing() as loc:
            new = prepare_source(loc, Path(path), title=title, slug=slug, url=url, published=published, text=text)
            write_source(loc, new)
        return self.source(new.slug)

    def add_season(
        self, spec: SeasonSpec | str | os.PathLike[str], *, replace: bool = False, dry_run: bool = False
    ) -> SeasonPlan:
        """Add what a source says about a season (a `SeasonSpec`, or a season file made from
        `season_template`): one TriG file under ontology/facts/, each fact a claim citing the
        source's sentences, checked with the whole graph before it is written.

        The plan says where, what (`.text`), how many claims and what was noticed (`.notes`);
        `dry_run` only plans (the bundled graph too); `replace` replaces what the same source
        said before. Raises ValidationFailed listing every problem; nothing is written then.
        """
        from graph.season.plan import plan_season, write_plan
        from graph.season.spec import SeasonSpec

        if not isinstance(spec, SeasonSpec):
            from pathlib import Path

            from graph.season.file import read_season_file

            spec = read_season_file(Path(spec))
        if dry_run:
            return plan_season(self.location, spec, replace=replace)
        with self._writing() as loc:
            plan = plan_season(loc, spec, replace=replace)
            write_plan(loc, plan)
        return plan

    def draft_season(self, source: str, season: int | None = None, *, series: str | None = None) -> Draft:
        """Read a registered source and draft the season file of what it says about a season
        (by default the season it says most about): every fact with its quote, status and
        sentence, matched with the graph's names and compared with its claims, what kg would
        refuse commented out with kg's message. Never writes the graph; `Draft` renders as
        the season file (`graph.draft.render.to_toml`) or JSON."""
        from graph.draft.draft import draft_season
        from graph.season.spec import DEFAULT_SERIES

        return draft_season(self.location, source, season, series=DEFAULT_SERIES if series is None else series)

    def season_template(self, number: int, *, series: str | None = None, source: str | None = None) -> str:
        """The commented TOML season file `graph.season.file.read_season_file` reads back, listing
        this graph's sources (`source`: the one to fill in, default the newest) and place types."""
        from graph.season.file import template_text
        from graph.season.spec import DEFAULT_SERIES

        return template_text(self.location, number, DEFAULT_SERIES if series is None else series, source)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[GraphLocation]:
        """Change the graph's files as one step: refuse the bundled or a read-only graph, hold the
        write lock, clear what killed writers left; afterwards list the files again and reopen
        the store on next use, so that this object sees what it wrote."""
        from graph.files import clean_stray
        from graph.workspace import require_writable, write_lock

        loc = self.location
        require_writable(loc)
        with write_lock(loc.root):  # check and write as one step: a second kg command waits or fails
            clean_stray(loc.ontology_dir)
            yield loc
        self.files = discover(loc, self.options.data)  # only after a write: a failed one wrote nothing
        self._engine = None

    def diff(
        self,
        old: str | None = None,
        new: str | None = None,
        *,
        season: SeasonSpec | str | os.PathLike[str] | None = None,
        replace: bool = False,
    ) -> Diff:
        """The claims that differ between two states of this graph (`kg diff`): `old` and `new`
        are graph folders or git revisions of this one (`HEAD~1`), None the folder as it is; with
        `season` (a SeasonSpec or season file), the graph against the graph with it added.
        Per entity: facts added, removed, superseded, corrected, restored, confirmed by another
        source, contradicted or changed, each with its claim, status and sentence."""
        from graph.diff import diff_states, folder_state, state_of

        if season is not None:
            plan = self.add_season(season, replace=replace, dry_run=True)
            before = folder_state(self.location, f"{self.location.folder} (as it is)")
            after = folder_state(self.location, f"with {plan.path.name}", {str(plan.path): plan.text.encode("utf-8")})
            return diff_states(before, after)
        if old is None and new is None:
            old = "HEAD"
        return diff_states(state_of(self.location, old), state_of(self.location, new))

    # --- writing out: kg export, kg viz --------------------------------------------------------

    def export(self, fmt: str = "turtle", *, with_speculation: bool = False, entailment: str = "none") -> bytes:
        """The whole graph in an RDF syntax (turtle, nt, nquads, trig, jsonld; sorted, so the
        same graph gives the same bytes) or as a network for graph tools (graphml, gexf)."""
        from graph.export import NETWORK_FORMATS, export_bytes

        if fmt in NETWORK_FORMATS:
            if entailment != "none":
                from graph.errors import UsageError

                raise UsageError(f"--entailment applies to RDF formats, not to {fmt}")
            from graph.viz.network import write_network

            return write_network(self.engine, fmt, with_speculation=with_speculation)
        return export_bytes(self.engine, fmt, with_speculation=with_speculation, entailment=entailment)

    def network(self, query: str | None = None, *, with_speculation: bool = False) -> nx.MultiDiGraph:
        """The graph (or what a CONSTRUCT/DESCRIBE query returns) as a NetworkX graph, casting
        roles collapsed into actor→character edges, each edge with its provenance."""
        from graph.viz.draw import graph_triples, network

        triples = None if query is None else graph_triples(self.query(query, with_speculation=with_speculation), query)
        return network(self.engine, triples, with_speculation=with_speculation)

    def drawing(
        self,
        *,
        query: str | None = None,
        focus: str | None = None,
        depth: int | None = None,
        with_speculation: bool = False,
    ) -> Drawing:
        """The interactive, offline HTML page `kg viz` writes, with the network it draws."""
        from graph.viz.draw import check_focus, drawing, graph_triples

        check_focus(focus, depth)
        triples = None if query is None else graph_triples(self.query(query, with_speculation=with_speculation), query)
        return drawing(self.engine, triples, query=query, focus=focus, depth=depth, with_speculation=with_speculation)

    # --- checking and sharing: kg validate, kg push, kg init -----------------------------------

    def validate(self, *, shapes: bool = True, checks: bool = True) -> list[Problem]:
        """Every problem with the graph's files: syntax, source quotes, SHACL shapes, named
        queries and the checks in `queries/checks/`; an empty list when it is sound."""
        return list(self.problems(shapes=shapes, checks=checks))

    def problems(self, *, shapes: bool = True, checks: bool = True) -> Iterator[Problem]:
        """The problems `validate` finds, yielded as they are found (bounded memory).

        They are looked for in the pyoxigraph store this object has open, or, when asked
        for with store `oxigraph`, the disk cache; else in the files loaded into memory."""
        from graph.validate import iter_problems

        return iter_problems(self.location, self.files, shapes=shapes, checks=checks, store=self._validation_store())

    def _validation_store(self) -> Any:
        """The pyoxigraph store already built for this graph that validation may read (one
        without entailed graphs, which no file wrote), or None."""
        from graph.errors import LoadError
        from graph.store.engine import OxigraphEngine

        engine = self._engine
        if engine is None and self.options.store == "oxigraph" and not self.options.endpoint:
            try:
                engine = self.engine
            except LoadError:  # a broken file: validation lists every one
                return None
        if not isinstance(engine, OxigraphEngine):
            return None
        from graph.store.entailment import entailed_graph

        if any(engine.store.contains_named_graph(entailed_graph(s)) for s in (False, True)):
            return None
        return engine.store

    def push(
        self,
        url: str,
        *,
        graph: str | None = None,
        protocol: str = "update",
        entailment: str = "rdfs",
        batch_size: int = 1000,
    ) -> PushReport:
        """Load the graph into the SPARQL server at `url`, replacing what an earlier push put
        there (credentials and time limit from the options)."""
        from graph.store.endpoint import PUSH_GRAPH
        from graph.store.push import push

        return push(
            self.engine,
            url,
            graph=PUSH_GRAPH if graph is None else graph,
            protocol=protocol,
            entailment=entailment,
            batch_size=batch_size,
            credentials=self.options.credentials,
            timeout=self.options.timeout,
        )

    def copy_to(self, directory: str | os.PathLike[str], *, force: bool = False) -> Path:
        """Make a working copy of this graph's ontology/ and queries/ in `directory`."""
        from pathlib import Path

        from graph.workspace import init_graph

        return init_graph(Path(directory), self.location, force=force)
