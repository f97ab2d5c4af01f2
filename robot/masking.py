"""Masking of identity numbers and secrets before anything is logged or shown in a report.

Each process registers how its own identity numbers look (:func:`register`, done when its
definition is loaded from the settings); :func:`mask_text` applies every registered rule and two
generic safety nets that need no process: date-like numbers of 10 or 12 digits (``YYYYMMDD-NNNN``,
``YYMMDD-NNNN``, with ``-``, ``+`` or nothing between: the birth date is kept, the last four digits
become ``****``) and any standalone 11-digit number (``DDMMYYNNNNN``: the last five become
``*****``). The matches are deliberately generous: masking too much is harmless, leaking one number
is not.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

MASK = "****"
SECRET_MASK = "********"
SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey", "credential")

_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"  # 61-91: samordningsnummer (day + 60)
_IDENTITY = re.compile(
    rf"(?<![\d])"
    rf"(?P<date>(?:(?:18|19|20)\d\d|\d\d){_MONTH}{_DAY})"
    rf"(?P<sep>[-+]?)"
    rf"(?P<last>\d{{4}})"
    rf"(?![\d])"
)
_ELEVEN = re.compile(r"(?<![\d])(?P<keep>\d{6})\d{5}(?![\d])")
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.\-]*://[^:/@\s]+:)(?P<password>[^@\s]+)(?P<tail>@)", re.I)


def _replace(match: re.Match[str]) -> str:
    separator = match.group("sep") or "-"
    return f"{match.group('date')}{separator}{MASK}"


_registered: list[Callable[[str], str]] = []
_lock = threading.Lock()


def register(masker: Callable[[str], str]) -> None:
    """Add a process's own masking of free text (e.g. ``connectors.identity.mask_all``); idempotent."""
    with _lock:
        if masker not in _registered:
            _registered.append(masker)


# The engine's own ids (uuid4 hex: pass ids, in evidence paths too) are never personal data, but their
# digits may line up like an identity number; cut, a pass's log lines and evidence folder cannot be found.
_ENGINE_ID = re.compile(r"(?<![0-9A-Za-z])((?=[0-9]*[a-f])[0-9a-f]{32})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """Return ``text`` with every identity number in it masked (birth date kept, the rest ``*``)."""
    pieces = _ENGINE_ID.split(text)  # text, id, text, id, ..., text
    return "".join(piece if index % 2 else _mask_part(piece) for index, piece in enumerate(pieces))


def _mask_part(text: str) -> str:
    text = _IDENTITY.sub(_replace, text)
    text = _ELEVEN.sub(lambda m: m.group("keep") + "*****", text)
    for masker in tuple(_registered):
        text = masker(text)
    return text


def mask_identity(value: str | None) -> str:
    """Mask one identity number field. Always masks, even a value in an unexpected form."""
    if not value:
        return ""
    masked = mask_text(value)
    if masked != value:
        return masked
    return value[:-4] + MASK if len(value) > 4 else MASK


def is_secret_key(key: object) -> bool:
    """True when a mapping key names a secret (password, token, ...)."""
    lowered = str(key).lower()
    return any(word in lowered for word in SECRET_WORDS)


def mask_url_password(text: str) -> str:
    """Hide the password in a URL such as ``postgresql://user:pw@host/db``."""
    return _URL_PASSWORD.sub(lambda m: f"{m.group('head')}{SECRET_MASK}{m.group('tail')}", text)


def mask_value(value: Any) -> Any:
    """Mask identity numbers and URL passwords in strings, recursively through dicts, lists and tuples."""
    if isinstance(value, str):
        return mask_url_password(mask_text(value))
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and len(str(abs(value))) in (10, 12):
        text = str(value)
        masked = mask_text(text)
        return masked if masked != text else value
    if isinstance(value, Mapping):
        return {key: SECRET_MASK if is_secret_key(key) else mask_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(item) for item in value]
    return value


def mask_secrets(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a settings-like mapping with every secret-looking key's value replaced by ``********``.

    Nested mappings and lists are handled; passwords inside URLs are masked too. Identity numbers are
    left as they are (use :func:`mask_value` for both).
    """
    result: dict[str, Any] = {}
    for key, value in mapping.items():
        if is_secret_key(key):
            result[key] = SECRET_MASK if value not in (None, "") else value
        else:
            result[key] = _secrets_only(value)
    return result


def _secrets_only(value: Any) -> Any:
    if isinstance(value, Mapping):
        return mask_secrets(value)
    if isinstance(value, list | tuple):
        return [_secrets_only(item) for item in value]
    if isinstance(value, str):
        return mask_url_password(value)
    return value
