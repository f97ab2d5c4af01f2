"""The municipality's digital inbox (a Fiks Digisos stand-in) as a FastAPI app with SQLite state.

GET  /api/v1/soknader?status=new|all        submissions (envelopes with fiksDigisosId, innsendt, soknad)
POST /api/v1/soknader/{id}/ack              the robot has stored it; 404 for an unknown id
POST /api/v1/soknader/{id}/hendelser        append the events of a digisos-søker document (422 with
                                            Norwegian sentences when it breaks NAV's current schema,
                                            see :mod:`sandbox.digisos.events`; the same event twice
                                            is stored once)
GET  /api/v1/soknader/{id}/hendelser        the digisos-søker document (``hendelser`` empty until the
                                            first event; a real document always has at least one)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

from sandbox.digisos.events import document_problems
from sandbox.digisos.store import InboxStore

AVSENDER = {"systemnavn": "Innboks (sandkasse)", "systemversjon": "1.0.0"}
MAX_BODY = 1_000_000


def _json(body: Any, status_code: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False), status_code=status_code, media_type="application/json"
    )


def _not_found(fiks_digisos_id: str) -> JSONResponse:
    return JSONResponse(
        {"feil": [f"Ingen søknad med fiksDigisosId {fiks_digisos_id[:60]!r}."]}, status_code=404
    )


def create_app(db_path: Path) -> FastAPI:
    """The inbox app storing its state in the SQLite file ``db_path``."""
    store = InboxStore(db_path)
    app = FastAPI(
        title="Digital innboks for økonomisk sosialhjelp (sandkasse)", docs_url=None, redoc_url=None
    )
    app.state.store = store

    @app.get("/api/v1/soknader")
    def list_soknader(status: Literal["new", "all"] = Query("new")) -> Response:
        return _json({"soknader": [item.envelope() for item in store.soknader(status)]})

    @app.post("/api/v1/soknader/{fiks_digisos_id}/ack")
    def acknowledge(fiks_digisos_id: str) -> Response:
        if not store.acknowledge(fiks_digisos_id):
            return _not_found(fiks_digisos_id)
        return _json({"fiksDigisosId": fiks_digisos_id, "kvittert": True})

    @app.post("/api/v1/soknader/{fiks_digisos_id}/hendelser")
    async def post_events(fiks_digisos_id: str, request: Request) -> Response:
        if not store.exists(fiks_digisos_id):
            return _not_found(fiks_digisos_id)
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return _json({"feil": ["Dokumentet er for stort."]}, 413)
        try:
            body = json.loads(raw)
        except ValueError:
            return _json({"feil": ["Dokumentet er ikke gyldig JSON."]}, 422)
        problems = document_problems(body)
        if problems:
            return _json({"feil": problems}, 422)
        added, already = store.add_events(fiks_digisos_id, body["hendelser"])
        return _json({"fiksDigisosId": fiks_digisos_id, "lagtTil": added, "fantesAllerede": already})

    @app.get("/api/v1/soknader/{fiks_digisos_id}/hendelser")
    def get_events(fiks_digisos_id: str) -> Response:
        if not store.exists(fiks_digisos_id):
            return _not_found(fiks_digisos_id)
        return _json({"version": "1.0.0", "avsender": AVSENDER, "hendelser": store.events(fiks_digisos_id)})

    return app
