"""Who is in a season and who makes it: cast ("X plays Y", "X returns as Y", "Y (X)", "Y,
played by X", lists "A, B and C join the cast as X, Y and Z"), departures ("X will not return as
Y") and crew ("X and Y return as co-showrunners", "directed by X", "takes over from X as
co-showrunner"). Each is found with the words as written; `graph.draft.names.NameBook`
reads them as full names."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from graph.draft.names import CHARACTER, NAME

_LIST = rf"{NAME}(?:,\s{NAME})*+(?:,?\sand\s{NAME})?+"
_PRONOUN = r"[Hh]e|[Ss]he"
_AUX = (
    r"(?:(?:will|would|is|are|was|were|has|have|had|also|all|both|to|be|been|being|expected|set|confirmed|"
    r"could|might|may|should|must|can|locked\sin|signed|poised|due|slated|tipped|rumou?red|understood|believed|"
    r"officially|reportedly|said|likely|now|then|too|each|later|again|finally|still|who|not|n['’]t|never|"
    r"no\slonger|won['’]t|didn['’]t|isn['’]t|aren['’]t|wouldn['’]t|doesn['’]t|does|did)(?:,\s(?:[a-z]+\s?){1,3},)?\s)*"
)
_CAST_VERB = (
    r"(?:return(?:s|ed|ing)?|back|come(?:s)?\sback|came\sback|coming\sback|come(?:s)?\saboard|came\saboard|"
    r"coming\saboard|reprise(?:s|d)?\s(?:his|her|their)\sroles?|reprising\s(?:his|her|their)\sroles?|"
    r"join(?:s|ed|ing)?(?:\sthe(?:\s(?:returning|main|recurring|new|series|show['’]s|core|ensemble))?\s(?:cast|ensemble))?|"
    r"(?:been\s)?cast|star(?:s|red|ring)?|appear(?:s|ed|ing)?|guest[- ]star(?:s|red|ring)?|signed\son|signs?\son|"
    r"confirmed|announced|revealed|tapped|(?:his|her|their)\srole|(?:been\s)?added(?:\sto\sthe\scast)?|"
    r"rounds?\sout\sthe\scast|rounded\sout\sthe\scast|takes?|took|taking|leads?\sthe\s(?:cast|ensemble)|led\sthe\s(?:cast|ensemble)|"
    r"headlines?|headlined|fronts?|"
    r"(?:has|have|had|lands?|landed|in|with|take(?:s|n)?|took|play(?:s|ed)?)\sa\s(?:recurring|guest|series[- ]regular|regular|"
    r"main|starring|new|major|supporting|leading|lead)\s(?:role|part)|be\sseen)"
    r"(?:\s(?:in|with)\sa\s(?:recurring|guest|series[- ]regular|regular|main|starring|new|major|supporting|small)\s(?:role|part|capacity))?"
    r"(?:\s(?:this|next)\sseason|\sin\sthe\snew\sseason|\stoo|\sagain|\salso)?"
)
#: a relative or appositive clause between a name and its verb: "Grace Oh, who directed the premiere, also serves as"
_ASIDE = r"(?:,\s(?:[a-z]|\d)[^,]{0,80},)?"
_CAST_LIST = re.compile(
    rf"(?P<actors>{_LIST}|{_PRONOUN}){_ASIDE},?\s(?P<verb>{_AUX}{_CAST_VERB})(?:\s(?:of|for|in|on)\s[^.;]{{0,40}}?)?"
    rf"\s(?:as|to\sthe\srole\sof|in\sthe\srole\sof|on\sthe\s(?:role|part)\sof)\s(?=(?P<rest>.*))"
)
#: words that may describe a character before its name: "as new student Soo-ah"
_DESCRIBED = (
    r"(?:(?!(?:with|in|on|at|for|to|from|by|of|as|and|or|but|well|soon|much|such|part|a|an|the|if|though|usual|always|"
    r"ever|long|far|alongside|opposite|including|plus|joined|joining|co-?showrunners?|showrunners?|producers?|executive|"
    r"writers?|directors?|creator|stars?|guest)\b)[a-z][\w-]*\s){0,3}"
)
_PAIR = re.compile(rf"(?P<actor>{NAME})\sas\s{_DESCRIBED}(?P<char>{CHARACTER})")
#: "Rachel Yoo, Daniel Moon and Marcus Bell will play Soo-ah, Teo and Professor Whitfield, respectively"
_PLAY_LIST = re.compile(
    rf"(?P<actors>{_LIST}){_ASIDE},?\s(?P<verb>(?:(?:will|would|also|are|is|set|to|now)\s)*(?:play|portray|voice)|(?:play|portray|voice)s?)\s(?=(?P<rest>.*))"
)
#: "Anthony Keyvan’s Q": an actor's character
_OWN = re.compile(rf"(?P<actor>{NAME})['’]s\s(?P<char>{NAME})\b")
_PLAYS = re.compile(
    rf"(?P<actor>{NAME}|{_PRONOUN})(?:,\s|\s\(|\s)(?:who\s)?(?:also\s|now\s)?(?:plays|played|is\splaying|will\splay|portrays|portrayed|will\sportray|voices|voiced|"
    rf"(?:(?:will\s)?returns?|is\sback|(?:is\s)?set|comes?\sback|signed\son|(?:has\sbeen\s)?(?:cast|tapped|signed|hired|chosen|picked)|is\sback)\sto\s(?:play|portray)|to\s(?:play|portray))\s(?P<char>{CHARACTER})"
)
#: "Joshua Lee has been cast in the second season, playing Jin"
_CAST_IN = re.compile(
    rf"(?P<actor>{NAME})\s(?:has\sbeen|have\sbeen|was|were|is|are|will\sbe)\s(?:cast|tapped|signed|added)\b[^.;]{{0,80}}?\s(?:playing|to\splay)\s(?P<char>{CHARACTER})"
)
_PLAYED_BY = re.compile(
    rf"(?P<char>{CHARACTER}),?\s(?:(?:who\s)?(?:is|was|will\sbe)\s(?:[a-z]+\s){{0,2}}?)?(?:played|portrayed)\sby\s(?P<actor>{NAME})"
)
#: "Kitty (Anna Cathcart)", "Kitty (played by Anna Cathcart)"; also the other way round,
#: "Minyeong Choi (Dae)", which `cast` reads by which of the two is a person
_PARENS = re.compile(rf"(?P<char>{CHARACTER})\s\((?:played\sby\s)?(?P<actor>{NAME})\)")
#: what follows a pair and makes it a departure: "Madison (Regan Aliyah) will not be back"
_LEAVING_AFTER = re.compile(
    r"^,?\s(?:(?:also|reportedly|officially|now)\s)*(?:will\snot|won['’]t|would\snot|is\snot|isn['’]t|are\snot|did\snot|didn['’]t|does\snot|doesn['’]t|will\sno\slonger|is\sno\slonger)\s(?:be\s)?"
    r"(?:return(?:s|ing)?|back|coming\sback|appear(?:ing)?|be\spart\sof|be\sin)\b|^,?\s(?:(?:is|has|will|also)\s)*(?:leaving|left|leave|exits?|exited|exiting|departs?|departed|departing)\b"
)
_LEAVES = re.compile(
    rf"(?P<actors>{_LIST}|{_PRONOUN}){_ASIDE},?\s(?:(?:is|has|will|also|reportedly|officially)\s)*(?:(?:leaving|left|leave|exits?|exited|exiting|departs?|departed|departing)\s(?:the\s(?:show|series|cast)|XO,\sKitty)|"
    rf"(?:will\snot|won['’]t|is\snot|isn['’]t|are\snot|aren['’]t|will\sno\slonger|does\snot|doesn['’]t|did\snot|didn['’]t)\s(?:be\s)?"
    rf"(?:returning|return|back|coming\sback|appear|appearing|be\spart\sof|be\sin)(?=\s(?:for|in|of)?\s?(?:the\s(?:new|next|upcoming|\w+)\sseason|season\s\w+)|[.;]|,\s(?:Netflix|the|according|sources)))"
)
_NOT_RETURNING = re.compile(
    r"\b(?:will\snot|won['’]t|is\snot|isn['’]t|does\snot|doesn['’]t|did\snot|didn['’]t|will\sno\slonger)\s(?:be\s)?"
    r"(?:return(?:ing)?|back|coming\sback|appear(?:ing)?|reprise)\b"
)
_NEGATIVE = re.compile(r"\bnot\b|n['’]t\b|\bnever\b|\bno\slonger\b")
_CHAR_ITEM = re.compile(rf"(?:(?:[Nn]ewcomers?|[Nn]ew)\s)?(?P<c>{CHARACTER})")
_FIRST_ITEM = re.compile(rf"(?:(?:[Nn]ewcomers?)\s)?{_DESCRIBED}(?P<c>{CHARACTER})")
_CHAR_SEP = re.compile(r",\s(?:and\s)?|,?\s(?:and|&)\s")

# new or returning, regular or recurring: what the words around the cast say
_NEW = re.compile(
    r"\b(?:join(?:s|ed|ing)?|newcomers?|new\s(?:faces?|cast|additions?|characters?|arrivals?)|come(?:s)?\saboard|came\saboard|coming\saboard|signed\son|newly\scast|(?:has|have)\sbeen\scast|debut)\b",
    re.IGNORECASE,
)
_RETURNING = re.compile(
    r"\b(?:return(?:s|ed|ing)?|back|reprise(?:s|d)?|reprising|coming\sback|come(?:s)?\sback|again)\b", re.IGNORECASE
)
_REGULAR = re.compile(r"\bseries[- ]regulars?\b|\bregular\srole\b|\bmain\scast\b", re.IGNORECASE)
_RECURRING = re.compile(r"\b(?:recurring|guest(?:[- ]star\w*)?|cameo)\b", re.IGNORECASE)

_ROLE = r"(?:co-?showrunners?|showrunners?|executive\sproducers?|writers?|directors?)"
_ROLES = rf"{_ROLE}(?:(?:,\s|,?\sand\s){_ROLE})*"
_PEOPLE = rf"(?:{NAME}|I)(?:,\s(?:{NAME}|I))*+(?:,?\sand\s(?:{NAME}|I))?+"
_CREW_VERB = (
    r"(?:(?:serve[sd]?(?:\sagain)?|serving|return(?:s|ed|ing)?|(?:is|are|were|was|be)\sback|back|remain(?:s|ed)?|stay(?:s|ed)?\son|"
    r"continue[sd]?|continuing)(?:\s(?:on\sboard|aboard))?|"
    r"come(?:s)?\saboard|came\saboard|join(?:s|ed)?(?:\sthe\s(?:show|series|team))?|sign(?:s|ed)?\son|"
    r"(?:is|are|was|were|will\sbe|be)(?:\s(?:still|again|now|also))?(?:\sin\scharge|\sat\sthe\shelm|\sthe)?|take(?:s)?\sover|took\sover|taking\sover|step(?:s|ped)?\sin|"
    r"(?:has|have)\sbeen\s(?:named|tapped|hired|promoted\sto|brought\son)|(?:is|are|was|were)\samong)"
)
_CREW = re.compile(
    rf"(?P<people>{_PEOPLE}|[Bb]oth|[Hh]e|[Ss]he|[Tt]hey){_ASIDE},?\s(?:who\s)?(?:(?:will|would|also|both|now|still|to|continue|continues|again|officially)\s)*"
    rf"(?P<verb>{_CREW_VERB})(?:\sfrom\s(?P<pred1>{NAME}))?\s(?:as\s)?(?:the\s|an?\s)?(?:new\s)?(?P<roles>{_ROLES})"
    rf"(?:\s(?:(?:of|on|for)\s[^.;]{{0,60}}?\s)?from\s(?P<pred2>{NAME}))?"
)
_ROLE_BEFORE = re.compile(
    rf"(?<![\w-])(?P<roles>(?:[Cc]o-?showrunners?|[Ss]howrunners?|[Ee]xecutive\sproducers?|[Ww]riters?|[Dd]irectors?))(?:\s(?:including|like|such\sas|include|includes|are|is|will\sbe)|:)?\s(?P<people>{_PEOPLE})"
)
_BY = re.compile(
    rf"\b(?P<verb>directed|written|scripted|co-written|executive[- ]produced)\sby\s(?:(?:writers?|directors?)\s(?:including\s)?)?(?P<people>{_PEOPLE})"
)
_SCRIPTS = re.compile(rf"\b(?:scripts?|teleplays?)\sby\s(?:writers?\s(?:including\s)?)?(?P<people>{_PEOPLE})")
_DOES = re.compile(
    rf"(?P<people>{_PEOPLE}|[Bb]oth|[Hh]e|[Ss]he|[Tt]hey),?\s(?:who\s)?(?:(?:also|will|both|continue\sto|continues\sto|to|has|have|had|is|are|set|again)\s)*"
    rf"(?P<verb>(?:directed|directs|direct|directing|wrote|writes|write|writing|co-wrote|penned|pens|penning)(?=\s(?:the\s|an\s|a\s)?(?:\w+\s){{0,5}}?(?:episodes?|premiere|finale|scripts?|pilot)\b)"
    rf"|executive[- ]produces?|executive[- ]produced|executive[- ]producing)\b"
    rf"(?:\s(?:alongside|with)\s(?P<with>{_PEOPLE}))?"
)
_APPOSITIVE = re.compile(
    rf"(?P<people>{NAME}),\s(?:a|an|the)\s(?:(?:new|former|longtime|veteran)\s)?(?P<roles>{_ROLE})\s(?:on|of|for)\b"
)
_NAMED = re.compile(
    rf"\b(?:taps?|tapped|names?|named|hires?|hired|appoints?|appointed|promotes?|promoted|brings?\son|brought\son)\s(?P<people>{NAME})\sas\s(?:the\s)?(?:new\s)?(?P<roles>{_ROLES})"
)
_REPLACING = re.compile(rf"\b(?:replacing|succeeding|taking\sover\sfrom|in\splace\sof)\s(?P<pred>{NAME})")
_WORKS = re.compile(r"\b(?:novels?|books?|films?|movies?|memoir|trilogy)\b", re.IGNORECASE)
_SUCCEEDS = re.compile(
    rf"(?P<people>{NAME}),?\s(?:who\s)?(?:will\s)?(?:succeeds?|succeeded|replaces?|replaced|steps?\sin\sfor|stepped\sin\sfor)\s(?P<pred>{NAME})\sas\s(?:the\s)?(?P<roles>{_ROLES})"
)


@dataclass(frozen=True)
class Cast:
    """An actor and a character as written, where the character is, and what the words say."""

    actor: str
    character: str
    at: int
    departure: bool = False
    new: bool | None = None
    regular: bool | None = None
    how: str = ""
    span: tuple[int, int] = (0, 0)
    #: the role before a departure ("who played Florian"): a fact only where a season is named with it
    past: bool = False


@dataclass(frozen=True)
class Crew:
    """A person and a crew role as written, where the role is said, and whom they succeed."""

    person: str
    role: str
    at: int
    replaces: str | None = None
    how: str = ""


def names_in(text: str) -> list[str]:
    """The names of a list as written: "Minyeong Choi, Gia Kim and Q" -> three names."""
    return [n.strip() for n in re.split(r",\s(?:and\s)?|,?\s(?:and|&)\s", text) if n.strip()]


def _characters(rest: str, base: int, wanted: int, ends: bool = False) -> list[tuple[str, int]]:
    """The characters of a list after "as": "Hye-jin, Kitty’s new roommate, and Luca, an
    Italian exchange student" is two characters for two actors (the relations between are
    appositions)."""
    items: list[tuple[str, int, bool]] = []  # (character, offset, is a relation)
    at = 0
    while True:
        m = (_CHAR_ITEM if items else _FIRST_ITEM).match(rest, at)
        if not m:
            break
        name = m.group("c")
        items.append((name, base + m.start("c"), "’s " in name or "'s " in name))
        sep = _CHAR_SEP.match(rest, m.end())
        if not sep:
            break
        at = sep.end()
        if at < len(rest) and rest[at].islower() and not rest.startswith(("newcomer", "new "), at):
            # an apposition ("an Italian exchange student"): skip to the next item or stop
            nxt = _CHAR_SEP.search(rest, at)
            if not nxt or (re.match(r"[,.;]", rest[nxt.start() :]) is None and "and" not in nxt.group()):
                break
            at = nxt.end()
    if len(items) > wanted:
        kept = [items[0]] + [it for i, it in enumerate(items[1:], 1) if not (it[2] and not items[i - 1][2])]
        if len(kept) == wanted:
            items = kept
    if wanted == 1:
        if len(items) > 1 and items[0][2] and not items[1][2]:
            return [(items[1][0], items[1][1])]  # "joins as Kitty’s new roommate, Hye-jin"
        return [(items[0][0], items[0][1])] if items else []
    if len(items) != wanted:
        return []
    if ends and not re.match(r",?\s*(?:respectively\b|[.;]|$)", rest[items[-1][1] - base + len(items[-1][0]) :]):
        return []  # "A plays X, B plays Y": pairs, read one by one below
    return [(name, at) for name, at, _ in items]


def cast(text: str) -> list[Cast]:
    """Every actor-character pair `text` states, joined or leaving, as written."""
    found: list[Cast] = []
    taken: list[tuple[int, int]] = []

    def add(c: Cast) -> None:
        if not any(c.at == f.at for f in found):
            found.append(c)

    lists = [(m, "as") for m in _CAST_LIST.finditer(text)] + [(m, "") for m in _PLAY_LIST.finditer(text)]
    for m, as_ in lists:
        verb = m.group("verb")
        actors = names_in(m.group("actors"))
        if not as_ and len(actors) < 2:
            continue  # one actor: "X plays Y" below
        chars: list[tuple[str, int]] = []
        while actors and not chars:  # "Kitty, and Minyeong Choi is back as Dae": the list is its last names
            chars = _characters(m.group("rest"), m.start("rest"), len(actors), ends=not as_)
            if not chars:
                actors = actors[1:]
        if not chars or (not as_ and len(actors) < 2):
            continue
        leaving = bool(_NEGATIVE.search(verb))
        new = True if _NEW.search(verb) else False if _RETURNING.search(verb) else None
        for actor, (char, at) in zip(actors, chars, strict=True):
            add(
                Cast(
                    actor,
                    char,
                    at,
                    leaving,
                    None if leaving else new,
                    how=f"'{verb} {as_}'".replace(" '", "'"),
                    span=(m.start(), at + len(char)),
                )
            )
        taken.append((m.start(), chars[-1][1] + len(chars[-1][0])))
    for m in _PAIR.finditer(text):
        if any(a <= m.start("char") < b for a, b in taken):
            continue
        add(Cast(m.group("actor"), m.group("char"), m.start("char"), how="'X as Y'", span=(m.start(), m.end())))
    for regex, how in (
        (_PLAYS, "'X plays Y'"),
        (_PLAYED_BY, "'Y, played by X'"),
        (_PARENS, "'Y (X)'"),
        (_OWN, "'X’s Y'"),
        (_CAST_IN, "'X has been cast, playing Y'"),
    ):
        for m in regex.finditer(text):
            if any(a <= m.start("char") < b for a, b in taken):
                continue
            after = _LEAVING_AFTER.match(text[m.end() :]) or (
                regex is _PLAYS and _LEAVING_AFTER.match(text[m.end() :].lstrip(","))
            )
            if not after and regex is _PLAYS:  # "Peter Thurnwald, who played Florian, has confirmed he will not return"
                rest = re.match(r"[^.;]*", text[m.end() :]).group()  # type: ignore[union-attr]
                later = _NOT_RETURNING.search(rest)
                if later and not re.search(NAME, rest[: later.start()].replace("I ", "i ")):
                    at = m.end() + later.start()  # the departure is the main clause's; the role is the past's
                    add(
                        Cast(
                            m.group("actor"),
                            m.group("char"),
                            at,
                            True,
                            how=f"{how}, then '{later.group()}'",
                            span=(m.start(), m.end() + later.end()),
                        )
                    )
                    add(
                        Cast(
                            m.group("actor"),
                            m.group("char"),
                            m.start("char"),
                            how=how,
                            span=(m.start(), m.end()),
                            past=True,
                        )
                    )
                    continue
            if after:
                add(
                    Cast(
                        m.group("actor"),
                        m.group("char"),
                        m.start("char"),
                        True,
                        how=f"{how}, then '{after.group().strip(' ,')}'",
                        span=(m.start(), m.end() + after.end()),
                    )
                )
            else:
                add(Cast(m.group("actor"), m.group("char"), m.start("char"), how=how, span=(m.start(), m.end())))
    for m in _LEAVES.finditer(text):
        for actor in names_in(m.group("actors")):
            add(Cast(actor, "", m.start(), True, how="'leaving'", span=(m.start(), m.end())))
    return sorted(found, key=lambda c: c.at)


def flags(text: str) -> tuple[bool | None, bool | None]:
    """(new, regular) as a sentence says them of its cast: "newcomers", "joins"; "series regular",
    "recurring role"."""
    new = True if _NEW.search(text) else False if _RETURNING.search(text) else None
    regular = True if _REGULAR.search(text) else False if _RECURRING.search(text) else None
    return new, regular


def _roles(text: str) -> list[str]:
    out = []
    for word in re.findall(_ROLE, text, re.IGNORECASE):
        word = word.lower().rstrip("s").replace("coshowrunner", "co-showrunner")
        if word not in out:
            out.append(word)
    return out


def crew(text: str) -> list[Crew]:
    """Every person-role pair `text` states, with the person succeeded when it says so."""
    found: list[Crew] = []

    def add(people: str, roles: list[str], at: int, how: str, replaces: str | None = None) -> None:
        for person in names_in(people):
            for role in roles:
                if not any(f.person == person and f.role == role for f in found):
                    found.append(Crew(person, role, at, replaces, how))

    for m in _SUCCEEDS.finditer(text):
        add(m.group("people"), _roles(m.group("roles")), m.start("roles"), "'succeeds X as'", m.group("pred"))
    for m in _CREW.finditer(text):
        pred = m.group("pred1") or m.group("pred2")
        add(m.group("people"), _roles(m.group("roles")), m.start("roles"), f"'{m.group('verb')} as'", pred)
    for m in _NAMED.finditer(text):
        add(m.group("people"), _roles(m.group("roles")), m.start("roles"), "'named as'")
    for m in _ROLE_BEFORE.finditer(text):
        if re.search(
            r"\b(?:the\s)?(?:show|series)['’]s?\s$|\bcreator\sand\s$", text[max(0, m.start() - 20) : m.start()]
        ):
            continue
        if m.group("roles").lower() in ("writer", "director") and (
            _WORKS.search(text) or re.match(r"['’]s\b", text[m.end() :])
        ):
            continue  # "the novels by writer Jenny Han", "director Greta Gerwig’s film": no crew of the season
        add(m.group("people"), _roles(m.group("roles")), m.start("roles"), "a role before the name")
    for m in _BY.finditer(text):
        role = {
            "directed": "director",
            "executive-produced": "executive producer",
            "executive produced": "executive producer",
        }.get(m.group("verb"), "writer")
        add(m.group("people"), [role], m.start("verb"), f"'{m.group('verb')} by'")
    for m in _SCRIPTS.finditer(text):
        add(m.group("people"), ["writer"], m.start(), "'scripts by'")
    for m in _DOES.finditer(text):
        verb = m.group("verb").lower()
        role = "director" if verb.startswith("direct") else "executive producer" if "produc" in verb else "writer"
        add(m.group("people"), [role], m.start("verb"), f"'{m.group('verb')}'")
        if m.group("with") and role == "executive producer":
            add(m.group("with"), [role], m.start("with"), f"'{m.group('verb')} with'")
    for m in _APPOSITIVE.finditer(text):
        add(m.group("people"), _roles(m.group("roles")), m.start("roles"), "an apposition")
    replacing = _REPLACING.search(text)
    leads = [f for f in found if f.role in ("showrunner", "co-showrunner")]
    if replacing and len({f.person for f in leads}) == 1 and not leads[0].replaces:
        found = [replace(f, replaces=replacing.group("pred")) if f in leads else f for f in found]
    return sorted(found, key=lambda c: c.at)
