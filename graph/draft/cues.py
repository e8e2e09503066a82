"""How a sentence says what it says: its clauses, and in each the words that make a fact a
guess ("reportedly", "could", "is expected to", "sources say"), deny it ("has not said
whether"), or mark a report as wrong ("an earlier version of this article said")."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cues that make a clause a guess. "may" only in lower case: "May" is the month.
_MODAL = re.compile(
    r"\b(?:could|might|should|likely|unlikely|probably|possibly|perhaps|hopefully|expected|expects?|"
    r"expecting|is\ssaid\sto|are\ssaid\sto|tipped|believed?|believes|thinks?|guess|bet|convinced|"
    r"speculat\w*|seems?|looks\slike|appears\sto|tentatively|potentially|would\slove|hoping|hopes?\sto|"
    r"aiming|our\smoney|rumou?r(?:ed|s)?|predict\w*|odds\sare|chances\sare|if\sall\sgoes|would|assume[sd]?|assuming|"
    r"presumably|supposedly|allegedly|apparently|reckon|suspect)\b",
    re.IGNORECASE,
)
_MAY = re.compile(r"\bmay\b(?!\s+\d)")
# Cues that make the whole sentence a guess: an unnamed or unverified source, a rumour.
_SOURCE = re.compile(
    r"\b(?:reportedly|rumou?rs?|rumou?red|sources?\s(?:say|said|claim|close|tell|told)|insiders?|"
    r"according\sto\s(?!the\b|its\b|their\b|his\b|her\b|our\b|netflix\b)[a-z]\w*|according\sto\s(?:a|an|one|two|three|several|some|people|sources|insiders|someone|reports?|rumou?rs?|"
    r"unnamed|anonymous|a\sperson|multiple)\b|familiar\swith|unconfirmed|unverified|not\sbeen\sable\sto\s(?:verify|confirm)|"
    r"claim(?:s|ed|ing)?|since-deleted|(?:has|have)(?:n['’]t|\snot)\sbeen\sofficially\s(?:confirmed|announced)|"
    r"nobody\s(?:involved\s)?has\sconfirmed|"
    r"not\s(?:yet\s)?(?:been\s)?officially\s(?:confirmed|announced)|take\sit\swith\sa|fans\s(?:believe|think|are\sconvinced|expect|hope|suspect)|"
    r"we\s(?:think|believe|suspect|reckon|bet|expect|guess)|our\sbest\sguess|widely\sexpected|leak(?:s|ed)?|"
    r"(?:we|I)\s(?:are|am|have\sbeen|['’](?:re|m|ve\sbeen))\stold|we\shear|word\sis|(?:we|I)\sunderstand|"
    r"(?:others|fans|people|users|viewers|many|some)\s(?:online\s)?(?:are\s)?(?:pointing|speculating|guessing|betting|predicting|theori[sz]ing|hoping|suspect))\b",
    re.IGNORECASE,
)
# A next sentence that doubts the one before: "Nobody has confirmed that."
DOUBT_NEXT = re.compile(
    r"^(?:nobody|no\sone|neither\s\w+\snor\s\w+)\s(?:has|have)\s(?:confirmed|verified)|^(?:this|that|it)\s(?:is|has|remains)\s(?:not\s|yet\sto\sbe\s)?(?:unconfirmed|unverified|confirmed)|^take\sit\swith",
    re.IGNORECASE,
)
_REPORTED = re.compile(r"\b(?:said|says|announced|confirmed|revealed|told\s\w+|reported)\b(?:\sthat)?", re.IGNORECASE)
# Cues that deny, or leave open, what the clause would say.
_NEGATION = re.compile(
    r"\b(?:has\snot|have\snot|had\snot|hasn['’]t|haven['’]t|hadn['’]t|(?:has|have|is|are)\syet\sto|not\syet|"
    r"no\s(?:premiere|release|return|date|dates|word|window|episode|official|trailer|news|plans?)|there\sis\sno|"
    r"there\sare\sno|declined\sto|refused\sto|would\snot\ssay|won['’]t\ssay|did\snot\ssay|"
    r"whether|not\sbeen\s(?:announced|confirmed|set|revealed|given)|do\snot\sexpect|don['’]t\sexpect|"
    r"nobody|no\sone|unclear|unknown|not\sup\sto|cancel(?:l?ed|s)?|scrapped|if\sthere\sis|"
    r"(?:would|'d)\slove\sto\ssee|(?:hope|hoping|want|wants|wish|wishing)\sto\ssee|fingers\scrossed|petition|"
    r"(?:asking|wondering|hoping|campaigning|calling|pushing|begging|clamou?ring)\s(?:about|for|if|whether)|"
    r"not\s(?:come|happen|arrive|land|drop|return)\s(?:before|until)|"
    r"(?:did|does|do|would|could|will)(?:\snot|n['’]t)\s(?:say|announce|confirm|reveal|give|set|share|specify|disclose|comment)|"
    r"(?:will|would|does|did|is|are)\snot\s(?:\w+\s)?(?:premiere|debut|arrive|air|stream|film|shoot|start|begin|wrap)|"
    r"won['’]t\s(?:\w+\s)?(?:premiere|debut|arrive|air|stream|film|shoot|start|begin|wrap))\b",
    re.IGNORECASE,
)
# An earlier, wrong report of a fact: its figures are not facts (the corrected ones are).
_WRONG = re.compile(
    r"\b(?:earlier\sversion|previous\sversion|earlier\sreports?|previous\sreports?|incorrectly|erroneously|"
    r"mistakenly|wrongly|(?:was|were|is|are)\s(?:incorrect|wrong|inaccurate|false)|misstated|misreported|"
    r"previously\s(?:said|stated|reported|listed)|^correction\b)",
    re.IGNORECASE,
)

# Where a clause ends and another begins, and what the new one is:
#   "cont": same subject and verb frame ("and is expected to"), inherits everything;
#   "coord": a new clause ("; ", ", and ", ", but ");
#   "sub": a subordinate clause ("after", "because", "though");
#   "side": a relative or appositive clause (", which ...", ", who ...", ", a writer on ..."),
#           which ends at the next comma; what follows it continues the clause before it.
_BREAKS = re.compile(
    r"(?P<coord>;\s|:\s|\s[–—]\s|,\s(?:and|but|so|or|yet)\s|\s(?:but|so)\s"
    r"|\sand\s(?=(?:it|we|I|they|he|she|production|filming|cameras|netflix|the\sshow|the\sseason|the\sseries)\b))"
    r"|(?P<quote>[,.!?][\"”’]\s(?=[A-Za-z]))"
    r"|(?P<cont>,?\s(?:and|but)\s(?=(?:is|are|was|were|will|would|has|have|had|also|then|could|may|might|should|can|did|does|won['’]t|isn['’]t|spent|ran|went|began|got|[a-z]+ed)\b))"
    r"|(?P<sub>,?\s(?:after|because|though|although|while|whereas|when|once|even\sthough|just\sas|unless)\s|,\s(?:[\w-]+\s){0,2}before\s|,\salongside\s|,\s(?:up|down)\sfrom\s|,\s(?=\w+\s(?:fewer|more|less)\sthan\b)|,\s(?=(?:the\ssame\sas|just\slike|like|as\sin|as\swith)\s)|,\s(?:with|though|ahead\sof|according\sto|including|meaning)\s|,\s(?=\w+ing\s))"
    r"|(?P<side>,\s(?:who|which|where|whose|whom)\s|,\s(?:a|an)\s(?=[a-z]))"
)
# An opening phrase up to its comma: "With a 20-month gap between the first two seasons, ..."
# belongs to what follows only as background; "For season 3, ..." names its topic.
_INTRO = re.compile(
    r"^(?P<word>with|given|after|before|despite|following|judging|since|as|if|when|unlike|like|once)\b[^,]{2,120},\s",
    re.IGNORECASE,
)
_TOPIC_INTRO = re.compile(r"^(?:for|in|on|across|over)\b[^,]{2,80},\s", re.IGNORECASE)


@dataclass
class Clause:
    """A stretch of a sentence, with how it joins the one before and what it says of itself."""

    start: int
    end: int
    kind: str  # "main", "coord", "cont", "sub", "side", "intro", "topic"
    text: str = ""
    modal: str = ""  # the cue that makes it a guess
    negated: str = ""  # the cue that denies it
    wrong: bool = False  # it reports an earlier, wrong figure
    corrects: bool = False  # it gives the right figure after a wrong one
    foreign: bool = False  # its subject is another show or film


def split_clauses(text: str, protected: list[tuple[int, int]]) -> list[Clause]:
    """The clauses of a sentence; nothing inside a protected span (a date, a series name
    with a comma such as "XO, Kitty") is cut."""
    cuts: list[tuple[int, int, str]] = []
    for m in _BREAKS.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in protected):
            continue
        kind = next(k for k, v in m.groupdict().items() if v is not None)
        if (
            kind == "side"
            and m.group().startswith((", a ", ", an "))
            and not re.search(r"\b[A-Z][\w-]*$", text[: m.start()])
        ):
            continue  # an apposition follows a name ("Castellanos, a writer on"); ", a release in 2026" starts a clause
        cuts.append((m.start(), m.end(), {"quote": "coord"}.get(kind, kind)))
    clauses: list[Clause] = []
    start, kind = 0, "main"
    for a, b, what in cuts:
        if a <= start:
            continue
        clauses.append(Clause(start, a, kind, text[start:a]))
        start, kind = b, what
    clauses.append(Clause(start, len(text), kind, text[start:]))
    return _with_intros(clauses, text, protected)


def _with_intros(clauses: list[Clause], text: str, protected: list[tuple[int, int]]) -> list[Clause]:
    """Split an opening phrase off the clause it opens, and close side clauses at their comma."""
    out: list[Clause] = []
    for clause in clauses:
        body = text[clause.start : clause.end]
        lead = len(body) - len(body.lstrip())
        for regex, kind in ((_INTRO, "intro"), (_TOPIC_INTRO, "topic")):
            m = regex.match(body[lead:])
            if m and not any(
                a < clause.start + lead + m.end() and clause.start + lead + m.end() - 2 < b for a, b in protected
            ):
                cut = clause.start + lead + m.end()
                out.append(
                    Clause(
                        clause.start,
                        cut - 2,
                        kind if clause.kind in ("main", "coord", "sub") else clause.kind,
                        text[clause.start : cut - 2],
                    )
                )
                clause = Clause(
                    cut, clause.end, "main" if clause.kind in ("main", "coord") else clause.kind, text[cut : clause.end]
                )
                break
        if clause.kind == "side":
            comma = _next_comma(text, clause.start, clause.end, protected)
            if comma is not None:
                out.append(Clause(clause.start, comma, "side", text[clause.start : comma]))
                out.append(Clause(comma + 2, clause.end, "resume", text[comma + 2 : clause.end]))
                continue
        out.append(clause)
    return [c for c in out if c.end > c.start]


def _next_comma(text: str, start: int, end: int, protected: list[tuple[int, int]]) -> int | None:
    for m in re.finditer(r",\s", text[start:end]):
        at = start + m.start()
        if not any(a <= at < b for a, b in protected):
            return at
    return None


def mark(clauses: list[Clause], sentence: str) -> str:
    """Mark each clause's cues (guess, denial, wrong report); return the cue that makes the
    whole sentence a guess, or ""."""
    whole = _SOURCE.search(sentence)
    wrong_seen = False
    for i, clause in enumerate(clauses):
        text = clause.text
        modal = _MODAL.search(text) or _MAY.search(text)
        if modal and modal.group().lower() == "would" and _REPORTED.search(sentence[: clause.start + modal.start()]):
            modal = None  # reported speech: "Netflix announced that the show would return"
        clause.modal = modal.group() if modal else ""
        negated = _NEGATION.search(text)
        clause.negated = negated.group() if negated else ""
        clause.wrong = bool(_WRONG.search(text))
        if clause.kind == "cont" and i:
            before = clauses[i - 1]
            clause.modal = clause.modal or before.modal
            clause.negated = clause.negated or before.negated
            clause.wrong = clause.wrong or before.wrong
        if clause.wrong:
            wrong_seen = True
        elif wrong_seen:
            clause.corrects = True
            wrong_seen = False
    return whole.group() if whole else ""
