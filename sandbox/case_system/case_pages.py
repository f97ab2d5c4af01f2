"""The case pages: the case itself (with its journal form), the calculation form (loaded into a frame on
demand), proposals, journal notes and "Att göra" tasks."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sandbox.case_system.db import store_note_and_task, store_proposal
from sandbox.case_system.forms import ROW_COUNT, Limits, parse_journal, parse_proposal
from sandbox.case_system.queries import CaseSystemDatabase
from sandbox.case_system.sessions import Session, SessionStore
from sandbox.case_system.web import current_user, now_text, render


def _not_found(request: Request) -> HTMLResponse:
    return render(request, "meddelande.html", 404, title="Akten finns inte", message="Akten finns inte.")


def _user_and_case(request: Request, case_id: int) -> tuple[Session, dict[str, Any]] | Response:
    """The logged-in user and the case, or the response to give instead (login page or "not found")."""
    user = current_user(request)
    if isinstance(user, RedirectResponse):
        return user
    db: CaseSystemDatabase = request.app.state.db
    case = db.case(case_id)
    if case is None:
        return _not_found(request)
    return user, case


def _case_page(request: Request, case: dict[str, Any], errors: list[str], status_code: int = 200) -> Response:
    return render(
        request,
        "arende.html",
        status_code,
        case=case,
        errors=errors,
        limits=request.app.state.limits,
        saved="",
    )


def register(app: FastAPI) -> None:
    """Add the case routes to ``app``."""

    @app.get("/arende/{case_id}", response_model=None)
    def case_page(request: Request, case_id: int) -> Response:
        found = _user_and_case(request, case_id)
        if isinstance(found, Response):
            return found
        _user, case = found
        return _case_page(request, case, [])

    @app.get("/arende/{case_id}/kalkyl", response_model=None)
    def calculation_form(request: Request, case_id: int) -> Response:
        found = _user_and_case(request, case_id)
        if isinstance(found, Response):
            return found
        _user, case = found
        return _form(request, case, [])

    @app.post("/arende/{case_id}/kalkyl", response_model=None)
    async def save_calculation(request: Request, case_id: int) -> Response:
        found = _user_and_case(request, case_id)
        if isinstance(found, Response):
            return found
        user, case = found
        form = {key: str(value) for key, value in (await request.form()).items()}
        instance = form.get("formid", "")
        proposal, errors = parse_proposal(form, instance, case_id, request.app.state.limits)
        store: SessionStore = request.app.state.sessions
        if proposal is not None and not store.redeem_form(instance, case_id):
            errors = [
                "Formuläret har redan skickats eller är för gammalt. Öppna akten igen och gör om beräkningen."
            ]
        if proposal is None or errors:
            return _form(request, case, errors, status_code=422)
        proposal_id = store_proposal(request.app.state.db_path, proposal, user.username, now_text())
        saved = request.app.state.db.proposals(proposal_id=proposal_id)[0]  # as stored: the read-back
        return render(request, "kalkyl_sparad.html", case=case, proposal_id=proposal_id, proposal=saved)

    @app.get("/forslag/{proposal_id}", response_model=None)
    def proposal_page(request: Request, proposal_id: int) -> Response:
        user = current_user(request)
        if isinstance(user, RedirectResponse):
            return user
        found = request.app.state.db.proposals(proposal_id=proposal_id)
        if not found:
            return render(
                request, "meddelande.html", 404, title="Förslaget finns inte", message="Förslaget finns inte."
            )
        return render(request, "forslag.html", proposal=found[0])

    @app.post("/arende/{case_id}/journal", response_model=None)
    async def save_journal(request: Request, case_id: int) -> Response:
        """The journal form on the case page: a note, an "Att göra" task, or both, in one transaction."""
        found = _user_and_case(request, case_id)
        if isinstance(found, Response):
            return found
        user, case = found
        form = {key: str(value) for key, value in (await request.form()).items()}
        reference, note, task, errors = parse_journal(form, request.app.state.limits)
        if errors:
            return _case_page(request, case, errors, status_code=422)
        store_note_and_task(
            request.app.state.db_path, case_id, reference, note, task, user.username, now_text()
        )
        # The answer is the case page as stored now (like the old system: no redirect after the post).
        stored = request.app.state.db.case(case_id)
        return render(
            request, "arende.html", case=stored, errors=[], limits=request.app.state.limits, saved="journal"
        )


def _form(
    request: Request, case: dict[str, object], errors: list[str], status_code: int = 200
) -> HTMLResponse:
    store: SessionStore = request.app.state.sessions
    limits: Limits = request.app.state.limits
    instance = store.issue_form(int(str(case["id"])))
    return render(
        request,
        "kalkyl.html",
        status_code,
        case=case,
        instance=instance,
        rows=range(ROW_COUNT),
        errors=errors,
        limits=limits,
    )
