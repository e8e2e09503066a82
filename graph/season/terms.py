"""The ontology terms `kg season add` writes, in one table, so that a change of the model
(a renamed property, a new precision term) is one edit here.

Dates keep the lexical form the user gave (xsd:gYear, xsd:gYearMonth or xsd:date, by the
precision of the date); the claims they are stated in carry the status and the source.
"""

from __future__ import annotations

from graph.namespaces import KGO, PROV, SCHEMA, XSD

#: Where each kind of dated fact goes: (on the season or on its filming, property).
DATE_PROPERTIES = {
    "premiere": ("season", KGO + "premiereDate"),
    "announced": ("season", KGO + "announcementDate"),
    "expected_premiere": ("season", KGO + "expectedReleaseDate"),
    "filming_start": ("filming", SCHEMA + "startDate"),
    "filming_end": ("filming", SCHEMA + "endDate"),
    "production_start": ("season", KGO + "productionStartDate"),
}
EPISODES = SCHEMA + "numberOfEpisodes"
#: Crew role -> property from the season to the person.
CREW_PROPERTIES = {
    "showrunner": KGO + "showrunner",
    "co-showrunner": KGO + "coShowrunner",
    "executive producer": KGO + "executiveProducer",
    "writer": KGO + "writer",
    "director": KGO + "director",
}
#: Datatype of a date by its precision.
DATE_TYPES = {"year": XSD + "gYear", "month": XSD + "gYearMonth", "day": XSD + "date"}

#: A newer claim that answers an older one points at it with this PROV term (the newer claim
#: is a revision of the older); the older claim then leaves the default view.
SUPERSEDES = PROV + "wasRevisionOf"

#: For a new stated fact: the statements of older claims it answers, by (on, properties).
#: A premiere date answers "no release date announced yet" and every guessed or older date.
ANSWERS = {
    "premiere": (
        "season",
        {
            KGO + "premiereDate",
            KGO + "releaseDateAnnounced",
            KGO + "expectedReleaseDate",
            KGO + "expectedReleaseWindow",
        },
    ),
    "filming_start": ("filming", {SCHEMA + "startDate", KGO + "expectedStartDate"}),
    "filming_end": ("filming", {SCHEMA + "endDate", KGO + "expectedEndDate"}),
    "production_start": ("season", {KGO + "productionStartDate"}),
    "announced": ("season", {KGO + "announcementDate"}),
    "episodes": ("season", {EPISODES}),
}
