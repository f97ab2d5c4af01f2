"""The e-service stand-in as a FastAPI app: the citizen form (HTML, Swedish) and the robot's JSON API.

GET  /                                   the reapplication form
POST /                                   store the submission, show a receipt with the reference
GET  /api/applications?status=new|all&form=F   submissions not yet acknowledged (or all), of one form
POST /api/applications/{reference}/ack   the robot has stored it; 404 for an unknown reference
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

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


def create_app(db_path: Path, faults: FaultSettings | Callable[[], FaultSettings] | None = None) -> FastAPI:
    """The e-service app storing its submissions in the SQLite file ``db_path``."""
    store = SubmissionStore(db_path)
    app = FastAPI(title="E-tjänst: ansökan om försörjningsstöd (sandlåda)", docs_url=None, redoc_url=None)
    app.state.store = store
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
        reference = store.add(payload_from_form(fields), set_reference=True)
        return HTMLResponse(_templates.get_template("receipt.html").render(reference=reference))

    @app.get("/api/applications")
    def list_applications(
        status: Literal["new", "all"] = Query("new"), form: str | None = Query(None)
    ) -> Response:
        body: dict[str, Any] = {"applications": [item.envelope() for item in store.list(status, form)]}
        return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")

    @app.post("/api/applications/{reference}/ack")
    def acknowledge(reference: str) -> JSONResponse:
        if not store.acknowledge(reference):
            return JSONResponse(
                {"error": "not_found", "message": f"No submission with reference {reference!r}."},
                status_code=404,
            )
        return JSONResponse({"reference": reference, "acknowledged": True})

    return app
