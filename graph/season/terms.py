"""The ontology terms `kg season add` writes (ontology 0.3, docs/model.md), in one table, so
that a change of the model is one edit here.

Every date is an xsd:date with a kgo:dateQualifier giving the property it qualifies, its
precision, the earliest and latest day the source allows (either may be missing: "by August"
has no earliest), the words as written and, for a date read with the source's publication
date ("April 2", "next month"), how it was resolved.
"""

from __future__ import annotations

from graph.namespaces import KGO, RDFS, SCHEMA
from graph.namespaces import SUPERSEDED_BY as SUPERSEDED_BY  # its one home; re-exported for the season code

#: Where each kind of dated fact goes: (on the season or on its filming, property).
DATE_PROPERTIES = {
    "premiere": ("season", KGO + "premiereDate"),
    "announced": ("season", KGO + "announcementDate"),
    "expected_premiere": ("season", KGO + "expectedReleaseDate"),
    "filming_start": ("filming", SCHEMA + "startDate"),
    "filming_end": ("filming", SCHEMA + "endDate"),
    "production_start": ("season", KGO + "productionStartDate"),
    "production_end": ("season", KGO + "productionEndDate"),
}
#: A guessed date goes to the ontology's "expected" property where it has one, as in the
#: bundled facts (a guessed premiere is kgo:expectedReleaseDate, a guessed end of filming
#: kgo:expectedEndDate); other guesses keep their property, in a speculation claim.
EXPECTED_PROPERTIES = {"premiere": KGO + "expectedReleaseDate", "filming_end": KGO + "expectedEndDate"}
#: The one property for a season's episode count (⊑ schema:numberOfEpisodes, Wikidata P1113).
EPISODES = KGO + "numberOfEpisodes"
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
RESOLUTION = KGO + "dateResolution"
RESOLVED_AGAINST = KGO + "resolvedAgainst"
PRECISIONS = {"year": KGO + "YearPrecision", "month": KGO + "MonthPrecision", "day": KGO + "DayPrecision"}
FILMED_DURING = KGO + "filmedDuring"

#: Casting: a season's roles, a role's parts and flags, and a cast member leaving.
HAS_CAST_MEMBER = KGO + "hasCastMember"
PERFORMER = KGO + "performer"
PLAYS = KGO + "playsCharacter"
CHARACTER_NAME = KGO + "characterName"
IS_NEW = KGO + "isNewCastMember"
IS_REGULAR = KGO + "isSeriesRegular"
CAST_DEPARTURE = KGO + "castDeparture"
DEPARTING_ACTOR = KGO + "departingActor"
DEPARTING_CHARACTER = KGO + "departingCharacter"
#: Crew: a person succeeding another in a role from a season on.
CREW_SUCCESSION = KGO + "crewSuccession"
SUCCESSOR = KGO + "successor"
PREDECESSOR = KGO + "predecessor"
IN_ROLE = KGO + "inRole"

#: Written on a claim whose source says an earlier report was wrong, pointing at that report's claim.
CORRECTS = KGO + "corrects"
COMMENT = RDFS + "comment"

#: Which date facts are one slot: a property (on the season or its filming) -> the kind of
#: fact it answers. A stated premiere answers "no release date yet" and every guess of one.
DATE_SLOTS = {
    KGO + "premiereDate": "premiere",
    KGO + "expectedReleaseDate": "premiere",
    KGO + "releaseDateAnnounced": "premiere",
    KGO + "announcementDate": "announced",
    KGO + "productionStartDate": "production_start",
    KGO + "productionEndDate": "production_end",
    SCHEMA + "startDate": "filming_start",
    KGO + "expectedStartDate": "filming_start",
    SCHEMA + "endDate": "filming_end",
    KGO + "expectedEndDate": "filming_end",
}
#: Statements that only describe or qualify what a claim says (a date's words, a guessed
#: window in words): never a slot of their own.
DETAIL_PROPERTIES = {KGO + "expectedReleaseWindow"}
