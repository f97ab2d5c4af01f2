"""Saving evidence of what the browser showed: a full-page screenshot and the HTML of the page and frames."""

from __future__ import annotations

import re
from pathlib import Path

import structlog
from playwright.sync_api import Error, Page

log = structlog.get_logger(__name__)


def capture_evidence(page: Page, directory: Path, stem: str) -> list[Path]:
    """Write ``<stem>.png``, ``<stem>.html`` and ``<stem>-<frame>.html`` into ``directory``; return the files.

    Never raises for a page that cannot be captured (a closed page, say): it saves what it can.
    """
    directory.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    screenshot = directory / f"{stem}.png"
    try:
        page.screenshot(path=str(screenshot), full_page=True)
        saved.append(screenshot)
    except Error as error:
        log.warning("evidence_screenshot_failed", error=type(error).__name__)
    targets = [(directory / f"{stem}.html", page.main_frame)]
    for index, frame in enumerate(page.frames[1:], start=1):
        name = re.sub(r"[^A-Za-z0-9_-]", "", frame.name) or f"frame{index}"
        targets.append((directory / f"{stem}-{name}.html", frame))
    for path, frame in targets:
        try:
            path.write_text(frame.content(), encoding="utf-8")
            saved.append(path)
        except Error as error:
            log.warning("evidence_html_failed", file=path.name, error=type(error).__name__)
    return saved
