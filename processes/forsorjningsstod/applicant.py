"""Keeping the applicant informed: each step on the e-service's status page, an e-mail when there is
news, and a self-booking link when the caseworker needs to meet them.

The e-service's status API keeps each step once, so a step may be published again safely; the
e-mail says only that there is news and where to log in (the engine sends it at most once). A
meeting is offered, never booked: the applicant picks the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.booking import BookingClient
from connectors.eservice.status import StatusClient
from connectors.mail import MailSender
from robot.process import DECIDED, IN_PROGRESS, MANUAL, PROPOSED, RECEIVED, Channel, Notice

CHANNELS = (
    Channel("eservice"),  # the "Följ ditt ärende" page: every step, safe to repeat
    Channel("mail", frozenset({MANUAL, DECIDED}), resend_after_crash=False),  # news: never twice
)
STATUS = {
    RECEIVED: "mottagen",
    IN_PROGRESS: "under_behandling",
    PROPOSED: "forslag_hos_handlaggare",
    MANUAL: "hos_handlaggare",
}
# Reasons after which a caseworker needs to meet the applicant (the rules' ids and the process's own).
MEETING_RULES = frozenset(
    {
        "andring.hushall",
        "andring.anmald",
        "andring.tillgangar",
        "arende.ny_sokande",
        "arende.planering",
        "process.medsokande_andrad",
    }
)
MEETING_NOTE = "Den sökande har fått en länk för att själv boka ett möte med handläggare: {url}"


@dataclass
class ApplicantContact:
    status: StatusClient
    mail: MailSender | None = None
    booking: BookingClient | None = None

    def notify(self, notice: Notice) -> None:
        if notice.channel == "eservice":
            self._status(notice)
        elif notice.channel == "mail" and self.mail is not None:
            address = notice.payload.get("email")
            if isinstance(address, str) and address:
                self.mail.send(address, notice.reference, notice.step)

    def _status(self, notice: Notice) -> None:
        details: dict[str, Any] = notice.details
        if notice.step == DECIDED:
            if details.get("outcome") == "approved":
                self.status.publish(notice.reference, "beviljad", amount=int(details.get("amount") or 0))
            else:
                self.status.publish(notice.reference, "avslagen")
            return
        self.status.publish(notice.reference, STATUS[notice.step])  # type: ignore[arg-type]
        if notice.step == MANUAL and details.get("booking_url"):
            self.status.publish(notice.reference, "mote", booking_url=str(details["booking_url"]))

    def meeting_link(self, reference: str, rule_ids: set[str]) -> str | None:
        """A booking link when one of the reasons calls for a meeting (and a booking service is set)."""
        if self.booking is None or not (rule_ids & MEETING_RULES):
            return None
        return self.booking.link(reference)
