"""The mail sender: settings, what a mail may say (never personal data), Message-IDs, real SMTP, errors."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta
from pydantic import ValidationError

from connectors.errors import ConnectorError, Refused
from connectors.eservice.status import STEPS
from connectors.mail import MailSender, MailSettings, message_id, render
from connectors.mail.sender import TEMPLATES
from sandbox.smtp import SmtpStandIn

IDENTITY = "19850312-2395"
HOSTILE = {
    "reference": "ES-HEMLIG-4711",
    "identity_number": IDENTITY,
    "name": "Anna <script>alert(1)</script> Testsson",
    "amount": "12684",
    "amount_text": "12 684 kr",
    "reason": "Hyran överstiger kommunens tak",
    "decision": "avslag",
    "step": "avslagen",
    "email": "anna.testsson@exempel.se",
    "message": "Jag har fått nytt jobb",
}
KEY = "test-message-id-key"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SmtpStandIn]:
    with SmtpStandIn(tmp_path / "smtp.sqlite") as stand_in:
        yield stand_in


def sandbox_settings(server: SmtpStandIn, **changes: Any) -> MailSettings:
    base = MailSettings(follow_url="http://127.0.0.1:8701/folj", municipality="Exempelkommun")
    return base.pointed_at(server.url).model_copy(update=changes)


def test_the_templates_use_nothing_but_the_municipality_and_the_login_address() -> None:
    environment = Environment(loader=FileSystemLoader(TEMPLATES))
    names = sorted(path.name for path in TEMPLATES.iterdir())
    assert names == ["body.txt", "subject.txt"]
    for name in names:
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        assert meta.find_undeclared_variables(environment.parse(source)) <= {"municipality", "follow_url"}


def test_no_template_shows_personal_data_whatever_it_is_given() -> None:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined)
    context = {**HOSTILE, "municipality": "Exempelkommun", "follow_url": "https://kommun.example/folj"}
    for path in TEMPLATES.iterdir():
        text = environment.get_template(path.name).render(context)
        for value in HOSTILE.values():
            assert value not in text, (path.name, value)
        assert not any(char.isdigit() for char in text)  # no amount or number of any kind


@pytest.mark.parametrize("step", STEPS)
def test_a_whole_mail_says_only_that_there_is_news_and_where_to_log_in(step: str) -> None:
    sender = MailSender(MailSettings(follow_url="https://kommun.example/folj"), message_id_key=KEY)
    raw = sender.message(HOSTILE["email"], reference=HOSTILE["reference"], step=step).as_bytes()
    text = raw.decode("utf-8", "replace")
    headers, _, _ = text.partition("\n\n")
    for key, value in HOSTILE.items():
        if key != "email":
            assert value not in text, key
    assert step not in headers
    subject, body = render("Exempelkommun", "https://kommun.example/folj")
    assert subject == "Nytt i ditt ärende hos Exempelkommun"
    assert "Det finns nytt i ditt ärende" in body and "https://kommun.example/folj" in body
    assert "Auto-Submitted: auto-generated" in headers


def test_the_message_id_is_stable_per_reference_and_step_and_keyed() -> None:
    first = message_id("ES-000123", "beviljad", KEY, "exempelkommun.se")
    assert first == message_id("ES-000123", "beviljad", KEY, "exempelkommun.se")
    assert first.startswith("<") and first.endswith("@exempelkommun.se>") and len(first) == 2 + 32 + 17
    others = {
        message_id("ES-000123", "avslagen", KEY, "exempelkommun.se"),
        message_id("ES-000124", "beviljad", KEY, "exempelkommun.se"),
        message_id("ES-000123", "beviljad", "another key", "exempelkommun.se"),
    }
    assert first not in others and len(others) == 3
    assert "ES-000123" not in first and "beviljad" not in first


def test_sending_through_the_stand_in(server: SmtpStandIn) -> None:
    sender = MailSender(sandbox_settings(server), message_id_key=KEY)
    sent = sender.send("anna@exempel.se", reference="ES-000123", step="mottagen")
    again = sender.send("anna@exempel.se", reference="ES-000123", step="mottagen")
    assert sent == again  # the same record for a resend after a crash
    (first, second) = server.messages()
    assert first.message_id == second.message_id == sent.message_id
    assert first.rcpt_tos == ("anna@exempel.se",) and first.mail_from == "noreply@exempelkommun.se"
    assert str(first.message["From"]) == "Exempelkommun <noreply@exempelkommun.se>"
    assert first.subject == "Nytt i ditt ärende hos Exempelkommun"
    assert "http://127.0.0.1:8701/folj" in first.text and "ES-000123" not in first.raw.decode()


def test_login_with_the_password_from_the_secret(tmp_path: Path) -> None:
    with SmtpStandIn(tmp_path / "smtp.sqlite", users={"robot": "hemligt"}) as server:
        settings = sandbox_settings(server, username="robot", password_secret="mail_password")
        MailSender(settings, message_id_key=KEY, password="hemligt").send("a@exempel.se", "ES-1", "mottagen")
        assert [m.login for m in server.messages()] == ["robot"]
        with pytest.raises(ConnectorError, match="refused the login") as raised:
            MailSender(settings, message_id_key=KEY, password="fel").send("a@exempel.se", "ES-1", "mottagen")
        assert not isinstance(raised.value, Refused)
        with pytest.raises(ValueError, match="no password"):
            MailSender(settings, message_id_key=KEY)


def test_starttls_is_never_skipped_silently(server: SmtpStandIn) -> None:
    sender = MailSender(sandbox_settings(server, starttls=True), message_id_key=KEY)
    with pytest.raises(ConnectorError, match="does not offer STARTTLS"):
        sender.send("anna@exempel.se", "ES-1", "mottagen")
    assert server.messages() == []


def test_an_unreachable_server_is_worth_retrying() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = MailSettings(host="127.0.0.1", port=port, starttls=False, timeout_seconds=2)
    with pytest.raises(ConnectorError, match="Could not send") as raised:
        MailSender(settings, message_id_key=KEY).send("anna@exempel.se", "ES-1", "mottagen")
    assert not isinstance(raised.value, Refused)


class Refusing:
    def __init__(self, answer: str) -> None:
        self.answer = answer

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        return self.answer


@pytest.mark.parametrize(
    ("answer", "refused"),
    [("550 5.1.1 <anna@exempel.se>: no such user", True), ("450 4.2.1 <anna@exempel.se>: try later", False)],
)
def test_a_refused_recipient_is_refused_for_good_only_when_permanent(answer: str, refused: bool) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Refusing(answer), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = MailSettings(host="127.0.0.1", port=port, starttls=False)
        with pytest.raises(ConnectorError) as raised:
            MailSender(settings, message_id_key=KEY).send("anna@exempel.se", "ES-1", "mottagen")
    finally:
        controller.stop()
    assert isinstance(raised.value, Refused) is refused
    assert "anna" not in str(raised.value)


@pytest.mark.parametrize("to", ["", "anna", "anna@exempel.se\r\nBcc: x@y.se", "a b@c.se"])
def test_a_bad_recipient_is_refused_before_anything_is_sent(to: str) -> None:
    sender = MailSender(MailSettings(host="127.0.0.1", port=9), message_id_key=KEY)
    with pytest.raises(Refused) as raised:
        sender.send(to, "ES-1", "mottagen")
    assert raised.value.reason.startswith("E-postadressen ")


@pytest.mark.parametrize(
    "changes",
    [
        {"password_secret": "Hemligt lösenord"},
        {"username": "robot"},
        {"sender": "noreply"},
        {"follow_url": "javascript:alert(1)"},
        {"municipality": "Kommun\r\nBcc: x@y.se"},
        {"port": 0},
        {"passwd": "x"},
    ],
)
def test_bad_settings_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        MailSettings(**changes)


def test_pointing_at_the_stand_in() -> None:
    pointed = MailSettings(username="robot", password_secret="mail_password").pointed_at(
        "smtp://127.0.0.1:2525"
    )
    assert (pointed.host, pointed.port, pointed.starttls, pointed.username) == (
        "127.0.0.1",
        2525,
        False,
        None,
    )
    assert (
        MailSettings()
        .pointed_at("smtp://h:1", follow_url="http://127.0.0.1:4/folj")
        .follow_url.endswith(":4/folj")
    )
    with pytest.raises(ValueError):
        MailSettings().pointed_at("http://127.0.0.1:2525")
    with pytest.raises(ValueError):
        MailSettings().pointed_at("smtp://h:1", follow_url="javascript:x")
