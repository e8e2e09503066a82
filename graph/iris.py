"""The one rule for minting entity IRIs, shared by the bundled facts and `kg season add`.

An IRI is `kg:` followed by segments joined by `_`, each a slug (`[a-z0-9-]+`, never `_`), so
no two different (kind, scope, name) triples can give the same IRI. (`_` rather than `.`:
a dot ends a statement in Turtle and SPARQL, and tools that split names naively trip on it.)

    person       kg:person_anna-cathcart                 real people: franchise-wide
    place        kg:place_seoul                          real places: franchise-wide
    organization kg:organization_netflix
    character    kg:xo-kitty_character_jin               fictional: scoped to the series
                 kg:to-all-the-boys_character_kitty-song-covey   (or the franchise) they belong to
    fictional-place  kg:xo-kitty_fictional-place_korean-independent-school-of-seoul
    plot-event   kg:xo-kitty_plot-event_kittys-expulsion-from-kiss
    role         kg:xo-kitty-season-2_role_joshua-lee_jin   (scope: the work; name: (person, character))
    departure    kg:xo-kitty-season-3_departure_anna-cathcart_kitty-song-covey   (scope: the season)
    succession   kg:xo-kitty-season-3_succession_co-showrunner_jenny-han_sascha-rothchild

Once written, an IRI is never recomputed from a name: a second, different entity whose name
gives an IRI already taken gets the next free `-2`, `-3` suffix on its last segment, so the
first keeps its IRI and nothing is merged by accident.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from graph.namespaces import KG

#: The kinds an IRI can be minted for, and whether a scope (series or franchise slug) is required.
KINDS: dict[str, bool] = {
    "person": False,
    "place": False,
    "organization": False,
    "character": True,
    "fictional-place": True,
    "plot-event": True,
    "role": True,
    "departure": True,
    "succession": True,
}


def slug(text: str) -> str:
    """Words of `text`, accents removed, lower case, joined by hyphens ("XO, Kitty" -> "xo-kitty").

    Apostrophes vanish rather than split a word ("Kitty's" -> "kittys").
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    plain = re.sub(r"['’]", "", plain)
    return "-".join(re.findall(r"[^\W_]+", plain.lower()))


def mint_iri(kind: str, name: str | tuple[str, ...], *, scope: str | None = None, taken: Container[str] = ()) -> str:
    """A new `kg:` IRI for an entity of `kind` called `name`, not in `taken`.

    `scope` is the slug (or name) of the series or franchise a fictional thing belongs to,
    or of the work a casting role is in; real people, places and organizations take none.
    A role's `name` is the pair (performer's name, character's name): one segment each.
    Raises ValueError for an unknown kind, a missing or unexpected scope, or an empty name.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of entity {kind!r}; one of {', '.join(KINDS)}")
    if KINDS[kind] and not scope:
        raise ValueError(f"a {kind} IRI needs the series, franchise or work it belongs to")
    if not KINDS[kind] and scope:
        raise ValueError(f"a {kind} is real and franchise-wide; it takes no scope")
    parts = [slug(part) for part in ((name,) if isinstance(name, str) else name)]
    if not parts or not all(parts):
        raise ValueError(f"{name!r} has no letters or digits to make an IRI from")
    segments = [slug(scope), kind, *parts] if scope else [kind, *parts]
    candidate = KG + "_".join(segments)
    n = 2
    while candidate in taken:
        candidate = KG + "_".join(segments) + f"-{n}"
        n += 1
    return candidate


def time_value_iri(subject: str, date_property: str, value: str) -> str:
    """The IRI of the kgo:TimeValue qualifying `subject date_property value`.

    Named, not a blank node, so exports are byte-for-byte repeatable; built from the subject's
    IRI, the property's local name and the date, so two claims giving different dates for one
    property (an old guess and a confirmed date) get two nodes:
    kg:XOKittySeason1_date_premiere-date_2023-05-18.
    """
    local = date_property.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    words = slug(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local))
    return f"{subject}_date_{words}_{value}"
