"""The edge where options and environment variables become one `GraphOptions` value.

Every command that reads the graph takes `--graph`, `--data`, `--store` and `--endpoint`, and
the settings users give as environment variables (click's `envvar=`, on hidden options):
$KG_CACHE_THRESHOLD, $XDG_CACHE_HOME, $KG_ENDPOINT_USER, $KG_ENDPOINT_PASSWORD,
$KG_ENDPOINT_TIMEOUT and $KG_ENDPOINT_GRAPH ($KG_GRAPH is `kg --graph`'s). The decorators
below gather them into the command's `options` parameter; nothing else reads the environment.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from graph.errors import UsageError
from graph.options import DEFAULT_CACHE_THRESHOLD, DEFAULT_TIMEOUT, GraphOptions, check_seconds

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph

_SETTINGS = (
    "cache_threshold",
    "cache_home",
    "endpoint_user",
    "endpoint_password",
    "endpoint_timeout",
    "endpoint_graph",
)


class EnvOption(click.Option):
    """A hidden option filled from an environment variable, which (unlike click's default)
    counts a variable set to the empty string as given: $KG_ENDPOINT_GRAPH= means "none"."""

    def resolve_envvar_value(self, ctx: click.Context) -> str | None:
        import os

        return os.environ.get(self.envvar) if isinstance(self.envvar, str) else None


class Seconds(click.ParamType):
    """A time limit: a finite number of seconds over `minimum` (see `graph.options.check_seconds`);
    `nan`, `inf` or `1e308` is a usage error, never a traceback or a limit that cannot fire."""

    name = "seconds"

    def __init__(self, minimum: float = 0.0) -> None:
        self.minimum = minimum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            return check_seconds(value, "it", self.minimum)
        except UsageError as exc:
            self.fail(str(exc).removeprefix("it: "), param, ctx)


def _number(kind: type, var: str, what: str) -> Callable[[click.Context, click.Parameter, str | None], Any]:
    def convert(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
        if value is None or not value.strip():
            return None
        if what == "seconds":
            try:
                return check_seconds(value, "it")
            except UsageError as exc:
                raise UsageError(
                    f"${var}={value!r}: expected a number of seconds{str(exc).split(' is not a number of seconds', 1)[1]}"
                ) from None
        try:
            return kind(value)
        except ValueError:
            raise UsageError(f"${var}={value!r}: expected a number of {what}") from None

    return convert


def _refuse_credentials_on_the_command_line() -> None:
    """Credentials come from the environment only: shell history and `ps` show command lines."""
    ctx = click.get_current_context(silent=True)
    for name, var in (("endpoint_user", "KG_ENDPOINT_USER"), ("endpoint_password", "KG_ENDPOINT_PASSWORD")):
        if ctx is not None and ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE:
            raise UsageError(f"give credentials in ${var}, never on the command line")


def settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The hidden, environment-filled settings (see the module's docstring)."""
    hidden: list[tuple[str, str, Callable[..., Any] | None]] = [
        ("--cache-threshold", "KG_CACHE_THRESHOLD", _number(int, "KG_CACHE_THRESHOLD", "bytes")),
        ("--cache-home", "XDG_CACHE_HOME", None),
        ("--endpoint-user", "KG_ENDPOINT_USER", None),
        ("--endpoint-password", "KG_ENDPOINT_PASSWORD", None),
        ("--endpoint-timeout", "KG_ENDPOINT_TIMEOUT", _number(float, "KG_ENDPOINT_TIMEOUT", "seconds")),
        ("--endpoint-graph", "KG_ENDPOINT_GRAPH", None),
    ]
    for flag, var, callback in reversed(hidden):
        func = click.option(flag, cls=EnvOption, envvar=var, hidden=True, callback=callback)(func)
    return func


def graph_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --graph, --data, --store, --endpoint and the settings; the command receives them as
    one `options: GraphOptions` keyword argument."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["options"] = options_from(kwargs)
        return func(*args, **kwargs)

    wrapper = settings_options(wrapper)
    wrapper = click.option(
        "--endpoint",
        metavar="URL",
        help="Query a SPARQL 1.1 server instead (credentials from $KG_ENDPOINT_USER/$KG_ENDPOINT_PASSWORD).",
    )(wrapper)
    wrapper = click.option(
        "--store",
        default="auto",
        show_default=True,
        metavar="NAME",
        help="Store: auto (picks by size), oxigraph (disk cache), oxigraph-memory, memory (rdflib).",
    )(wrapper)
    wrapper = click.option(
        "--data",
        "data",
        multiple=True,
        metavar="FILE",
        help="Add a Turtle or TriG file to the graph (repeatable).",
    )(wrapper)
    return click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder to use.")(wrapper)


def options_from(kwargs: dict[str, Any]) -> GraphOptions:
    """Pop the graph options and settings out of a command's parameters into a GraphOptions."""
    graph_dir = kwargs.pop("graph_dir", None)
    data, store, endpoint = kwargs.pop("data", ()), kwargs.pop("store", "auto"), kwargs.pop("endpoint", None)
    s = {name: kwargs.pop(name, None) for name in _SETTINGS}
    _refuse_credentials_on_the_command_line()
    graph, reason, environment = root_graph(graph_dir)
    return GraphOptions(
        graph,
        data,
        store,
        endpoint,
        graph_reason=reason,
        environment_graph=environment,
        cache_threshold=DEFAULT_CACHE_THRESHOLD if s["cache_threshold"] is None else s["cache_threshold"],
        cache_home=s["cache_home"] or None,
        credentials=(s["endpoint_user"], s["endpoint_password"] or "") if s["endpoint_user"] else None,
        timeout=DEFAULT_TIMEOUT if s["endpoint_timeout"] is None else s["endpoint_timeout"],
        endpoint_graph=s["endpoint_graph"],
    )


def root_graph(graph_dir: str | None) -> tuple[str | None, str | None, str | None]:
    """(folder, why, $KG_GRAPH): the command's own --graph, else `kg --graph`, else $KG_GRAPH
    (which click puts in `kg --graph` and which keeps its own name in messages)."""
    ctx = click.get_current_context(silent=True)
    root = (ctx.find_root().obj or {}) if ctx else {}
    if graph_dir:
        return graph_dir, None, None
    if root.get("from_environment"):
        return None, None, root.get("graph")
    return root.get("graph"), None, None


def command_graph(graph_dir: str | None) -> KnowledgeGraph:
    """The graph a command that reads or writes its files works on (see `root_graph`), its
    store left unopened: adding a source or a season works on the files."""
    from graph.api import KnowledgeGraph

    return KnowledgeGraph.open(options_from({"graph_dir": graph_dir}), load=False)


def refuse(options: GraphOptions, command: str, *, endpoint: str | None = None, store: str | None = None) -> None:
    """A one-line usage error (exit 2) for an option the command cannot honour, saying why."""
    if endpoint and options.endpoint:
        raise UsageError(f"{command} cannot use --endpoint: {endpoint}")
    if store and options.store != "auto":
        raise UsageError(f"{command} cannot use --store {options.store}: {store}")


def entailment_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--entailment none|rdfs, with the command's own help text."""
    return click.option(
        "--entailment", type=click.Choice(["none", "rdfs"]), default="none", show_default=True, help=help
    )


#: -o/--output FILE: written atomically, standard output when absent.
output_option = click.option(
    "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of standard output."
)


def write_output(payload: bytes, output: str | None) -> None:
    """Write bytes to stdout, or atomically to a file (a temporary file renamed into place)."""
    if output in (None, "-"):
        stream = sys.stdout.buffer
        stream.write(payload)
        stream.flush()
        return
    from graph.files import atomic_write

    atomic_write(output, payload)
