"""The legacy case system stand-in: a FastAPI app with server-rendered, deliberately old-fashioned pages.

``create_app(db_path)`` builds the app: login with a session cookie and idle timeout, search by
identity number, the case page (with a journal form, and the calculation form loaded into a frame on
demand), the caseworker's review list and work list ("Att göra"). There is no JSON API; the robot
drives it with a browser. ``app.state.requests`` records every request (for request-budget tests).
"""

from __future__ import annotations

import hmac
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sandbox.case_system import case_pages, review, tasks
from sandbox.case_system.counting import RequestLog, RequestRecorder
from sandbox.case_system.db import initialise
from sandbox.case_system.forms import Limits
from sandbox.case_system.queries import CaseSystemDatabase
from sandbox.case_system.sessions import DEFAULT_USERS, SessionStore
from sandbox.case_system.web import COOKIE_NAME, current_user, make_templates, render
from sandbox.faults import FaultMiddleware, FaultSettings

LOGIN_MESSAGES = {
    "utgangen": "Din session har gått ut. Logga in igen.",
    "inloggning": "Du måste logga in för att fortsätta.",
    "utloggad": "Du är utloggad.",
}


def create_app(
    db_path: Path,
    faults: FaultSettings | None = None,
    users: dict[str, str] | None = None,
    *,
    idle_timeout_seconds: float = 15 * 60,
    clock: Callable[[], float] = time.monotonic,
    limits: Limits | None = None,
) -> FastAPI:
    """The case system app on its own SQLite database at ``db_path``.

    ``users`` maps user names to passwords (names starting with "robot" are robot accounts, the rest
    caseworkers); ``faults`` can be replaced while running through ``app.state.faults``; ``limits``
    (text lengths) through ``app.state.limits``.
    """
    db_path = Path(db_path)
    initialise(db_path)
    app = FastAPI(title="Ärendesystem (sandlåda)", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.db_path = db_path
    app.state.db = CaseSystemDatabase(db_path)
    app.state.faults = faults or FaultSettings()
    app.state.users = dict(users if users is not None else DEFAULT_USERS)
    app.state.sessions = SessionStore(idle_timeout_seconds, clock)
    app.state.templates = make_templates()
    app.state.limits = limits or Limits()
    app.state.fault_counts = Counter()  # what the fault middleware injected, by kind (for test figures)
    app.add_middleware(FaultMiddleware, settings=lambda: app.state.faults, injected=app.state.fault_counts)
    app.state.requests = RequestRecorder()  # every request served, for request-budget tests
    app.add_middleware(RequestLog, recorder=app.state.requests)  # added last: outermost, sees faults too

    @app.get("/", response_model=None)
    def root() -> RedirectResponse:
        return RedirectResponse("/sok", status_code=303)

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request, msg: str = "") -> HTMLResponse:
        return render(request, "login.html", message=LOGIN_MESSAGES.get(msg, ""))

    @app.post("/login", response_model=None)
    def login(request: Request, anv: str = Form(""), losen: str = Form("")) -> Response:
        expected = request.app.state.users.get(anv)
        if expected is None or not hmac.compare_digest(expected.encode(), losen.encode()):
            return render(request, "login.html", 401, message="Felaktigt användarnamn eller lösenord.")
        token = request.app.state.sessions.create(anv)
        response = RedirectResponse("/sok", status_code=303)
        response.set_cookie(COOKIE_NAME, token, httponly=True, samesite="lax")
        return response

    @app.get("/logout", response_model=None)
    def logout(request: Request) -> RedirectResponse:
        request.app.state.sessions.end(request.cookies.get(COOKIE_NAME))
        response = RedirectResponse("/login?msg=utloggad", status_code=303)
        response.delete_cookie(COOKIE_NAME)
        return response

    @app.get("/sok", response_model=None)
    def search(request: Request, pnr: str = "") -> Response:
        user = current_user(request)
        if isinstance(user, RedirectResponse):
            return user
        if not pnr.strip():
            return render(request, "sok.html", pnr="")
        case_id = request.app.state.db.case_id_for(pnr)
        if case_id is None:
            return render(request, "sok.html", pnr=pnr, message="Ingen akt hittades för personnumret.")
        return RedirectResponse(f"/arende/{case_id}", status_code=303)

    case_pages.register(app)
    review.register(app)
    tasks.register(app)
    return app
