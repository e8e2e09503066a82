"""The manual's pictures (docs/screenshots/) show the pages as they are: each page is brought
about again as `python tests/make_screenshots.py` brought it about, and its fingerprint (its
text, the files it loaded, what it drew) must be the one recorded with the picture; and each
picture must be the one that script made. A change to a page without new pictures fails here,
naming the pictures to make again."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.chromium import CHROMIUM, available
from tests.make_screenshots import OUT, RECORD, SCENES, render

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason=f"{CHROMIUM} not found: install Debian's chromium"),
]


def test_every_picture_is_recorded_and_is_the_one_the_script_made() -> None:
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    assert sorted(record) == sorted(s.name for s in SCENES)
    assert sorted(p.name for p in OUT.glob("*.png")) == sorted(record), "a picture no scene makes, or one missing"
    for name, entry in record.items():
        made = hashlib.sha256((OUT / name).read_bytes()).hexdigest()
        assert made == entry["png"], f"{name} is not the picture tests/make_screenshots.py made; run it again"


def test_no_page_changed_since_its_picture_was_taken() -> None:
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    now = render(SCENES, None)
    stale = [name for name in record if now[name]["page"] != record[name]["page"]]
    assert stale == [], (
        f"these pages changed since their pictures were taken: {', '.join(stale)}; "
        f"run python tests/make_screenshots.py {' '.join(n.removesuffix('.png') for n in stale)}"
    )
