"""Kinds of node (series, person, character, place, …) and the classes that make them: one
table for the drawing (colour and shape by kind), `kg season add` (which nodes a name may
match) and anything else that sorts resources by kind."""

from __future__ import annotations

from graph.namespaces import KGO, SCHEMA

#: kind -> the classes (or superclasses) that make a node that kind, the project's own class
#: first; in the order legends list the kinds. `literal` and `other` have no class.
CLASSES_OF_KIND: dict[str, tuple[str, ...]] = {
    "series": (KGO + "TVSeries", SCHEMA + "TVSeries"),
    "season": (KGO + "TVSeason", SCHEMA + "TVSeason"),
    "film": (KGO + "Film", KGO + "FilmSeries", SCHEMA + "Movie", SCHEMA + "MovieSeries"),
    "book": (KGO + "Book", KGO + "BookSeries", SCHEMA + "Book", SCHEMA + "BookSeries"),
    "person": (KGO + "Person", SCHEMA + "Person"),
    "character": (KGO + "Character",),
    "place": (KGO + "Place", KGO + "FictionalPlace", SCHEMA + "Place"),
    "organization": (KGO + "Organization", SCHEMA + "Organization"),
    "event": (KGO + "Event", KGO + "PlotEvent", KGO + "PlotThread", KGO + "NewsReport", SCHEMA + "Event"),
    "role": (KGO + "CastingRole",),
    "literal": (),
    "other": (),
}

#: Classes of the graph's bookkeeping: where facts come from (claims, their statuses, sentences,
#: headings, sources) and how precise a date is (a date's qualifier and its precision). Drawings
#: of a result and explorations leave such nodes out unless asked (they are not the franchise).
BOOKKEEPING = (
    KGO + "Claim",
    KGO + "ClaimStatus",
    KGO + "Sentence",
    KGO + "Heading",
    KGO + "SourceDocument",
    KGO + "TimeValue",
    KGO + "DatePrecision",
)

#: Kinds in legend order.
KINDS = tuple(CLASSES_OF_KIND)
#: class IRI -> kind.
KIND_OF_CLASS = {cls: kind for kind, classes in CLASSES_OF_KIND.items() for cls in classes}


def kind_class(kind: str) -> str:
    """The project's own class for a kind (e.g. kgo:Person for "person")."""
    return CLASSES_OF_KIND[kind][0]
