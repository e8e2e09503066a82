"""The claims a season is planned against (`Claims`), from the quads `graph.season.store`
reads about one season: each season's filming, the claims with their statements, status and
sources, and who plays whom. Every lookup is a dict built in one pass over the quads, so
planning grows with what the season touches, not with the graph times the facts given."""

from __future__ import annotations

import pyoxigraph as ox

from graph.namespaces import KGO, OA, PROV, RDF, RDFS, SCHEMA
from graph.season.terms import FILMED_DURING as _FILMED
from graph.season.terms import SUPERSEDED_BY

_SEASON_OF = KGO + "seasonOf"
_NUMBER = SCHEMA + "seasonNumber"
_STATUS = KGO + "status"
_DERIVED = PROV + "wasDerivedFrom"
_HAS_SOURCE = OA + "hasSource"
_CAST = KGO + "hasCastMember"
_PERFORMER = KGO + "performer"
_PLAYS = KGO + "playsCharacter"
_CORRECTS = KGO + "corrects"
_DEPARTURE = KGO + "castDeparture"
_SUCCESSION = KGO + "crewSuccession"
_DEPARTING_ACTOR = KGO + "departingActor"
_DEPARTING_CHARACTER = KGO + "departingCharacter"
_SUCCESSOR = KGO + "successor"
_PREDECESSOR = KGO + "predecessor"
_IN_ROLE = KGO + "inRole"
_QUALIFIER_PARTS = {KGO + "ofProperty", KGO + "precision", KGO + "earliest", KGO + "latest"}
_PUBLISHED = SCHEMA + "datePublished"
_COMMENT = RDFS + "comment"
_TYPE = RDF + "type"
_NAME = SCHEMA + "name"


class Claims:
    """Claims of a set of quads: statements, status, the sources they cite and their dates,
    revisions, and what the supersession rules need to know about roles, departures,
    successions and date qualifiers (`graph.season.revisions`)."""

    def __init__(self, quads: list[ox.Quad]) -> None:
        #: claim -> (subject, property, object) of its named graph; a blank subject (a date's
        #: qualifier) is kept as "_:" so that a claim's facts can be told from their details
        self.statements: dict[str, list[tuple[str, str, ox.NamedNode | ox.Literal | ox.BlankNode]]] = {}
        self.status: dict[str, str] = {}
        self.about: dict[str, set[str]] = {}  # subject -> claims with a statement about it
        self.sentences: dict[str, list[str]] = {}
        self.revised: dict[str, set[str]] = {}  # older claim -> the newer claims that supersede it
        self.corrected: dict[str, set[str]] = {}  # claim -> the claims it says were wrong
        self.filming: dict[str, str] = {}  # season -> its filming event
        self.comment: dict[str, str] = {}
        sentence_source: dict[str, str] = {}
        roles: dict[str, dict[str, str]] = {}
        self.cast: dict[str, list[str]] = {}  # work -> roles
        self.work_of: dict[str, str] = {}  # role, departure or succession -> the work it is in
        self.season_of: dict[str, str] = {}
        self.season_number: dict[str, int] = {}
        #: departure node -> (actor, character); succession node -> (successor, predecessor, role property)
        self.departures: dict[str, dict[str, str]] = {}
        self.successions: dict[str, dict[str, str]] = {}
        #: a date qualifier -> its parts (property, precision, earliest, latest)
        self.qualifiers: dict[str, dict[str, str]] = {}
        self.published: dict[str, str] = {}  # source document -> its publication date (xsd:date text)
        self.types: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}  # node -> its schema:name (the first one read)
        for q in quads:
            p = q.predicate.value
            if isinstance(q.graph_name, ox.NamedNode):
                subject = "_:" if isinstance(q.subject, ox.BlankNode) else q.subject.value
                self.statements.setdefault(q.graph_name.value, []).append((subject, p, q.object))
                self.about.setdefault(subject, set()).add(q.graph_name.value)
            s = q.subject.value
            if p == _STATUS:
                self.status[s] = q.object.value
            elif p == _DERIVED:
                self.sentences.setdefault(s, []).append(q.object.value)
            elif p == _HAS_SOURCE:
                sentence_source[s] = q.object.value
            elif p == SUPERSEDED_BY:
                self.revised.setdefault(s, set()).add(q.object.value)
            elif p == _CORRECTS:
                self.corrected.setdefault(s, set()).add(q.object.value)
            elif p == _FILMED:
                self.filming.setdefault(s, q.object.value)
            elif p in (_PERFORMER, _PLAYS):
                roles.setdefault(s, {})[p] = q.object.value
            elif p == _SEASON_OF:
                self.season_of[s] = q.object.value
            elif p == _NUMBER and isinstance(q.object, ox.Literal) and q.object.value.isdigit():
                self.season_number[s] = int(q.object.value)
            elif p == _CAST:
                self.cast.setdefault(s, []).append(q.object.value)
                self.work_of[q.object.value] = s
            elif p in (_DEPARTURE, _SUCCESSION):
                self.work_of[q.object.value] = s
            elif p in (_DEPARTING_ACTOR, _DEPARTING_CHARACTER):
                self.departures.setdefault(s, {})[p] = q.object.value
            elif p in (_SUCCESSOR, _PREDECESSOR, _IN_ROLE):
                self.successions.setdefault(s, {})[p] = q.object.value
            elif p in _QUALIFIER_PARTS:
                self.qualifiers.setdefault(s, {})[p] = q.object.value
            elif p == _PUBLISHED:
                self.published[s] = q.object.value
            elif p == _COMMENT and isinstance(q.graph_name, ox.DefaultGraph):
                self.comment[s] = q.object.value
            elif p == _TYPE:
                self.types.setdefault(s, set()).add(q.object.value)
            elif p == _NAME and isinstance(q.object, ox.Literal):
                self.names.setdefault(s, q.object.value)
        #: sentence -> its source document
        self.sentence_source = sentence_source
        self.sources = {
            claim: {sentence_source.get(s, s.split("#", 1)[0]) for s in sentences}
            for claim, sentences in self.sentences.items()
        }
        #: role -> (performer, character)
        self.role_of = {role: (info.get(_PERFORMER, ""), info.get(_PLAYS, "")) for role, info in roles.items()}
        #: person -> [(work, character)] for every casting role
        self.plays: dict[str, list[tuple[str, str]]] = {}
        for work, work_roles in self.cast.items():
            for role in work_roles:
                info = roles.get(role, {})
                if _PERFORMER in info:
                    self.plays.setdefault(info[_PERFORMER], []).append((work, info.get(_PLAYS, "")))

    def source_date(self, claim: str) -> str | None:
        """The publication date (YYYY-MM-DD) of the newest dated source a claim cites, or None
        when none of them has a known date."""
        dates = [self.published[doc] for doc in self.sources.get(claim, ()) if doc in self.published]
        return max(dates) if dates else None

    def role(self, work: str, performer: str, character: str) -> str | None:
        """The casting role of `work` for this actor and character, if the graph has one."""
        for role in sorted(self.cast.get(work, ())):
            if self.role_of.get(role) == (performer, character):
                return role
        return None
