"""kg's click command and group classes: click's own, with the help and version options built
without gettext.

click asks `gettext` for the help text of `-h/--help`, of `--version` and of a few types on
every run; the first call imports `locale` (~1 ms of every cold `kg query`), for text kg never
translates. These options have the same names, text and behaviour as click's.
"""

from __future__ import annotations

from typing import Any

import click

HELP = "Show this message and exit."


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _HelpOption:
    """Builds the help option once per command, in the order the context names them."""

    add_help_option: bool

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if not names or not self.add_help_option:
            return None
        option = self.__dict__.get("_kg_help_option")
        if option is None:
            ordered = [name for name in ctx.help_option_names if name in names]
            option = click.Option(
                [*ordered, "_kg_help"], is_flag=True, is_eager=True, expose_value=False, callback=_show_help, help=HELP
            )
            self.__dict__["_kg_help_option"] = option
        return option


class Command(_HelpOption, click.Command):
    """A kg command (`@click.command(cls=Command)`)."""


class Group(_HelpOption, click.Group):
    """A kg command group; its subcommands are `Command`s."""

    command_class = Command


def version_option(version: str, prog_name: str) -> Any:
    """`--version`: prints "PROG, version VERSION" and exits, as click's does."""

    def show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(f"{prog_name}, version {version}", color=ctx.color)
            ctx.exit()

    return click.option(
        "--version", is_flag=True, is_eager=True, expose_value=False, callback=show, help="Show the version and exit."
    )
