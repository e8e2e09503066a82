"""IRIs and prefixes of the project, as plain strings so that importing them costs nothing."""

BASE = "https://w3id.org/franchise-kg/"
KGO = BASE + "ontology#"
KG = BASE + "id/"
CLAIM = BASE + "claim/"
SOURCE = BASE + "source/"
SPECULATION_GRAPH = BASE + "graph/speculation"
ENTAILED_GRAPH = BASE + "graph/entailed-rdfs"
#: Written on an older claim, in the default graph, pointing at the newer claim that answers
#: it (the inverse of prov:wasRevisionOf); the older claim then leaves the default view.
SUPERSEDED_BY = KGO + "supersededBy"
#: The name of the default view (stated and inferred facts) where a graph IRI is needed: a
#: query's FROM, the graph `kg push` writes it to.
DEFAULT_VIEW = BASE + "graph/default"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"

#: Prefixes every query knows without declaring them, and that output is abbreviated with.
PREFIXES: dict[str, str] = {
    "kg": KG,
    "kgo": KGO,
    "claim": CLAIM,
    "source": SOURCE,
    "schema": SCHEMA,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "prov": PROV,
    "oa": OA,
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}

STATUS_STATED = KGO + "Stated"
STATUS_INFERRED = KGO + "Inferred"
STATUS_SPECULATION = KGO + "Speculation"


def entailed_graph_iri(with_speculation: bool) -> str:
    """The IRI of the named graph that holds the RDFS closure of a view (the one home of its name)."""
    return ENTAILED_GRAPH + ("-with-speculation" if with_speculation else "")


def shorten(iri: str) -> str:
    """Write an IRI as a prefixed name when a known prefix covers it, else as `<iri>`."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            local = iri[len(ns) :]
            if local and all(c.isalnum() or c in "-_." for c in local) and not local.endswith("."):
                best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]) :]}"
    return f"<{iri}>"


def expand(name: str) -> str | None:
    """Turn `prefix:local` or `<iri>` into a full IRI; None if it is neither."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
