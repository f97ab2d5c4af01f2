"""The income register stand-in as a FastAPI app with the SSBTEK-like API of docs/architecture.md.

    GET /financial-aid?personalNumber=YYYYMMDDNNNN&fromDate=YYYY-MM-DD&toDate=YYYY-MM-DD

Payments whose period (month) overlaps the date range are listed; a source with a gap in the range
answers ``no_data`` with the missing months in its message ("Uppgifter saknas för perioden 2021-11")
and lists no payments for those months. An unknown person gets no payments and every source ``answered``.
Malformed parameters get 400 with ``{"error": ..., "message": ...}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from sandbox.faults import FaultMiddleware, FaultSettings
from sandbox.identity import compact, is_valid
from sandbox.income_register.store import SOURCES, RegisterStore

NO_DATA_MESSAGE = "Uppgifter saknas för perioden"
MAX_RANGE_DAYS = 400
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _bad_request(message: str) -> JSONResponse:
    return JSONResponse({"error": "bad_request", "message": message}, status_code=400)


def _parse_date(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def create_app(db_path: Path, faults: FaultSettings | Callable[[], FaultSettings] | None = None) -> FastAPI:
    """The income register app reading the SQLite file ``db_path`` (filled by :func:`seed`)."""
    store = RegisterStore(db_path)
    app = FastAPI(title="Inkomstregister (SSBTEK-liknande sandlåda)", docs_url=None, redoc_url=None)
    app.state.store = store
    if faults is not None:
        app.add_middleware(FaultMiddleware, settings=faults)

    @app.get("/financial-aid")
    def financial_aid(personalNumber: str = "", fromDate: str = "", toDate: str = "") -> JSONResponse:
        if not re.fullmatch(r"\d{12}|\d{8}-\d{4}", personalNumber) or not is_valid(personalNumber):
            return _bad_request("personalNumber must be a valid identity number written as YYYYMMDDNNNN.")
        start, end = _parse_date(fromDate), _parse_date(toDate)
        if start is None or end is None:
            return _bad_request("fromDate and toDate must be real dates written as YYYY-MM-DD.")
        if start > end:
            return _bad_request("fromDate must not be after toDate.")
        if (end - start).days > MAX_RANGE_DAYS:
            return _bad_request(f"The date range may span at most {MAX_RANGE_DAYS} days.")
        first, last = f"{start:%Y-%m}", f"{end:%Y-%m}"
        payments = store.payments(personalNumber, first, last)
        gaps = store.gaps(personalNumber, first, last)
        sources: list[dict[str, Any]] = [
            {"source": s, "status": "no_data", "message": f"{NO_DATA_MESSAGE} {', '.join(gaps[s])}"}
            if s in gaps
            else {"source": s, "status": "answered"}
            for s in SOURCES
        ]
        body = {
            "personalNumber": compact(personalNumber),
            "fromDate": fromDate,
            "toDate": toDate,
            "payments": [
                {
                    "source": p.source,
                    "type": p.type,
                    "amount": float(p.amount),
                    "period": p.period,
                    "paymentDate": p.payment_date,
                }
                for p in payments
                if p.period not in gaps.get(p.source, [])
            ],
            "sources": sources,
        }
        return JSONResponse(body)

    return app
