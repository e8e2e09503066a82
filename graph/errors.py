"""Errors the command line reports as one line and a non-zero exit code."""

from __future__ import annotations


class KGError(Exception):
    """A problem the user can fix; its message is one line that names the file and cause."""

    exit_code = 1


class UsageError(KGError):
    """The command was asked for something that does not exist or does not fit."""

    exit_code = 2


class LoadError(KGError):
    """A data file cannot be read or parsed."""


class QuerySyntaxError(KGError):
    """A SPARQL query does not parse; the message gives line and column."""


class UnsafeQueryError(KGError):
    """A query asks for something a read-only tool must not do (update, LOAD, SERVICE, FROM)."""


class ValidationFailed(KGError):
    """What a command would write does not validate (bad input, names, quotes, shapes, checks):
    `problems` lists each as one line; nothing was written."""

    def __init__(self, what: str, problems: list[str]) -> None:
        self.problems = problems
        #: where each problem was given (an option, a line of a season file) -> its problems, when known
        self.by_fact: dict[str, list[str]] = {}
        super().__init__(f"{what}: {counted(len(problems), 'problem')} (listed above); nothing was written")


def location(path: object, line: int | None = None, column: int | None = None) -> str:
    """`file:line:column`, leaving out the parts that are unknown."""
    text = str(path)
    if line is not None:
        text += f":{line}"
        if column is not None:
            text += f":{column}"
    return text


def counted(n: int, noun: str) -> str:
    """`1 node`, `2 nodes`: a count with its noun in the right number."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
