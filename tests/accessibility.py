"""An accessibility audit of the page a browser test is on: axe-core (vendored in
tests/vendor/axe-core/, MPL-2.0; nothing is fetched) evaluated in the page through the
browser's debugging protocol, which a page's Content-Security-Policy does not govern, so the
page is audited under the very policy `kg serve` sends. The tests fail on any serious or
critical violation (WCAG 2.x A and AA rules, and axe's best practices)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
#: What fails a test: violations of these impacts.
FAILING = ("serious", "critical")


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def audit(page: object, where: str = "") -> list[str]:
    """The serious and critical violations on `page` as it is now, one line each (rule, impact,
    the first elements that break it)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
        page.evaluate(_source() + "\n;0")  # type: ignore[attr-defined]
    found = page.evaluate(  # type: ignore[attr-defined]
        """() => axe.run(document, { resultTypes: ["violations"] }).then(r => r.violations.map(v => ({
             id: v.id, impact: v.impact, help: v.help,
             nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
           })))"""
    )
    return [
        f"{where}: {v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'])}"
        for v in found
        if v["impact"] in FAILING
    ]


def assert_accessible(page: object, where: str = "") -> None:
    """Fail with every serious or critical violation axe-core finds on the page."""
    problems = audit(page, where)
    assert problems == [], "\n".join(problems)
