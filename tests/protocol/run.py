"""Run the W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql/sparql11/protocol, vendored
here with their licence) against `kg serve`, and print the pass count.

    python tests/protocol/run.py            # starts kg serve on a free loopback port
    python tests/protocol/run.py --url URL  # an endpoint already running (e.g. oxigraph's)

The test graphs data1-3 are loaded as named graphs (`--data`, a TriG file made from them).
The 7 update tests pass when the update is refused (4xx): the endpoint is read-only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
BOOLEAN_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/json",
    "application/xml",
)
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = (
    "application/rdf+xml",
    "text/turtle",
    "application/n-triples",
    "text/plain",
    "application/xhtml+xml",
    "text/html",
)


class Manifest:
    """The manifest as a graph, with helpers to follow its properties and lists."""

    def __init__(self, path: Path) -> None:
        self.store = ox.Store()
        self.store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri())
        self.base = path.as_uri()

    def one(self, subject: object, predicate: str) -> object | None:
        for quad in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None):  # type: ignore[arg-type]
            return quad.object
        return None

    def all(self, subject: object, predicate: str) -> list[object]:
        return [q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None)]  # type: ignore[arg-type]

    def items(self, head: object) -> list[object]:
        out = []
        while head is not None and head != ox.NamedNode(RDF + "nil"):
            out.append(self.one(head, RDF + "first"))
            head = self.one(head, RDF + "rest")
        return out

    def tests(self) -> list[ox.NamedNode]:
        manifest = ox.NamedNode(self.base)
        return self.items(self.one(manifest, MF + "entries"))  # type: ignore[return-value]


def dataset_file(manifest: Manifest, folder: Path) -> Path:
    """The test graphs (ut:graphData) as one TriG file, each in the named graph its label gives."""
    graphs: dict[str, str] = {}
    for quad in manifest.store.quads_for_pattern(None, ox.NamedNode(UT + "graphData"), None, None):
        node = quad.object
        file, label = manifest.one(node, UT + "graph"), manifest.one(node, RDFS + "label")
        graphs[label.value] = urllib.parse.urlparse(file.value).path  # type: ignore[union-attr]
    quads = []
    for name, path in sorted(graphs.items()):
        for t in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)))
    out = folder / "protocol-data.trig"
    out.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG) or b"")
    return out


def request(manifest: Manifest, req: object, host: str, port: int, path: str) -> tuple[int, str, bytes]:
    """Send one ht:Request as the manifest describes it; the status, media type and body."""
    method = manifest.one(req, HT + "methodName").value  # type: ignore[union-attr]
    target = manifest.one(req, HT + "absolutePath").value  # type: ignore[union-attr]
    target = path + target[len("/sparql/") :] if target.startswith("/sparql/") else target
    headers = {}
    header_list = manifest.one(req, HT + "headers")
    for header in manifest.items(header_list) if header_list is not None else []:
        headers[manifest.one(header, HT + "fieldName").value] = manifest.one(header, HT + "fieldValue").value  # type: ignore[union-attr]
    body = None
    content = manifest.one(req, HT + "body")
    if content is not None:
        encoding = manifest.one(content, CNT + "characterEncoding")
        chars = manifest.one(content, CNT + "chars").value  # type: ignore[union-attr]
        body = chars.encode(encoding.value if encoding is not None else "utf-8")  # type: ignore[union-attr]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, (response.getheader("Content-Type") or "").split(";")[0].strip(), response.read()
    finally:
        conn.close()


def boolean(ctype: str, body: bytes) -> bool | None:
    if "json" in ctype:
        return json.loads(body).get("boolean")
    match = re.search(rb"<boolean>\s*(true|false)\s*</boolean>", body)
    return match.group(1) == b"true" if match else None


def check(manifest: Manifest, resp_node: object, status: int, ctype: str, body: bytes) -> str | None:
    """None if the answer meets the expectations, else what is wrong."""
    classes = [n.value.rsplit("StatusCode", 1)[1] for n in manifest.all(resp_node, MF + "expectedStatus")]  # type: ignore[attr-defined]
    if classes and f"{str(status)[0]}xx" not in classes:
        return f"status {status}, expected {' or '.join(classes)}"
    fmt = manifest.one(resp_node, MF + "expectedFormat")
    if fmt is not None:
        allowed = {"boolean": BOOLEAN_TYPES, "tabular": TABULAR_TYPES, "RDF": RDF_TYPES}[fmt.value]  # type: ignore[attr-defined]
        if ctype not in allowed:
            return f"media type {ctype!r}, expected {fmt.value}"  # type: ignore[attr-defined]
    expected = manifest.one(resp_node, MF + "expectedBoolean")
    if expected is not None:
        got = boolean(ctype, body)
        if got != (expected.value == "true"):  # type: ignore[attr-defined]
            return f"boolean {got}, expected {expected.value}"  # type: ignore[attr-defined]
    return None


def run_tests(host: str, port: int, path: str, out: object = sys.stdout) -> tuple[int, int]:
    """Run every test of the manifest; print one line each and return (passed, total)."""
    manifest = Manifest(HERE / "manifest.ttl")
    passed = 0
    tests = manifest.tests()
    for test in tests:
        name = test.value.rsplit("#", 1)[1]
        action = manifest.one(test, MF + "action")
        requests = manifest.items(manifest.one(action, HT + "requests"))
        problem = None
        for i, req in enumerate(requests):
            status, ctype, body = request(manifest, req, host, port, path)
            if name.startswith("update_") and i == 0:
                problem = None if 400 <= status < 500 else f"update answered {status}, not refused"
                break  # read-only: a refused update passes
            problem = check(manifest, manifest.one(req, HT + "resp"), status, ctype, body)
            if problem:
                break
        passed += problem is None
        print(f"{'PASS' if problem is None else 'FAIL'} {name}{'' if problem is None else ': ' + problem}", file=out)  # type: ignore[arg-type]
    print(f"passed {passed}/{len(tests)}", file=out)  # type: ignore[arg-type]
    return passed, len(tests)


def start_kg_serve(data: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", "--quiet", "--data", str(data)],
        stdout=subprocess.PIPE,
        text=True,
    )
    first = proc.stdout.readline() if proc.stdout else ""
    match = re.search(r"(http://\S+)/sparql", first)
    if not match:
        proc.kill()
        raise SystemExit(f"kg serve did not start: {first}")
    return proc, match.group(1) + "/sparql"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="test this endpoint instead of starting kg serve (load data1-3 into it first)")
    parser.add_argument("--write-data", metavar="DIR", help="only write the test graphs as TriG into DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.write_data:
            print(dataset_file(Manifest(HERE / "manifest.ttl"), Path(args.write_data)))
            return 0
        proc = None
        url = args.url
        if url is None:
            proc, url = start_kg_serve(dataset_file(Manifest(HERE / "manifest.ttl"), Path(tmp)))
        try:
            parts = urllib.parse.urlsplit(url)
            passed, total = run_tests(parts.hostname or "127.0.0.1", parts.port or 80, parts.path.rstrip("/") + "/")
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=20)
    return 0 if passed == total else 1


if __name__ == "__main__":
    sys.exit(main())
