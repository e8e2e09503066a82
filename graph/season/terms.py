"""The ontology terms `kg season add` writes (ontology 0.2, docs/model.md), in one table, so
that a change of the model is one edit here.

Every date is an xsd:date (the first day it can be) with a kgo:dateQualifier giving the
property it qualifies, its precision, the earliest and latest day and the words as written.
"""

from __future__ import annotations

from graph.namespaces import KGO, SCHEMA
from graph.namespaces import SUPERSEDED_BY as SUPERSEDED_BY  # its one home; re-exported for the season code

#: Where each kind of dated fact goes: (on the season or on its filming, property).
DATE_PROPERTIES = {
    "premiere": ("season", KGO + "premiereDate"),
    "announced": ("season", KGO + "announcementDate"),
    "expected_premiere": ("season", KGO + "expectedReleaseDate"),
    "filming_start": ("filming", SCHEMA + "startDate"),
    "filming_end": ("filming", SCHEMA + "endDate"),
    "production_start": ("season", KGO + "productionStartDate"),
}
#: A guessed date goes to the ontology's "expected" property where it has one, as in the
#: bundled facts (a guessed premiere is kgo:expectedReleaseDate, a guessed end of filming
#: kgo:expectedEndDate); other guesses keep their property, in a speculation claim.
EXPECTED_PROPERTIES = {"premiere": KGO + "expectedReleaseDate", "filming_end": KGO + "expectedEndDate"}
EPISODES = SCHEMA + "numberOfEpisodes"
#: Crew role -> property from the season to the person.
CREW_PROPERTIES = {
    "showrunner": KGO + "showrunner",
    "co-showrunner": KGO + "coShowrunner",
    "executive producer": KGO + "executiveProducer",
    "writer": KGO + "writer",
    "director": KGO + "director",
}
#: A date's qualifier and its parts.
DATE_QUALIFIER = KGO + "dateQualifier"
OF_PROPERTY = KGO + "ofProperty"
PRECISION = KGO + "precision"
EARLIEST = KGO + "earliest"
LATEST = KGO + "latest"
AS_WRITTEN = KGO + "asWritten"
PRECISIONS = {"year": KGO + "YearPrecision", "month": KGO + "MonthPrecision", "day": KGO + "DayPrecision"}
FILMED_DURING = KGO + "filmedDuring"

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
