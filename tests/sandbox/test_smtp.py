"""The SMTP stand-in: stores every message it receives, reads them back, optional AUTH, restarts."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

import pytest

from sandbox.smtp import SmtpStandIn, read_messages


def mail(subject: str = "Hej", to: str = "anna@exempel.se") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "noreply@exempelkommun.se"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{subject.encode().hex()}@exempelkommun.se>"
    message.set_content("Det finns nytt i ditt ärende. Åäö.")
    return message


def test_every_message_is_stored_with_its_envelope(tmp_path: Path) -> None:
    with SmtpStandIn(tmp_path / "smtp.sqlite") as server:
        assert server.url == f"smtp://127.0.0.1:{server.port}" and server.port > 0
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            client.send_message(mail("ett"))
            client.send_message(mail("två", to="bo@exempel.se"), to_addrs=["bo@exempel.se", "cia@exempel.se"])
        received = server.messages()
    assert [m.subject for m in received] == ["ett", "två"]
    assert received[0].mail_from == "noreply@exempelkommun.se"
    assert received[1].rcpt_tos == ("bo@exempel.se", "cia@exempel.se")
    assert received[0].message_id == f"<{b'ett'.hex()}@exempelkommun.se>"
    assert received[0].text.strip() == "Det finns nytt i ditt ärende. Åäö."
    assert received[0].login is None


def test_messages_outlive_the_server_and_can_be_read_from_the_file(tmp_path: Path) -> None:
    db = tmp_path / "smtp.sqlite"
    assert read_messages(tmp_path / "none.sqlite") == []
    for subject in ("första", "andra"):
        with SmtpStandIn(db) as server, smtplib.SMTP(server.host, server.port, timeout=5) as client:
            client.send_message(mail(subject))
    assert [m.subject for m in read_messages(db)] == ["första", "andra"]


def test_with_users_a_login_is_required_and_recorded(tmp_path: Path) -> None:
    with SmtpStandIn(tmp_path / "smtp.sqlite", users={"robot": "hemligt"}) as server:
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:
                client.send_message(mail())
            assert refused.value.smtp_code == 530
        with (
            smtplib.SMTP(server.host, server.port, timeout=5) as client,
            pytest.raises(smtplib.SMTPAuthenticationError),
        ):
            client.login("robot", "fel")
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            client.login("robot", "hemligt")
            client.send_message(mail())
        assert [m.login for m in server.messages()] == ["robot"]


def test_two_stand_ins_get_their_own_ports_and_stop_cleanly(tmp_path: Path) -> None:
    first = SmtpStandIn(tmp_path / "a.sqlite").start()
    second = SmtpStandIn(tmp_path / "b.sqlite").start()
    try:
        assert first.port != second.port
    finally:
        first.stop()
        second.stop()
    with pytest.raises(OSError), smtplib.SMTP(first.host, first.port, timeout=2):
        pass
