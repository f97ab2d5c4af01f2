"""The case pages: the case itself, the calculation form (shown in an iframe), proposals and journal notes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sandbox.case_system.db import connect, insert_journal_note, store_proposal
from sandbox.case_system.forms import MAX_TEXT, ROW_COUNT, parse_proposal
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


def register(app: FastAPI) -> None:
    """Add the case routes to ``app``."""

    @app.get("/arende/{case_id}", response_model=None)
    def case_page(request: Request, case_id: int) -> Response:
        found = _user_and_case(request, case_id)
        if isinstance(found, Response):
            return found
        _user, case = found
        return render(request, "arende.html", case=case)

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
        proposal, errors = parse_proposal(form, instance, case_id)
        store: SessionStore = request.app.state.sessions
        if proposal is not None and not store.redeem_form(instance, case_id):
            errors = [
                "Formuläret har redan skickats eller är för gammalt. Öppna akten igen och gör om beräkningen."
            ]
        if proposal is None or errors:
            return _form(request, case, errors, status_code=422)
        proposal_id = store_proposal(request.app.state.db_path, proposal, user.username, now_text())
        return render(
            request, "kalkyl_sparad.html", case=case, proposal_id=proposal_id, reference=proposal.reference
        )

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

    @app.get("/arende/{case_id}/journal", response_model=None)
    def journal_form(request: Request, case_id: int) -> Response:
        found = _user_and_case(request, case_id)
        if isinstance(found, Response):
            return found
        _user, case = found
        return render(request, "journal.html", case=case, errors=[], max_text=MAX_TEXT)

    @app.post("/arende/{case_id}/journal", response_model=None)
    async def save_journal(request: Request, case_id: int) -> Response:
        found = _user_and_case(request, case_id)
        if isinstance(found, Response):
            return found
        user, case = found
        form = await request.form()
        reference, text = (
            str(form.get("jref", "")).strip(),
            str(form.get("jtext", "")).replace("\r\n", "\n").strip(),
        )
        errors = [m for ok, m in ((reference, "Referens saknas."), (text, "Anteckningen är tom.")) if not ok]
        if len(text) > MAX_TEXT:
            errors.append(f"Anteckningen är för lång (högst {MAX_TEXT} tecken).")
        if errors:
            return render(request, "journal.html", 422, case=case, errors=errors, max_text=MAX_TEXT)
        with connect(request.app.state.db_path) as connection:
            insert_journal_note(connection, case_id, reference, text, user.username, now_text())
        return RedirectResponse(f"/arende/{case_id}?sparad=journal", status_code=303)


def _form(
    request: Request, case: dict[str, object], errors: list[str], status_code: int = 200
) -> HTMLResponse:
    store: SessionStore = request.app.state.sessions
    instance = store.issue_form(int(str(case["id"])))
    return render(
        request,
        "kalkyl.html",
        status_code,
        case=case,
        instance=instance,
        rows=range(ROW_COUNT),
        errors=errors,
    )
