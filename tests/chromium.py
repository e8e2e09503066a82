"""Debian's Chromium, headless, driven by Playwright for Python: the one way the tests,
the viz benchmark and the screenshot script start a browser (no browser download)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def available() -> bool:
    """True when Debian's chromium is installed."""
    return os.access(CHROMIUM, os.X_OK)


@contextmanager
def browser_context(width: int = 1300, height: int = 850) -> Iterator[object]:
    """A Playwright browser context on a fresh, temporary user-data-dir, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport={"width": width, "height": height}
        )
        try:
            yield context
        finally:
            context.close()
