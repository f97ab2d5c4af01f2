"""Shared plumbing of the case system's pages: templates, formatting, the logged-in user, timestamps."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from sandbox.case_system.db import STATUS_TEXT
from sandbox.case_system.forms import DECISIONS, KINDS
from sandbox.case_system.sessions import Session, SessionStore
from sandbox.faults import ALERT_STATE_KEY, FaultSettings

COOKIE_NAME = "CSSESSIONID"
TEMPLATE_DIR = Path(__file__).parent / "templates"
RELATIONS = {"barn": "Barn", "vuxen": "Vuxen"}


def format_amount(value: Decimal | int | float | str) -> str:
    """Swedish money format with two decimals: ``Decimal("6500")`` -> ``"6 500,00"``."""
    return f"{Decimal(str(value)):,.2f}".replace(",", " ").replace(".", ",")


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["kr"] = format_amount
    env.globals.update(KINDS=KINDS, DECISIONS=DECISIONS, RELATIONS=RELATIONS, STATUS_TEXT=STATUS_TEXT)
    return Jinja2Templates(env=env)


def now_text() -> str:
    return datetime.now().isoformat(sep=" ", timespec="seconds")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page; adds the user, and the unexpected alert when fault injection asks for one."""
    templates: Jinja2Templates = request.app.state.templates
    session: Session | None = getattr(request.state, "user", None)
    alert = bool(request.scope.get("state", {}).get(ALERT_STATE_KEY))
    context.setdefault("message", "")
    return templates.TemplateResponse(
        request,
        template,
        {"user": session, "fault_alert": alert, **context},
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


def current_user(request: Request) -> Session | RedirectResponse:
    """The logged-in user, or a redirect to the login page (saying so when the session expired)."""
    store: SessionStore = request.app.state.sessions
    faults: FaultSettings = request.app.state.faults
    session, expired = store.get(request.cookies.get(COOKIE_NAME), faults.session_expiry_seconds)
    if session is None:
        return RedirectResponse(
            "/login?msg=utgangen" if expired else "/login?msg=inloggning", status_code=303
        )
    request.state.user = session
    return session
