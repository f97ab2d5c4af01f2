"""The "Följ ditt ärende" page: the applicant logs in and sees what has happened to the application.

Sandbox login: the reference from the receipt and the applicant's identity number, both as in the
submission (a real e-service would use e-legitimation). A failed login says nothing about which of
the two was wrong. A session is a random token in an HttpOnly cookie, kept in memory.

GET  /folj             the login form, or the timeline when logged in
POST /folj             log in (reference, identity_number)
POST /folj/logga-ut    log out
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment

from sandbox.eservice.events import DECIDED, Event, EventStore
from sandbox.eservice.store import SubmissionStore

COOKIE = "folj_session"
LOCAL_TIME = ZoneInfo("Europe/Stockholm")
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
STEP_TEXTS: dict[str, tuple[str, str]] = {
    "mottagen": ("Ansökan är mottagen", "Vi har tagit emot din ansökan."),
    "under_behandling": ("Ansökan behandlas", "Vi har börjat gå igenom din ansökan."),
    "forslag_hos_handlaggare": (
        "Förslag till beslut är klart",
        "Ett förslag till beslut är klart. En handläggare går igenom det och fattar beslutet.",
    ),
    "hos_handlaggare": ("Hos handläggare", "En handläggare går igenom din ansökan."),
    "beviljad": ("Beslut: du får försörjningsstöd", "Du får försörjningsstöd med {amount}."),
    "avslagen": (
        "Beslut: du får inte försörjningsstöd",
        "Du får inte försörjningsstöd den här gången. I beslutet står varför och hur du kan överklaga.",
    ),
    "mote": ("Vi vill träffa dig", "Vi behöver träffa dig för att gå vidare. Välj en tid som passar dig."),
}


@dataclass(frozen=True)
class TimelineItem:
    title: str
    text: str
    time: str  # ISO 8601, for <time datetime>
    shown_time: str  # "2 december 2021 kl. 10.15"
    booking_url: str | None = None


def kronor(amount: float) -> str:
    """``12684`` -> ``12 684 kr``, ``4936.5`` -> ``4 936,50 kr`` (no-break spaces)."""
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"


def shown_time(text: str) -> str:
    """An ISO time as Swedish local time, e.g. ``2 december 2021 kl. 10.15``; unreadable text as it is."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TIME)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} kl. {moment:%H.%M}"


def timeline(submitted_at: str, events: list[Event]) -> list[TimelineItem]:
    """The applicant's view: the submission first, then each event in plain Swedish."""
    items = [TimelineItem("Du skickade din ansökan", "", submitted_at, shown_time(submitted_at))]
    for event in events:
        title, text = STEP_TEXTS.get(event.step, ("Nytt i ärendet", ""))
        amount = event.details.get("amount")
        text = text.format(amount=kronor(amount) if isinstance(amount, int) else "")
        items.append(
            TimelineItem(
                title,
                text,
                event.occurred_at,
                shown_time(event.occurred_at),
                event.details.get("booking_url"),
            )
        )
    return items


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def identity_matches(payload: Any, typed: str) -> bool:
    """True when ``typed`` is the submission's identity number (hyphen and spaces do not matter)."""
    applicant = payload.get("applicant") if isinstance(payload, dict) else None
    stored = applicant.get("identity_number") if isinstance(applicant, dict) else None
    if not isinstance(stored, str) or not _digits(stored) or not _digits(typed):
        return False
    return hmac.compare_digest(_digits(stored), _digits(typed))


class Sessions:
    """Logged-in applicants: token -> reference, in memory (a sandbox restart logs everyone out)."""

    def __init__(self) -> None:
        self._by_token: dict[str, str] = {}
        self._lock = threading.Lock()

    def open(self, reference: str) -> str:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._by_token[token] = reference
        return token

    def reference(self, token: str | None) -> str | None:
        with self._lock:
            return self._by_token.get(token or "")

    def close(self, token: str | None) -> None:
        with self._lock:
            self._by_token.pop(token or "", None)


def add_follow_routes(
    app: FastAPI, store: SubmissionStore, events: EventStore, templates: Environment
) -> None:
    """Register the "Följ ditt ärende" pages on the e-service app."""
    sessions = Sessions()
    app.state.follow_sessions = sessions

    def page(**values: Any) -> HTMLResponse:
        return HTMLResponse(templates.get_template("follow.html").render(**values))

    @app.get("/folj", response_class=HTMLResponse)
    def follow(request: Request) -> HTMLResponse:
        reference = sessions.reference(request.cookies.get(COOKIE))
        submission = store.get(reference) if reference else None
        if submission is None:
            return page(logged_in=False, error=None, reference="")
        listed = events.list(submission.reference)
        items = timeline(submission.submitted_at, listed)
        decided = next((item for item in reversed(listed) if item.step in DECIDED), None)
        return page(
            logged_in=True,
            reference=submission.reference,
            items=items,
            current=items[-1],
            decision=timeline(submission.submitted_at, [decided])[1] if decided else None,
            booking_url=next((item.booking_url for item in reversed(items) if item.booking_url), None),
        )

    @app.post("/folj", response_model=None)
    async def log_in(request: Request) -> Response:
        form = await request.form()
        typed_reference = str(form.get("reference") or "").strip()
        typed_identity = str(form.get("identity_number") or "").strip()
        submission = store.get(typed_reference) if typed_reference else None
        if submission is None or not identity_matches(submission.payload, typed_identity):
            error = (
                "Vi hittar ingen ansökan med det referensnumret och personnumret. Kontrollera uppgifterna."
            )
            response = page(logged_in=False, error=error, reference=typed_reference)
            response.status_code = 401
            return response
        redirect = RedirectResponse("/folj", status_code=303)
        redirect.set_cookie(
            COOKIE, sessions.open(submission.reference), httponly=True, samesite="strict", path="/folj"
        )
        return redirect

    @app.post("/folj/logga-ut")
    def log_out(request: Request) -> RedirectResponse:
        sessions.close(request.cookies.get(COOKIE))
        redirect = RedirectResponse("/folj", status_code=303)
        redirect.delete_cookie(COOKIE, path="/folj")
        return redirect
