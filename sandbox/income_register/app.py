"""The income register stand-in: Sundsvall's financial-aid proxy in front of SSBTEK, as a FastAPI app.

    GET /{municipalityId}/financial-aid?personalNumber=YYYYMMDDNNNN&fromDate=YYYY-MM-DD&toDate=YYYY-MM-DD
        &organisationsnummer=&ingivare=&handlaggare=&arendeidentitet=&syfte=&lagtext=
    200 {"af": {...}, "csn": {...}, "fk": {...}, "skv": {...}, "so": {...}, "tns": {...}, "miv": {...}}

Path and the first three parameters are the proxy's contract (Sundsvallskommun/api-service-financial-aid,
``openapi.yaml``, ``FinancialAidResource``); the answer is its per-source object, each source in the
agency's vocabulary (:mod:`sandbox.income_register.agencies`). The context parameters carry what SSBTEK
requires in every question (``GenerellaFrageparametrar``: ingivare with organisationsnummer, namn and
handläggare, ärendeidentitet, syfte, lagtext); the published proxy fills them itself, this stand-in
requires them from the caller, checks the organisation number's form as SSBTEK's schema does, and
logs every question (:meth:`RegisterStore.questions`).

A source seeded with an error answers with SSBTEK's error element (``{"error": {"kalla", "felkod",
"felmeddelande"}}``, as a proxy that passes it on would show it; the published proxy shows ``{}``).
A month the source has not reported yet (a gap) has no payments, as in the real registers. Bad
parameters get 400 with a problem document (RFC 7807), as Sundsvall's services answer. The faults
of :mod:`sandbox.faults` apply; ``source_error_rate`` makes one source answer with SSBTEK's timeout error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from sandbox.faults import SOURCE_ERROR_STATE_KEY, FaultMiddleware, FaultSettings
from sandbox.identity import compact, is_valid
from sandbox.income_register import agencies
from sandbox.income_register.store import CONTEXT, SOURCES, Question, RegisterStore

MAX_RANGE_DAYS = 731  # LEFI refuses a period longer than two years
ORGANISATION_NUMBER = re.compile(r"^\d{4}[2-9]\d{7}$")  # SSBTEK v10 schema, type Organisationsnummer
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMEOUT = ("SSBT", "TIMEOUT", "Tidsgränsen för anropet till bastjänsten överskreds.")


def _bad_request(detail: str) -> JSONResponse:
    return JSONResponse(
        {"title": "Bad Request", "status": 400, "detail": detail},
        status_code=400,
        media_type="application/problem+json",
    )


def _parse_date(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _context_problem(params: dict[str, str]) -> str | None:
    missing = [name for name in CONTEXT if not params.get(name, "").strip()]
    if missing:
        return (
            f"The question lacks what SSBTEK requires of every question: {', '.join(missing)} "
            "(the asking organisation's number and name, the handler, the case, the purpose, the legal basis)."
        )
    if not ORGANISATION_NUMBER.match(params["organisationsnummer"]):
        return "organisationsnummer must be 12 digits: 16 and the organisation's ten-digit number."
    return None


def create_app(db_path: Path, faults: FaultSettings | Callable[[], FaultSettings] | None = None) -> FastAPI:
    """The register app reading the SQLite file ``db_path`` (filled by :func:`seed`)."""
    store = RegisterStore(db_path)
    app = FastAPI(
        title="Försörjningsstöd: SSBTEK via financial-aid (sandlåda)", docs_url=None, redoc_url=None
    )
    app.state.store = store
    if faults is not None:
        app.add_middleware(FaultMiddleware, settings=faults)

    @app.get("/{municipality_id}/financial-aid")
    def financial_aid(municipality_id: str, request: Request) -> JSONResponse:
        params = dict(request.query_params)
        if not re.fullmatch(r"\d{4}", municipality_id):
            return _bad_request("municipalityId must be the municipality's four-digit code.")
        person = params.get("personalNumber", "")
        if not re.fullmatch(r"\d{12}", person) or not is_valid(person):
            return _bad_request("personalNumber must be a valid identity number written as YYYYMMDDNNNN.")
        start, end = _parse_date(params.get("fromDate", "")), _parse_date(params.get("toDate", ""))
        if start is None or end is None:
            return _bad_request("fromDate and toDate must be real dates written as YYYY-MM-DD.")
        if start > end:
            return _bad_request("fromDate must not be after toDate.")
        if (end - start).days > MAX_RANGE_DAYS:
            return _bad_request(f"The period may span at most {MAX_RANGE_DAYS} days.")
        problem = _context_problem(params)
        if problem:
            return _bad_request(problem)
        context = {name: params[name] for name in CONTEXT}
        store.record(Question(municipality_id, person, params["fromDate"], params["toDate"], context))
        first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
        gaps = store.gaps(person, first, last)
        paid = [p for p in store.payments(person, first, last) if p.period not in gaps.get(p.source, [])]
        body = agencies.answers(compact(person), context, params["fromDate"], params["toDate"], paid)
        for source, stored in store.errors(person).items():
            body[source.lower()] = agencies.error(stored.origin, stored.code, stored.message)
        failing = request.scope.get("state", {}).get(SOURCE_ERROR_STATE_KEY)
        if isinstance(failing, float):
            body[SOURCES[int(failing * len(SOURCES)) % len(SOURCES)].lower()] = agencies.error(*TIMEOUT)
        return JSONResponse(body)

    return app
