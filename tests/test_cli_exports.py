"""Exports are the same bytes whatever Python's hash seed: a graph under version control
diffs only where the data changed."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "graphml", "gexf"])
def test_export_is_byte_identical_across_hash_seeds(kg_process, fmt: str) -> None:
    first = kg_process("export", "-f", fmt, env={"PYTHONHASHSEED": "1"})
    second = kg_process("export", "-f", fmt, env={"PYTHONHASHSEED": "4242"})
    assert first.exit_code == 0 and second.exit_code == 0, first.stderr + second.stderr
    assert len(first.stdout) > 10_000
    assert first.stdout == second.stdout
