"""E-mail addresses: one strict check shared by the intake model and the mail sender.

Deliberately narrower than RFC 5322 (no quoted local parts, no comments, no IP literals): an
address a citizen types into a form and a mail server accepts. Never echoes the address back.
"""

from __future__ import annotations

import re

MAX_ADDRESS = 254
MAX_LOCAL = 64
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"^(?P<local>{_LOCAL})@(?P<domain>{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,63}})$")


class InvalidAddress(ValueError):
    """Not an e-mail address this system sends to; the message is a Swedish fragment."""


def check_address(value: object) -> str:
    """The address with surrounding spaces removed, or :class:`InvalidAddress`."""
    if not isinstance(value, str):
        raise InvalidAddress("ska vara text")
    text = value.strip()
    if len(text) > MAX_ADDRESS:
        raise InvalidAddress(f"är för lång (högst {MAX_ADDRESS} tecken)")
    match = _ADDRESS.match(text)
    if match is None or len(match.group("local")) > MAX_LOCAL:
        raise InvalidAddress("är inte en giltig e-postadress (till exempel namn@mejl.se)")
    return text


def domain_of(address: str) -> str:
    """The part after the ``@`` (lower case), for Message-IDs."""
    return address.rpartition("@")[2].lower()
