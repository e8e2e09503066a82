"""`kg serve` follows its graph's files (issue 10): a file added while it runs is answered from
without a restart, a broken file keeps the previous graph with one log line, and a change
made under the working copy's write lock is never seen half done."""

from __future__ import annotations

import fcntl
import json
import time
from pathlib import Path

from tests.serving import Served, serving

PROBE = """SELECT (EXISTS { <https://w3id.org/franchise-kg/id/live-a> ?p ?o } AS ?a)
                  (EXISTS { <https://w3id.org/franchise-kg/id/live-b> ?p ?o } AS ?b) WHERE {}"""


def seen(served: Served) -> tuple[bool, bool]:
    status, _, body = served.query(PROBE)
    assert status == 200, body
    row = json.loads(body)["results"]["bindings"][0]
    return row["a"]["value"] == "true", row["b"]["value"] == "true"


def write_entity(path: Path, name: str) -> None:
    path.write_text(
        f'@prefix schema: <https://schema.org/> .\n<https://w3id.org/franchise-kg/id/{name}> schema:name "{name}" .\n',
        encoding="utf-8",
    )


def wait_until(served: Served, wanted: tuple[bool, bool], seconds: float = 20) -> list[tuple[bool, bool]]:
    """Poll until the server answers `wanted`; every answer seen on the way."""
    answers = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answers.append(seen(served))
        if answers[-1] == wanted:
            return answers
        time.sleep(0.1)
    raise AssertionError(f"the server never answered {wanted}: {answers[-5:]}")


def test_a_file_added_while_serving_is_answered_without_a_restart(graph_copy: Path) -> None:
    with serving("--graph", str(graph_copy)) as served:
        assert seen(served) == (False, False)
        write_entity(graph_copy / "ontology" / "facts" / "live-a.ttl", "live-a")
        wait_until(served, (True, False))
        time.sleep(2.5)  # each worker reloads on its own poll
        for _ in range(10):  # every worker has the new graph, not only one
            assert seen(served) == (True, False)


def test_a_broken_file_keeps_the_old_graph_and_logs_one_line(graph_copy: Path) -> None:
    with serving("--graph", str(graph_copy)) as served:
        write_entity(graph_copy / "ontology" / "facts" / "live-a.ttl", "live-a")
        wait_until(served, (True, False))
        time.sleep(2.5)  # each worker reloads on its own poll
        broken = graph_copy / "ontology" / "facts" / "broken.ttl"
        broken.write_text("<https://w3id.org/franchise-kg/id/live-b> <oops\n", encoding="utf-8")
        deadline = time.monotonic() + 20
        while not any("did not load" in line for line in served.stderr) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2.5)  # more polls: the same broken file is not reported again
        assert seen(served) == (True, False)
        lines = [line for line in served.stderr if "did not load" in line]
        assert len(lines) == 1 and "broken.ttl" in lines[0]
        broken.unlink()
        write_entity(graph_copy / "ontology" / "facts" / "live-b.ttl", "live-b")
        wait_until(served, (True, True))


def test_a_change_under_the_write_lock_is_never_seen_half_done(graph_copy: Path) -> None:
    with serving("--graph", str(graph_copy)) as served:
        lock = (graph_copy / ".kg-lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            write_entity(graph_copy / "ontology" / "facts" / "live-a.ttl", "live-a")
            answers = [seen(served)]
            end = time.monotonic() + 3  # several polls while the writer holds the lock
            while time.monotonic() < end:
                answers.append(seen(served))
                time.sleep(0.1)
            write_entity(graph_copy / "ontology" / "facts" / "live-b.ttl", "live-b")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
        answers += wait_until(served, (True, True))
    assert (True, False) not in answers


def test_a_graph_held_in_memory_past_the_query_threshold_reloads_in_memory(graph_copy: Path) -> None:
    """`kg serve` holds a 300 kB graph in memory (`--memory-threshold`); a file added while it
    runs is answered from, and the reload builds no disk cache either."""
    rows = "".join(
        f'<https://w3id.org/franchise-kg/id/P{i}> <https://schema.org/name> "padding {i}" .\n' for i in range(5000)
    )
    (graph_copy / "ontology" / "facts" / "padding.nt").write_text(rows)
    with serving("--graph", str(graph_copy)) as served:
        assert served.proc.stdout is not None
        assert served.proc.stdout.readline().startswith("Store: oxigraph in memory")
        write_entity(graph_copy / "ontology" / "facts" / "live-a.ttl", "live-a")
        wait_until(served, (True, False))
    cache = graph_copy / ".kg-cache"
    assert not cache.exists() or not any(p.name.startswith("oxigraph-") for p in cache.iterdir())


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def statements(served: Served) -> int:
    status, _, body = served.query(COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_graph_that_loads_but_fails_its_shapes_does_not_replace_the_last_good_one(graph_copy: Path) -> None:
    """Moving ontology/franchise.ttl away left files that parse: the server swapped in a graph
    without its vocabulary (1,387 statements became 950). The new graph is checked first."""
    ontology = graph_copy / "ontology" / "franchise.ttl"
    with serving("--graph", str(graph_copy)) as served:
        before = statements(served)
        ontology.rename(graph_copy / "franchise.ttl.away")
        deadline = time.monotonic() + 30
        while not any("does not pass its checks" in line for line in served.stderr) and time.monotonic() < deadline:
            time.sleep(0.1)
        refused = [line for line in served.stderr if "does not pass its checks" in line]
        assert len(refused) == 1 and "still answering from the previous one" in refused[0]
        assert "a filming location is a real kgo:Place" in refused[0]  # what the shapes found
        time.sleep(2.5)  # every worker has polled again
        for _ in range(6):
            assert statements(served) == before
        (graph_copy / "franchise.ttl.away").rename(ontology)
        write_entity(graph_copy / "ontology" / "facts" / "live-a.ttl", "live-a")
        wait_until(served, (True, False))
        assert any("graph reloaded" in line and "conform to the shapes" in line for line in served.stderr)
