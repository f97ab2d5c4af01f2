"""The e-service stand-in as a FastAPI app: the citizen form (HTML, Swedish) and the robot's JSON API.

GET  /                                   the reapplication form
POST /                                   store the submission, show a receipt with the reference (and,
                                         when the rules API's address was given, a preliminary answer)
GET  /api/applications?status=new|all&form=F   submissions not yet acknowledged (or all), of one form
POST /api/applications/{reference}/ack   the robot has stored it; 404 for an unknown reference
POST /api/applications/{reference}/events   publish a status event (201 new, 200 already there; 404, 422)
GET  /api/applications/{reference}/events   the reference's status events, oldest first (404 when unknown)
GET  /folj                               "Följ ditt ärende": the applicant's timeline (sandbox/eservice/follow.py)

Status steps and their details: :mod:`sandbox.eservice.events`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sandbox.eservice.estimate import preliminary
from sandbox.eservice.events import EventStore, parse_event
from sandbox.eservice.follow import add_follow_routes, kronor
from sandbox.eservice.form import INCOME_ROWS, MEMBER_ROWS, OTHER_COST_ROWS, payload_from_form
from sandbox.eservice.store import SubmissionStore
from sandbox.faults import FaultMiddleware, FaultSettings

INCOME_TYPES = [
    ("lon", "Lön"),
    ("a_kassa", "Ersättning från a-kassa"),
    ("aktivitetsstod", "Aktivitetsstöd / utvecklingsersättning"),
    ("studiemedel", "Studiemedel"),
    ("barnbidrag", "Barnbidrag"),
    ("bostadsbidrag", "Bostadsbidrag"),
    ("sjukpenning", "Sjukpenning"),
    ("foraldrapenning", "Föräldrapenning"),
    ("underhallsstod", "Underhållsstöd"),
    ("pension", "Pension"),
    ("skatteaterbaring", "Skatteåterbäring"),
    ("kapitalinkomst", "Kapitalinkomst"),
    ("handikappersattning", "Handikappersättning"),
    ("stipendium", "Stipendium"),
    ("barns_inkomst", "Barns inkomst"),
    ("ovrigt", "Övrigt"),
]
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape()
)


def create_app(
    db_path: Path,
    faults: FaultSettings | Callable[[], FaultSettings] | None = None,
    estimate_url: str | None = None,
) -> FastAPI:
    """The e-service app storing its submissions in the SQLite file ``db_path``.

    ``estimate_url`` is the rules web API's estimate address for this form (e.g.
    ``http://127.0.0.1:8710/forsorjningsstod/estimate``); without it the receipt has no preliminary answer.
    """
    store = SubmissionStore(db_path)
    app = FastAPI(title="E-tjänst: ansökan om försörjningsstöd (sandlåda)", docs_url=None, redoc_url=None)
    events = EventStore(db_path)
    app.state.store = store
    app.state.events = events
    if faults is not None:
        app.add_middleware(FaultMiddleware, settings=faults)

    @app.get("/", response_class=HTMLResponse)
    def form_page() -> HTMLResponse:
        html = _templates.get_template("form.html").render(
            members=range(MEMBER_ROWS),
            incomes=range(INCOME_ROWS),
            others=range(OTHER_COST_ROWS),
            income_types=INCOME_TYPES,
        )
        return HTMLResponse(html)

    @app.post("/", response_class=HTMLResponse)
    async def submit(request: Request) -> HTMLResponse:
        form = await request.form()
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
        payload = payload_from_form(fields)
        reference = store.add(payload, set_reference=True)
        estimate = await preliminary(estimate_url, payload) if estimate_url else None
        page = _templates.get_template("receipt.html").render(
            reference=reference, estimate=estimate, kronor=kronor
        )
        return HTMLResponse(page)

    @app.get("/api/applications")
    def list_applications(
        status: Literal["new", "all"] = Query("new"), form: str | None = Query(None)
    ) -> Response:
        body: dict[str, Any] = {"applications": [item.envelope() for item in store.list(status, form)]}
        return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")

    @app.post("/api/applications/{reference}/ack")
    def acknowledge(reference: str) -> JSONResponse:
        if not store.acknowledge(reference):
            return _not_found(reference)
        return JSONResponse({"reference": reference, "acknowledged": True})

    @app.post("/api/applications/{reference}/events")
    async def publish_event(reference: str, request: Request) -> JSONResponse:
        if store.get(reference) is None:
            return _not_found(reference)
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return JSONResponse({"error": "invalid", "message": "The body is not JSON."}, status_code=422)
        event, problem = parse_event(body)
        if event is None:
            return JSONResponse({"error": "invalid", "message": problem}, status_code=422)
        stored, created = events.add(reference, event)
        return JSONResponse({**stored.as_json(), "created": created}, status_code=201 if created else 200)

    @app.get("/api/applications/{reference}/events")
    def list_events(reference: str) -> JSONResponse:
        if store.get(reference) is None:
            return _not_found(reference)
        listed = [event.as_json() for event in events.list(reference)]
        return JSONResponse({"reference": reference, "events": listed})

    add_follow_routes(app, store, events, _templates)
    return app


def _not_found(reference: str) -> JSONResponse:
    return JSONResponse(
        {"error": "not_found", "message": f"No submission with reference {reference!r}."}, status_code=404
    )
