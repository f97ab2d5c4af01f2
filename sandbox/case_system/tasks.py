"""The caseworkers' work list, "Att göra": open tasks with their case, reference and reasons.

Tasks are created with a journal note from the case page (the robot ticks "Skapa uppgift" when it
hands a case to a caseworker); a caseworker marks one done here. Robot accounts may look but not
mark tasks done.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from sandbox.case_system.db import complete_task
from sandbox.case_system.web import current_user, now_text, render


def register(app: FastAPI) -> None:
    """Add the work-list routes to ``app``."""

    @app.get("/attgora", response_model=None)
    def work_list(request: Request, klar: str = "") -> Response:
        user = current_user(request)
        if isinstance(user, RedirectResponse):
            return user
        tasks = request.app.state.db.tasks(open_only=True)
        message = "Uppgiften är markerad som klar." if klar else ""
        return render(request, "attgora.html", tasks=tasks, message=message)

    @app.post("/attgora/{task_id}/klar", response_model=None)
    def mark_done(request: Request, task_id: int) -> Response:
        user = current_user(request)
        if isinstance(user, RedirectResponse):
            return user
        if user.role != "handlaggare":
            return render(
                request,
                "meddelande.html",
                403,
                title="Behörighet saknas",
                message="Behörighet saknas: bara en handläggare kan markera en uppgift som klar.",
            )
        if not complete_task(request.app.state.db_path, task_id, user.username, now_text()):
            return render(
                request,
                "meddelande.html",
                409,
                title="Redan klar",
                message="Uppgiften finns inte eller är redan klar. Ladda om listan.",
            )
        return RedirectResponse("/attgora?klar=1", status_code=303)
