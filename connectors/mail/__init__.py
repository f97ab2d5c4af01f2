"""E-mail to applicants: a notification that there is news and where to log in, never what the news is.

settings = MailSettings(host=..., port=..., sender=..., follow_url=...)
sender = MailSender(settings, message_id_key=secret(settings.message_id_key_secret),
                    password=secret(settings.password_secret) if settings.password_secret else None)
sent = sender.send(to=application.email, reference=application.reference, step="beviljad")
# record sent.message_id: the same (reference, step) always gets the same Message-ID
"""

from connectors.mail.address import InvalidAddress, check_address
from connectors.mail.sender import MailSender, MailSettings, Notification, SentMail, message_id, render

__all__ = [
    "InvalidAddress",
    "MailSender",
    "MailSettings",
    "Notification",
    "SentMail",
    "check_address",
    "message_id",
    "render",
]
