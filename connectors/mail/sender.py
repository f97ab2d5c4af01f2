"""Telling the applicant by e-mail that there is news, with a real SMTP client (smtplib).

What a mail may say: that there is news in the case, and where to log in ("Följ ditt ärende").
Never an identity number, an amount, a decision or a reason: e-mail is not a safe channel, and the
templates (``templates/subject.txt``, ``templates/body.txt``, Jinja) get only the municipality's
name and the login address. The same two texts are sent for every step.

Message-ID: ``<HMAC-SHA256(key, reference + step), 32 hex digits>@<sender's domain>``, stable per
(reference, step), so a caller can record what it sent and a resend after a crash carries the same
ID; keyed, so nobody can work the reference or the step out of a mail's headers.

Errors: a connection failure, a timeout, a refused login or a temporary (4xx) SMTP answer raise
:class:`ConnectorError` (worth retrying later); a permanent (5xx) refusal of the sender, the recipient
or the message raises :class:`Refused`. No message names the recipient's address.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from connectors.errors import ConnectorError, Refused
from connectors.mail.address import InvalidAddress, check_address, domain_of

SECRET_NAME = re.compile(
    r"^[a-z][a-z0-9_]{0,63}$"
)  # as robot.settings.secrets.SECRET_NAME (connectors import no robot)
TEMPLATES = Path(__file__).parent / "templates"
_templates = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=False,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def _secret_name(name: str | None) -> str | None:
    if name is not None and not SECRET_NAME.match(name):
        raise ValueError("must be the NAME of a secret (lower-case letters, digits and _), not its value")
    return name


class MailSettings(BaseModel):
    """Where and how to send. Unknown keys are refused (like ``robot.settings.StrictModel``, which a
    connector may not import). Secrets are named, never given: the process resolves them by name."""

    model_config = ConfigDict(extra="forbid")

    host: str = Field("127.0.0.1", min_length=1, max_length=253)
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    username: str | None = Field(None, min_length=1, max_length=200)
    password_secret: str | None = None
    sender: str = "noreply@exempelkommun.se"
    municipality: str = Field("Exempelkommun", min_length=1, max_length=100)
    follow_url: str = "http://127.0.0.1:8701/folj"
    timeout_seconds: float = Field(10, gt=0, le=300)
    message_id_key_secret: str = "mail_message_id_key"
    sandbox: str | None = "smtp"  # the stand-in that replaces the server in the sandbox

    _check_secrets = field_validator("password_secret", "message_id_key_secret")(_secret_name)

    @field_validator("sender")
    @classmethod
    def _sender_address(cls, value: str) -> str:
        try:
            return check_address(value)
        except InvalidAddress:
            raise ValueError("must be an e-mail address, e.g. noreply@kommun.se") from None

    @field_validator("follow_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+\S*$", value):
            raise ValueError("must be the http:// or https:// address of the 'Följ ditt ärende' page")
        return value

    @field_validator("municipality")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if any(char in value for char in '\r\n<>"') or not value.strip():
            raise ValueError("must be the municipality's name on one line")
        return value.strip()

    @model_validator(mode="after")
    def _login_needs_a_password(self) -> MailSettings:
        if self.username and not self.password_secret:
            raise ValueError("username is set: name the secret holding its password in password_secret")
        return self

    def sandbox_address(self) -> str:
        """The server as an address, ``smtp://host:port`` (how the sandbox names its port)."""
        return f"smtp://{self.host}:{self.port}"

    def use_sandbox(self, urls: Mapping[str, str], name: str) -> MailSettings:
        """Pointed at the SMTP stand-in in ``urls`` (and its 'Följ ditt ärende' page, ``urls["follow"]``)."""
        system = self.sandbox or name
        return self.pointed_at(urls[system], urls.get("follow")) if system in urls else self

    def pointed_at(self, url: str, follow_url: str | None = None) -> MailSettings:
        """A copy sending to the SMTP stand-in at ``smtp://host:port`` (no TLS, no login in the sandbox),
        and linking to ``follow_url`` when given (the e-service stand-in's ``/folj``)."""
        parts = urlsplit(url)
        if parts.scheme != "smtp" or not parts.hostname or not parts.port:
            raise ValueError(f"not an smtp://host:port address: {url!r}")
        changes: dict[str, object] = {
            "host": parts.hostname,
            "port": parts.port,
            "starttls": False,
            "username": None,
        }
        if follow_url is not None:
            changes["follow_url"] = self._web_address(follow_url)
        return self.model_copy(update=changes)


@dataclass(frozen=True)
class Notification:
    """A composed mail; ``message_id`` is what the caller records as sent."""

    message_id: str
    subject: str
    body: str


@dataclass(frozen=True)
class SentMail:
    reference: str
    step: str
    message_id: str


def message_id(reference: str, step: str, key: str, domain: str) -> str:
    """``<32 hex digits@domain>``: the same for the same (reference, step) and key, unreadable without the key."""
    digest = hmac.new(key.encode(), f"{reference}\x1f{step}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def render(municipality: str, follow_url: str) -> tuple[str, str]:
    """The subject and body. The templates see only these two values."""
    context = {"municipality": municipality, "follow_url": follow_url}
    subject = _templates.get_template("subject.txt").render(context).strip()
    return subject, _templates.get_template("body.txt").render(context)


class MailSender:
    """Sends "there is news" mails. ``password`` and ``message_id_key`` are the resolved secrets."""

    def __init__(self, settings: MailSettings, message_id_key: str, password: str | None = None) -> None:
        if settings.username and not password:
            raise ValueError("The mail settings name a username but no password was given.")
        if not message_id_key:
            raise ValueError(
                "A key for the Message-IDs is needed (the secret named by message_id_key_secret)."
            )
        self.settings = settings
        self._password = password
        self._key = message_id_key

    def compose(self, reference: str, step: str) -> Notification:
        subject, body = render(self.settings.municipality, self.settings.follow_url)
        ident = message_id(reference, step, self._key, domain_of(self.settings.sender))
        return Notification(message_id=ident, subject=subject, body=body)

    def message(self, to: str, reference: str, step: str) -> EmailMessage:
        """The mail as it is sent; ``to`` is checked (:class:`Refused` when it is no address)."""
        try:
            recipient = check_address(to)
        except InvalidAddress as error:
            raise Refused("The recipient is not an e-mail address.", f"E-postadressen {error}.") from None
        note = self.compose(reference, step)
        mail = EmailMessage()
        local, _, domain = self.settings.sender.rpartition("@")
        mail["From"] = Address(self.settings.municipality, local, domain)
        mail["To"] = recipient
        mail["Subject"] = note.subject
        mail["Date"] = formatdate(usegmt=True)
        mail["Message-ID"] = note.message_id
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
        mail.set_content(note.body)
        return mail

    def send(self, to: str, reference: str, step: str) -> SentMail:
        """Send the notification for (reference, step) to ``to``; returns what to record as sent."""
        mail = self.message(to, reference, step)
        settings = self.settings
        try:
            with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
                smtp.ehlo()
                if settings.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                if settings.username:
                    smtp.login(settings.username, self._password or "")
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise _answer("refused the recipient", min(codes, default=550)) from None
        except smtplib.SMTPAuthenticationError as error:
            raise ConnectorError(
                f"The mail server refused the login (SMTP {error.smtp_code}); check the username and the "
                "password secret.",
                status_code=error.smtp_code,
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise ConnectorError(
                f"The mail server {settings.host}:{settings.port} does not offer STARTTLS; nothing was sent "
                "(set starttls = false only for a server on the same host)."
            ) from None
        except smtplib.SMTPResponseException as error:
            raise _answer("refused the mail", error.smtp_code) from None  # its text may name the address
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectorError(
                f"Could not send through the mail server {settings.host}:{settings.port}: {type(error).__name__}."
            ) from None
        return SentMail(reference=reference, step=step, message_id=str(mail["Message-ID"]))


def _answer(what: str, code: int) -> ConnectorError:
    message = f"The mail server {what} (SMTP {code})."
    if 500 <= code < 600:
        return Refused(message, "E-postservern tog inte emot meddelandet.", status_code=code)
    return ConnectorError(message, status_code=code)
