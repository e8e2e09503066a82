"""docs/cli.md is the commands' own --help: it fails here when a command changed and the
reference was not made again with `python -m graph.cli.reference > docs/cli.md`."""

from __future__ import annotations

from pathlib import Path

from graph.cli.main import COMMANDS
from graph.cli.reference import reference

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    made = reference()
    assert DOC.read_text(encoding="utf-8") == made, (
        "docs/cli.md is stale: run python -m graph.cli.reference > docs/cli.md"
    )


def test_cli_reference_has_every_command_and_subcommand() -> None:
    text = reference()
    for name in COMMANDS:
        assert f"## `kg {name}`" in text and f"Usage: kg {name}" in text
    for sub in ("source add", "source list", "source show", "season add", "season template"):
        assert f"## `kg {sub}`" in text
    assert "--endpoint-password" not in text  # hidden: credentials come from the environment only
