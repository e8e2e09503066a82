"""The rules that read an article's sentences into season facts (`extract`).

Each sentence kg numbers is read clause by clause: which season each clause speaks of (said
in it, in the clause it hangs on, earlier in the paragraph, in the section's heading or
question, or the season the article is about), whether it hedges ("reportedly", "could", "is
expected to"), denies ("has not said whether") or reports a figure as wrong ("an earlier
version said"), and what it states: dates (premiere, renewal, filming and production), the
episode count, filming places, cast, departures and crew. Headings and questions state
nothing. Every fact comes with a quote that names what `kg season add` checks a quote for
(`graph.season.support`); a fact whose quote cannot name it is set aside with the reason.

Rules over the standard library only: fast, and no model to download (docs/drafting-rules.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from graph.dates import Date, make_date
from graph.datewords import Mention as DateMention
from graph.datewords import find_dates, tense_of
from graph.draft import events, people
from graph.draft.article import SERIES, Line, lines, readable
from graph.draft.article import continues as goes_on
from graph.draft.cues import DOUBT_NEXT, Clause, mark, split_clauses
from graph.draft.facts import DATE_FIELDS, FIELDS, Found, Pending, Reading
from graph.draft.names import COMMON, NAME, Gazetteer, NameBook, strip_common
from graph.draft.numbers import episode_counts, respective_counts
from graph.draft.quoting import quoted
from graph.draft.seasons import Mention as SeasonMention
from graph.draft.seasons import find_seasons
from graph.numberwords import NUMBER
from graph.numberwords import value as number_value

__all__ = ["FIELDS", "Found", "Gazetteer", "Reading", "extract", "read"]


_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+$")
_AFTER = re.compile(rf"(?P<n>{NUMBER})\s(?P<unit>months?|years?)(?:\slater)?$", re.I)
#: a show or film as the subject of an event: "Harbor Lights began", "To All the Boys I’ve Loved Before premiered"
_SUBJECT = re.compile(
    rf"(?P<t>{NAME})(?:['’]s)?\s(?:[\w-]+\s){{0,3}}?(?:premiered|premieres|premiering|debuted|debuts|wrapped|wraps|began|begins|"
    r"started|starts|was\srenewed|is\srenewed|has\sbeen\srenewed|returns|returned|arrives|arrived|bowed|dropped|drops|landed|"
    r"lands|ended|ends|finished|concluded|will\s(?:premiere|debut|return|end|wrap|begin|start))\b"
    rf"|\b(?:renew(?:s|ed|ing)?|picked\sup|ordered|greenlit)\s(?P<o>{NAME})"
)
#: a date that is of something else than the season: "a decision will come by June"
_OTHER_EVENT = re.compile(
    r"\b(?:decision|announcement|news|update|verdict|trailer|teaser|poster|images?|photos?|clip|interview|panel|event|tour|"
    r"party|screening|festival|book|novel|album|renewal)\b",
    re.I,
)
_COUNT_ALONE = re.compile(
    rf"^(?:(?:it|there)(?:['’]s|\sis|\sare|\swill\sbe)\s)?(?P<n>{NUMBER})\b(?!\s(?:of|percent|%|years?|months?|weeks?|days?))",
    re.I,
)
_SAME = re.compile(
    r"\b(?:the\ssame\sas|just\slike|like|as\sin|as\swith|matching)\s(?=(?:the\s)?(?:season|first|second|third|fourth|fifth|previous|last))",
    re.I,
)
_DIFFERENCE = re.compile(rf"\b(?P<n>{NUMBER})\s(?P<way>fewer|more|less)\s(?:episodes\s)?than\b", re.I)
_ABOUT = re.compile(
    r"\b(?:decision|fate|future|hopes?|chances?|odds|talk|news|word|rumou?rs?|petition|campaign|plans?|question|"
    r"speculation|theories)\s(?:on|of|for|about|regarding|over)\s(?:an?\s|the\s|a\spossible\s)?$",
    re.I,
)
_HEDGED_SEASON = re.compile(
    r"\b(?P<cue>possible|potential|rumou?red|hypothetical|would-be|eventual|could|might|may|should|reportedly|"
    r"likely|expected\sto|said\sto|tipped\sto)\s(?:[\w,’'-]+\s){0,5}$"
)
_FILMS = re.compile(r"\b(?:films?|movies?|trilogy)\b", re.I)
_ACTOR_REGULAR = re.compile(
    r"(?P<actor>[A-Z][\w-]*)\s(?:is\s)?(?:coming|comes|came)\saboard\sas\sa\s(?P<what>series[- ]regular|regular|recurring\s\w+|guest\s\w+)"
)


def extract(text: str, published: dt.date | None, gazetteer: Gazetteer) -> list[Found]:
    """Every season fact the article states, guesses or implies, for every season it speaks of."""
    return read(text, published, gazetteer).found


def read(text: str, published: dt.date | None, gazetteer: Gazetteer) -> Reading:
    """The facts of an article and those set aside (see `Reading`)."""
    return _Reader(text, published, gazetteer).run()


class _Reader:
    def __init__(self, text: str, published: dt.date | None, gazetteer: Gazetteer) -> None:
        self.text = text
        self.published = published
        self.gazetteer = gazetteer
        self.series = [g[0] for g in gazetteer.names("series")] or [SERIES]
        self.lines = lines(text, self.series)
        self.book = NameBook((line.s.text for line in self.lines), gazetteer)
        self.facts: list[Pending] = []
        self.fictional = events.fictional_places(text)

    # -- the article as a whole ------------------------------------------------------------

    def run(self) -> Reading:
        self.views = {i: self._view(i) for i, line in enumerate(self.lines) if readable(line)}
        self.swapped = self.book.learn((i, v.cast, v.crew) for i, v in self.views.items())
        for v in self.views.values():
            v.mentions = [replace(m, foreign=True) if self._others(v.text, m) else m for m in v.mentions]
            self._foreign_clauses(v)
        self.main = self._main_season()
        carry: int | None = None
        paragraph = -1
        last_people: list[str] = []
        last_field = ""
        for i, line in enumerate(self.lines):
            if line.paragraph != paragraph:
                paragraph, carry = line.paragraph, None
            if not readable(line):
                continue
            context = carry if carry and goes_on(line.s.text) else (line.season or self.main)
            previous = self.views.get(i - 1) if i and self.lines[i - 1].paragraph == line.paragraph else None
            if previous is not None and previous.clauses[-1].wrong and not any(c.wrong for c in self.views[i].clauses):
                for clause in self.views[i].clauses:  # "This story previously said ten episodes. It will have eight."
                    clause.corrects = True
            self.views[i].after_episodes = previous is not None and bool(
                re.search(r"\bepisodes?\b", previous.text, re.I)
            )
            before = len(self.facts)
            first, last_people, last_field = self._sentence(i, context, last_people, last_field)
            if first is not None:
                carry = first
            if i + 1 < len(self.lines) and DOUBT_NEXT.search(self.lines[i + 1].s.text):
                for f in self.facts[before:]:
                    if f.status == "stated":
                        f.status, f.cue = "speculation", f"the next sentence doubts it: {self.lines[i + 1].s.text!r}"
        self._season_facts()
        return quoted(self.facts, self.lines, self.text, self.published, self.gazetteer)

    def _view(self, i: int) -> _SentenceView:
        """What can be read of line i before knowing the season around it."""
        text = self.lines[i].s.text
        dates = find_dates(text, self.published)
        protected = [(m.start, m.end) for m in dates]
        for m in dates:
            weekday = _WEEKDAY.search(text[max(0, m.start - 12) : m.start])
            if weekday:
                protected.append((m.start - len(weekday.group()), m.start))
        for name in self.series:
            protected += [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        clauses = split_clauses(text, protected)
        whole = mark(clauses, text)
        return _SentenceView(
            i, text, clauses, [], whole, find_seasons(text), dates, people.cast(text), people.crew(text)
        )

    def _others(self, text: str, m: SeasonMention) -> bool:
        """ "Harbor Lights began shooting its second season", "Bridgerton season 4": a season of
        the show named before it, when that is no name of the series, a person, a character or
        a place."""
        if not m.explicit:
            return False
        before = text[: m.start]
        right = re.search(rf"(?P<t>{NAME})(?:['’]s)?\s$", before)
        if right:
            return self.book.another_title(right.group("t"), self.series)
        if not re.search(r"\b(?:its|their)\s$", before):
            return False
        owners = [n.group() for n in re.finditer(NAME, before) if strip_common(n.group())]
        return bool(owners) and self.book.another_title(owners[-1], self.series)

    def _foreign_clauses(self, v: _SentenceView) -> None:
        """Clauses whose subject is another show or film ("To All the Boys I’ve Loved Before
        premiered in 2018"): no facts of a season of ours unless they name one."""
        for clause in v.clauses:
            for m in _SUBJECT.finditer(clause.text):
                if self.book.another_title(m.group("t") or m.group("o"), self.series):
                    clause.foreign = True
                    break

    def _main_season(self) -> int | None:
        """The season the article is about: its headline's (unless the headline asks), else the
        latest it names where it does not deny or doubt it."""
        title = self.lines[0].s.text if self.lines and self.lines[0].s.heading else ""
        if title and not re.search(r"\?\W*$", title):
            numbers = [n for m in find_seasons(title) if m.explicit and not m.foreign for n in m.numbers]
            if numbers:
                return max(numbers)
        numbers = [
            n
            for v in self.views.values()
            for m in v.mentions
            if m.explicit and not m.foreign
            for clause in [v.clauses[v.clause_at(m.start)]]
            if not clause.negated and not clause.modal and not clause.wrong
            for n in m.numbers
        ]
        return max(numbers) if numbers else None

    # -- one sentence ----------------------------------------------------------------------

    def _sentence(
        self, i: int, context: int | None, last_people: list[str], last_field: str
    ) -> tuple[int | None, list[str], str]:
        """Read line i; return the season it carries to the next sentence of its paragraph,
        the people it names (for "he", "she") and the last date field it gave."""
        line = self.lines[i]
        sentence = self.views[i]
        clauses, mentions = sentence.clauses, sentence.mentions
        sentence.seasons = self._clause_seasons(clauses, mentions, context)
        named: list[str] = []
        field_now = self._dates(sentence, line, last_field)
        self._episodes(sentence)
        self._places(sentence)
        named += self._cast(sentence, last_people)
        named += self._crew(sentence, last_people)
        carried = None  # the season the sentence's first clause naming one names, if one
        for clause in clauses:
            if clause.kind not in ("main", "coord", "topic"):
                continue
            own = {
                n
                for m in mentions
                if m.explicit and not m.foreign and clause.start <= m.start < clause.end
                for n in m.numbers
            }
            if own:
                carried = own.pop() if len(own) == 1 else None
                break
        if not named:  # "Rachel Yoo is the big new addition. She plays Soo-ah."
            named = [p for p in (self.book.person(m.group()) for m in re.finditer(NAME, sentence.text)) if p]
            named = [p for p in named if not self.book.is_character(p) and not self.book.is_place(p)]
        return carried, (named or last_people), (field_now or last_field)

    def _clause_seasons(
        self, clauses: list[Clause], mentions: list[SeasonMention], context: int | None
    ) -> list[tuple[int, ...]]:
        """The seasons each clause speaks of (see the module's docstring)."""
        out: list[tuple[int, ...]] = []
        mainline: tuple[int, ...] = (context,) if context else ()
        for n, clause in enumerate(clauses):
            inside = [m for m in mentions if clause.start <= m.start < clause.end]
            own: list[int] = []
            for m in inside:
                if m.foreign:
                    continue
                if m.explicit:
                    own += m.numbers
                elif m.kind == "new" and self.main:
                    own.append(self.main)
            if not own and (clause.foreign or (inside and all(m.foreign or m.kind == "other" for m in inside))):
                seasons: tuple[int, ...] = ()  # another show's season, or seasons it does not number
            elif own:
                seasons = tuple(dict.fromkeys(own))
            elif clause.kind in ("side", "cont", "sub") and n:
                seasons = out[-1]
            else:
                seasons = mainline
            out.append(seasons)
            if clause.kind in ("main", "coord", "resume", "topic"):
                mainline = seasons or mainline
        return out

    # -- dates -----------------------------------------------------------------------------

    def _dates(self, v: _SentenceView, line: Line, last_field: str) -> str:
        """Dated events: each date goes to the nearest event words of its clause; a date told
        as when something was said goes to a renewal without its own date; a date alone
        answers its section's question. Returns the last date field given."""
        text = v.text
        found = events.triggers(text)
        given = ""
        dates: list[tuple[DateMention, int, bool]] = []  # (mention, clause, attribution)
        reread: dict[tuple[int, str | None], list[DateMention]] = {}
        for m in v.dates:
            n = v.clause_at(m.start)
            clause = v.clauses[n]
            if n == 0 and re.match(r"\s*[–—-]", text[clause.end : clause.end + 3]) and len(v.clauses) > 1:
                continue  # the dateline: "LOS ANGELES, June 15, 2023 – Netflix today announced"
            if m.resolution and "has no year" in m.resolution and clause.start <= m.start and m.end <= clause.end:
                # a day or month without its year, read with its own clause's verbs; what is
                # guessed is still to come ("a February release", some fans say)
                tense = tense_of(clause.text) or ("future" if clause.modal or v.whole else None)
                if (n, tense) not in reread:
                    reread[(n, tense)] = find_dates(clause.text, self.published, tense)
                again = [d for d in reread[(n, tense)] if d.start == m.start - clause.start]
                if again:
                    m = replace(again[0], start=m.start, end=m.end)
            dates.append((m, n, events.attribution(text, m.start)))
        paired: dict[int, int] = {}  # trigger index -> date index
        used: set[int] = set()
        options = []
        for t_i, t in enumerate(found):
            c_i = v.clause_at(t.start)
            if not events.needs_show(t, v.clauses[c_i].text) and not v.seasons[c_i]:
                continue
            for d_i, (m, n, attributed) in enumerate(dates):
                if n == c_i and not attributed:
                    gap = max(m.start - t.end, t.start - m.end, 0)
                    options.append((gap, t_i, d_i))
        for _, t_i, d_i in sorted(options):
            if t_i not in paired and d_i not in used:
                paired[t_i] = d_i
                used.add(d_i)
        for d_i, (_m, _n, attributed) in enumerate(dates):  # "Netflix has renewed X, the streamer said on February 20"
            if attributed and d_i not in used:
                t_i = next((k for k, t in enumerate(found) if t.field == "announced" and k not in paired), None)
                if t_i is not None:
                    paired[t_i] = d_i
                    used.add(d_i)
        for t_i, d_i in sorted(paired.items(), key=lambda p: p[1]):
            t, (m, n, _) = found[t_i], dates[d_i]
            given = self._date_fact(v, n, t, m, "") or given
        self._inferred(v, found, paired, dates)
        if not [t for t in found if events.needs_show(t, text)]:
            for d_i, (m, n, attributed) in enumerate(dates):
                if d_i in used or attributed or m.date is None:
                    continue
                clause = v.clauses[n]
                if _OTHER_EVENT.search(clause.text):
                    continue  # "a decision will come by June": the date of something else
                topic = line.topic if line.topic in DATE_FIELDS else ""
                what = topic or (last_field if (clause.modal or v.whole) and last_field == "premiere" else "")
                if what:
                    why = (
                        f"the date alone answers '{what}'" if topic else "a guess at the date the sentence before gives"
                    )
                    given = self._date_fact(v, n, events.Trigger(what, m.start, m.end), m, why) or given
        return given

    def _date_fact(self, v: _SentenceView, n: int, t: events.Trigger, m: DateMention, why: str) -> str:
        if m.date is None:
            return ""  # relative, and the article is undated
        clause = v.clauses[n]
        if clause.negated or clause.wrong:
            return ""
        if _FILMS.search(clause.text) and not any(
            m.explicit and clause.start <= m.start < clause.end for m in v.mentions
        ):
            return ""  # "the film premiered in 2018"
        kind = t.field.rsplit("_", 1)
        fields: list[tuple[str, Date]]
        if t.field in ("premiere", "announced"):
            fields = [(t.field, m.date)]
        elif kind[1] == "span" or (
            m.span is not None and t.phase == "start" and "roll" in v.text[t.start : t.end].lower()
        ):
            if m.span is None:
                return ""  # "was shot in May": which end, the text does not say
            fields = [(f"{kind[0]}_start", m.span[0]), (f"{kind[0]}_end", m.span[1])]
        else:
            fields = [(t.field, m.date)]
        cue = _joined(why, f"'{v.text[t.start : t.end]}'", m.resolution or "")
        for name, date in fields:
            self._add(v, n, name, value=date.text, cue=cue, date=date, at=m.start)
        return fields[-1][0] if v.seasons[n] else ""

    def _inferred(self, v: _SentenceView, found: list[events.Trigger], paired: dict[int, int], dates: list) -> None:
        """ "wrapped in October, four months after cameras started rolling": the start, by reckoning."""
        for t_i, t in enumerate(found):
            if t_i in paired or t.field in ("announced",) or t.field.endswith("_span"):
                continue
            c_i = v.clause_at(t.start)
            if c_i == 0 or v.clauses[c_i].kind != "sub":
                continue
            before = v.clauses[c_i - 1]
            word = v.text[before.end : v.clauses[c_i].start].strip(" ,").lower()
            gap = _AFTER.search(before.text.rstrip(" ,"))
            if word not in ("after", "before") or gap is None:
                continue
            anchor = [dates[d][0] for d in paired.values() if dates[d][1] < c_i and dates[d][0].date is not None]
            if not anchor:
                continue
            m = anchor[-1]
            count = number_value(gap.group("n"))
            if count is None or m.date is None or m.date.first is None or m.date.is_range:
                continue
            months = count * (12 if gap.group("unit").lower().startswith("year") else 1)
            sign = -1 if word == "after" else 1
            index = m.date.first.year * 12 + m.date.first.month - 1 + sign * months
            day = dt.date(index // 12, index % 12 + 1, 1)
            precision = "year" if m.date.precision == "year" else "month"
            date = make_date(day, day, precision)
            field_name = t.field if not t.field.endswith("_span") else ""
            if field_name not in DATE_FIELDS:
                continue
            reasoning = (
                f"'{gap.group().strip()} {word} {v.text[t.start : t.end]}': {m.date.text} "
                f"{'minus' if sign < 0 else 'plus'} {gap.group('n')} {gap.group('unit')}"
            )
            self._add(
                v,
                c_i,
                field_name,
                value=date.text,
                status="inferred",
                reasoning=reasoning,
                cue=f"reckoned from '{m.written}'",
                date=date,
                at=t.start,
            )

    # -- episodes, places ------------------------------------------------------------------

    def _episodes(self, v: _SentenceView) -> None:
        given: list[tuple[int, int]] = []  # (count, clause)
        respective = respective_counts(v.text)
        if respective is not None:  # "the first two seasons ran 10 and eight episodes respectively"
            counts, start, _ = respective
            n = v.clause_at(start)
            if len(counts) == len(v.seasons[n]) and not v.clauses[n].negated and not v.clauses[n].wrong:
                for season, count in zip(v.seasons[n], counts, strict=True):
                    self._add(v, n, "episodes", value=str(count), cue="'respectively'", seasons=(season,))
            return
        for count, start, _end in episode_counts(v.text, v.after_episodes):
            n = v.clause_at(start)
            clause = v.clauses[n]
            if clause.negated or clause.wrong:
                continue
            given.append((count, n))
            self._add(v, n, "episodes", value=str(count), cue=f"'{v.text[start:_end]}'", at=start)
        if not given and self.lines[v.line].topic == "episodes":  # "How many episodes?" "Eight again."
            alone = _COUNT_ALONE.match(v.text)
            count = number_value(alone.group("n")) if alone else None
            if alone and count and not v.clauses[0].negated:
                given.append((count, 0))
                self._add(
                    v,
                    0,
                    "episodes",
                    value=str(count),
                    cue="the number alone answers 'how many episodes'",
                    at=alone.start("n"),
                )
        for m in _SAME.finditer(v.text):  # "eight episodes, the same as season 2": season 2 had eight
            n = v.clause_at(m.start())
            before = [(count, c) for count, c in given if c < n]
            if before and v.seasons[n] and v.seasons[n] != v.seasons[before[-1][1]]:
                self._add(v, n, "episodes", value=str(before[-1][0]), cue=f"'{m.group().strip()}'", at=m.start())
        for m in _DIFFERENCE.finditer(v.text):  # "8 episodes, two fewer than the first": the first had 10
            n = v.clause_at(m.start())
            before = [(count, c) for count, c in given if c < n]
            step = number_value(m.group("n"))
            if not before or step is None or not v.seasons[n] or v.seasons[n] == v.seasons[before[-1][1]]:
                continue
            count = before[-1][0] + (step if m.group("way").lower() in ("fewer", "less") else -step)
            if count > 0 and not any(c == n for _, c in given):
                reasoning = (
                    f"'{m.group().strip()}': {before[-1][0]} {'plus' if count > before[-1][0] else 'minus'} {step}"
                )
                self._add(v, n, "episodes", value=str(count), status="inferred", reasoning=reasoning, at=m.start())

    def _places(self, v: _SentenceView) -> None:
        filming = self.lines[v.line].topic in ("filming_start", "filming_end")
        for name, at in events.places(v.text, self.series, filming):
            if name in self.fictional or self.book.is_fictional_place(name) or name in COMMON:
                continue
            if self.book.is_person(name) or self.book.is_character(name) or self.book.person(name) in self.book.people:
                continue
            known = self.gazetteer.find("place", name)
            n = v.clause_at(at)
            if v.clauses[n].negated or v.clauses[n].wrong:
                continue
            self._add(
                v, n, "filming_location", key=known[0] if known else name, cue="a place where it is filmed", at=at
            )

    # -- people ----------------------------------------------------------------------------

    def _cast(self, v: _SentenceView, last_people: list[str]) -> list[str]:
        found = v.cast
        new_all, regular_all = people.flags(v.text)
        per_actor = {m.group("actor"): m.group("what") for m in _ACTOR_REGULAR.finditer(v.text)}
        named: list[str] = []
        pairs = [c for c in found if not c.departure]
        for c in found:
            written, actor_written = c.character, strip_common(c.actor)
            if c.actor.lower() in ("he", "she"):
                actor, actor_written = (last_people[0] if len(last_people) == 1 else None), ""
            elif (v.line, c.at) in self.swapped:
                actor, written, actor_written = (
                    self.book.person(c.character),
                    c.actor,
                    c.character,
                )  # "Minyeong Choi (Dae)"
            else:
                actor = self.book.person(c.actor)
            if actor is None or actor in events.COUNTRIES or self.book.is_place(actor):
                continue
            character = self.book.character(written) if written else self.book.roles.get(actor, "")
            if not character or character in COMMON or self.book.is_person(character) or character == actor:
                continue
            n = v.clause_at(c.at)
            clause = v.clauses[n]
            negation = clause.negated and not (
                c.departure and c.span[0] <= v.text.find(clause.negated, clause.start) < c.span[1]
            )
            if negation or clause.wrong:
                continue
            if _FILMS.search(clause.text) and not v.seasons[n]:
                continue
            if c.past and not any(m.explicit and clause.start <= m.start < clause.end for m in v.mentions):
                continue  # "Peter Thurnwald, who played Florian, will not return": no season of that role
            named.append(actor)
            as_written = {"written": (actor_written, written)}
            if c.departure:
                self._add(v, n, "departure", key=actor, value=character, cue=c.how, at=c.at, **as_written)
                continue
            new = c.new if c.new is not None else new_all
            regular = regular_all if len(pairs) == 1 else None
            what = per_actor.get(c.actor) or next(
                (w for a, w in per_actor.items() if self.book.person(a) == actor), None
            )
            if what:
                regular, new = "regular" in what, True
            self.book.roles.setdefault(actor, character)
            self._add(
                v, n, "cast", key=actor, value=character, cue=c.how, new=new, regular=regular, at=c.at, **as_written
            )
        return named

    def _crew(self, v: _SentenceView, last_people: list[str]) -> list[str]:
        named: list[str] = []
        persons_here: list[str] = []
        for c in v.crew:
            written = c.person
            if written.lower() in ("both", "they"):
                who = list(dict.fromkeys(persons_here))
            elif written.lower() in ("he", "she"):
                who = last_people[:1]
            else:
                person = self.book.person(written)
                who = [person] if person else []
            replaces = self.book.person(c.replaces) if c.replaces else None
            n = v.clause_at(c.at)
            clause = v.clauses[n]
            if clause.negated or clause.wrong:
                continue
            for person in who:
                persons_here.append(person)
                named.append(person)
                self._add(
                    v,
                    n,
                    "crew",
                    key=person,
                    value=c.role,
                    replaces=replaces if replaces != person else None,
                    cue=c.how,
                    at=c.at,
                    written=(written, ""),
                )
        return named

    # -- facts -----------------------------------------------------------------------------

    def _add(
        self,
        v: _SentenceView,
        n: int,
        field_name: str,
        *,
        key: str = "",
        value: str = "",
        status: str = "",
        cue: str = "",
        reasoning: str = "",
        new: bool | None = None,
        regular: bool | None = None,
        replaces: str | None = None,
        date: Date | None = None,
        at: int = 0,
        written: tuple[str, str] = ("", ""),
        seasons: tuple[int, ...] | None = None,
    ) -> None:
        clause = v.clauses[n]
        hedge = clause.modal or v.whole
        key_written, value_written = (
            w if w and _shorter(w, full) else "" for w, full in zip(written, (key, value), strict=True)
        )
        for season in v.seasons[n] if seasons is None else seasons:
            self.facts.append(
                Pending(
                    v.line,
                    season,
                    field_name,
                    key,
                    value,
                    status or ("speculation" if hedge else "stated"),
                    _joined(f"'{hedge}'" if hedge and not status else "", cue),
                    reasoning,
                    new,
                    regular,
                    replaces,
                    clause.corrects,
                    date,
                    key_written,
                    value_written,
                )
            )

    def _season_facts(self) -> None:
        """One `season` fact per season the article states or gives facts of, on the first
        sentence that names it (as kg's check wants the season named)."""
        from graph.season.support import SeasonNeed, missing

        wanted = {f.season for f in self.facts}
        stated: dict[int, tuple[int, str]] = {}
        for i, v in self.views.items():
            text, clauses = v.text, v.clauses
            for m in v.mentions:
                if not m.explicit or m.foreign:
                    continue
                clause = next(c for c in clauses if c.start <= m.start < c.end or c is clauses[-1])
                if clause.negated or clause.wrong or _ABOUT.search(text[max(0, m.start - 40) : m.start]):
                    continue  # "a decision on season 6": the season is what is talked of, not stated
                for number in m.numbers:
                    if number in stated and stated[number][1] == "stated":
                        continue
                    wanted.add(number)
                    if missing(text, [SeasonNeed(number)], self.published):
                        continue
                    # a guess only when the season itself is ("could renew it for a fifth season",
                    # "a rumoured fourth season"), not when what is said of it is
                    near = _HEDGED_SEASON.search(text[max(clause.start, m.start - 60) : m.start])
                    hedge = near.group("cue") if near else ""
                    if number not in stated or not hedge:
                        stated[number] = (i, "speculation" if hedge else "stated")
        for number in sorted(wanted):
            if number in stated:
                i, status = stated[number]
                self.facts.append(Pending(i, number, "season", status=status, cue="names the season"))
            else:
                first = next((f.line for f in self.facts if f.season == number), 0)
                self.facts.append(Pending(first, number, "season", status="stated", cue="no sentence names the season"))


@dataclass
class _SentenceView:
    """One sentence being read: its clauses, the seasons of each, and its hedge."""

    line: int
    text: str
    clauses: list[Clause]
    seasons: list[tuple[int, ...]]
    whole: str
    mentions: list[SeasonMention]
    dates: list[DateMention]
    cast: list[people.Cast]
    crew: list[people.Crew]
    #: the sentence before, in the same paragraph, speaks of episodes ("... ten episodes. It has eight.")
    after_episodes: bool = False

    def clause_at(self, offset: int) -> int:
        for n, clause in enumerate(self.clauses):
            if offset < clause.end:
                return n
        return len(self.clauses) - 1


def _shorter(written: str, full: str) -> bool:
    """The article writes a name otherwise than in full ("Cathcart" for "Anna Cathcart")."""
    from graph.draft.names import loose

    return bool(full) and loose(written) != loose(full) and loose(written) in loose(full)


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)
