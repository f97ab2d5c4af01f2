"""The self-booking stand-in: the applicant picks a meeting time through a link; the robot never books.

POST /api/links {"reference": "ES-000123"}   a booking link for the application (the same one again:
                                             200; new: 201) -> {"reference", "token", "url"}
GET  /api/links/{reference}                  the link and the time booked, if any (404 when none)
GET  /api/times                              the free times
GET  /boka/{token}                           the applicant's page: free times to choose from, or the booked time
POST /boka/{token}                           the applicant books (form field ``time``); 409 when just taken

There is deliberately no API call that books: only the applicant's own page does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sandbox.booking.store import BookingStore, MeetingTime, weekday_times

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(default=True)
)
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


def shown(time: MeetingTime) -> str:
    """``tisdag 7 december 2021 kl. 10.30–11.15``."""
    start = dt.datetime.fromisoformat(time.starts_at)
    end = start + dt.timedelta(minutes=time.minutes)
    return f"{WEEKDAYS[start.weekday()]} {start.day} {MONTHS[start.month - 1]} {start.year} kl. {start:%H.%M}–{end:%H.%M}"


def create_app(db_path: Path, first_day: dt.date | None = None, days: int = 10) -> FastAPI:
    """The booking stand-in; an empty database gets meeting times on ``days`` weekdays from ``first_day``
    (default: tomorrow)."""
    store = BookingStore(db_path)
    if not store.has_times():
        store.add_times(weekday_times(first_day or dt.date.today() + dt.timedelta(days=1), days))
    app = FastAPI(title="Boka tid (sandlåda)", docs_url=None, redoc_url=None)
    app.state.store = store

    def page(status: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(
            _templates.get_template("book.html").render(shown=shown, **values), status_code=status
        )

    def booking_json(reference: str, token: str, request: Request) -> dict[str, Any]:
        booked = store.booked(token)
        return {
            "reference": reference,
            "token": token,
            "url": str(request.base_url).rstrip("/") + f"/boka/{token}",
            "booked": {"starts_at": booked.starts_at, "minutes": booked.minutes} if booked else None,
        }

    @app.post("/api/links")
    async def create_link(request: Request) -> JSONResponse:
        try:
            reference = json.loads(await request.body()).get("reference")
        except (ValueError, UnicodeDecodeError, AttributeError):
            reference = None
        if not isinstance(reference, str) or not _REFERENCE.match(reference):
            message = (
                'Give {"reference": "<the application reference>"} (letters, digits, - _ .; at most 50).'
            )
            return JSONResponse({"error": "invalid", "message": message}, status_code=422)
        link, created = store.link_for(reference)
        return JSONResponse(booking_json(reference, link.token, request), status_code=201 if created else 200)

    @app.get("/api/links/{reference}")
    def get_link(reference: str, request: Request) -> JSONResponse:
        link = store.link_of(reference)
        if link is None:
            message = f"No booking link for {reference!r}."
            return JSONResponse({"error": "not_found", "message": message}, status_code=404)
        return JSONResponse(booking_json(reference, link.token, request))

    @app.get("/api/times")
    def free_times() -> JSONResponse:
        times = [{"id": t.id, "starts_at": t.starts_at, "minutes": t.minutes} for t in store.free_times()]
        return JSONResponse({"times": times})

    @app.get("/boka/{token}", response_class=HTMLResponse)
    def booking_page(token: str, bokad: int = 0) -> HTMLResponse:
        if store.link(token) is None:
            return page(404, unknown=True)
        return page(token=token, booked=store.booked(token), times=store.free_times(), confirmed=bool(bokad))

    @app.post("/boka/{token}", response_model=None)
    async def book(token: str, request: Request) -> Response:
        if store.link(token) is None:
            return page(404, unknown=True)
        chosen = str((await request.form()).get("time") or "")
        if not chosen.isdigit():
            error = "Välj en tid i listan."
            return page(422, token=token, booked=store.booked(token), times=store.free_times(), error=error)
        if not store.book(token, int(chosen)):
            error = "Tiden hann bokas av någon annan. Välj en annan tid."
            return page(409, token=token, booked=store.booked(token), times=store.free_times(), error=error)
        return RedirectResponse(f"/boka/{token}?bokad=1", status_code=303)

    return app
