"""The caseworker's review list: proposals awaiting review, confirmed ("Fastställ") or rejected.

Robot accounts may look but never confirm or reject.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from sandbox.case_system.db import STATUS_AWAITING, STATUS_CONFIRMED, STATUS_REJECTED, review_proposal
from sandbox.case_system.web import current_user, now_text, render

ACTIONS = {"faststall": STATUS_CONFIRMED, "avsla": STATUS_REJECTED}


def register(app: FastAPI) -> None:
    """Add the review routes to ``app``."""

    @app.get("/handlaggare", response_model=None)
    def review_list(request: Request, klar: str = "") -> Response:
        user = current_user(request)
        if isinstance(user, RedirectResponse):
            return user
        awaiting = request.app.state.db.proposals(status=STATUS_AWAITING)
        message = {"faststall": "Förslaget är fastställt.", "avsla": "Förslaget är avslaget."}.get(klar, "")
        return render(request, "handlaggare.html", proposals=awaiting, message=message)

    @app.post("/handlaggare/{proposal_id}/{action}", response_model=None)
    def review_action(request: Request, proposal_id: int, action: str) -> Response:
        user = current_user(request)
        if isinstance(user, RedirectResponse):
            return user
        if action not in ACTIONS:
            return render(request, "meddelande.html", 404, title="Okänd åtgärd", message="Okänd åtgärd.")
        if user.role != "handlaggare":
            return render(
                request,
                "meddelande.html",
                403,
                title="Behörighet saknas",
                message="Behörighet saknas: bara en handläggare kan fastställa eller avslå ett förslag.",
            )
        if not review_proposal(
            request.app.state.db_path, proposal_id, ACTIONS[action], user.username, now_text()
        ):
            return render(
                request,
                "meddelande.html",
                409,
                title="Redan hanterat",
                message="Förslaget finns inte eller är redan hanterat. Ladda om listan.",
            )
        return RedirectResponse(f"/handlaggare?klar={action}", status_code=303)
