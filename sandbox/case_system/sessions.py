"""Logged-in sessions and single-use form instances of the case system, kept in memory.

A session ends after ``idle_timeout`` seconds without a request, or - when the fault setting
``session_expiry_seconds`` is given - that long after login whatever the activity. Each calculation
form carries a generated instance number; a form instance can be submitted once.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

ROBOT_PREFIX = "robot"
DEFAULT_USERS = {
    "robot": "robot-sandbox",
    "handlaggare1": "handlaggare1-sandbox",
    "handlaggare2": "handlaggare2-sandbox",
}


def role_of(username: str) -> str:
    """``"robot"`` for robot accounts (names starting with "robot"), else ``"handlaggare"``."""
    return "robot" if username.startswith(ROBOT_PREFIX) else "handlaggare"


@dataclass
class Session:
    username: str
    role: str
    logged_in_at: float
    last_seen: float


class SessionStore:
    """Thread-safe in-memory sessions keyed by a random token."""

    def __init__(self, idle_timeout: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_timeout = idle_timeout
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._issued: list[str] = []  # every session cookie ever handed out (tests look for leaks)
        self._forms: dict[str, int] = {}
        self._lock = threading.Lock()

    def create(self, username: str) -> str:
        token = secrets.token_urlsafe(24)
        now = self._clock()
        with self._lock:
            self._sessions[token] = Session(username, role_of(username), now, now)
            self._issued.append(token)
        return token

    def issued_tokens(self) -> list[str]:
        """Every session token this store has handed out, live or ended."""
        with self._lock:
            return list(self._issued)

    def get(self, token: str | None, absolute_expiry: float | None = None) -> tuple[Session | None, bool]:
        """The live session for ``token`` (touched), and whether an existing session just expired."""
        if not token:
            return None, False
        now = self._clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None, False
            expired = (
                now - session.logged_in_at > absolute_expiry
                if absolute_expiry is not None
                else now - session.last_seen > self.idle_timeout
            )
            if expired:
                del self._sessions[token]
                return None, True
            session.last_seen = now
            return session, False

    def end(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)

    def expire_all(self) -> None:
        """End every session (tests use it to simulate an expiry at an exact moment)."""
        with self._lock:
            self._sessions.clear()

    def issue_form(self, case_id: int) -> str:
        """A new form instance number for a calculation form of ``case_id``."""
        with self._lock:
            while True:
                number = str(secrets.randbelow(900_000) + 100_000)
                if number not in self._forms:
                    self._forms[number] = case_id
                    return number

    def redeem_form(self, number: str, case_id: int) -> bool:
        """True once for a form instance issued for ``case_id``; False if unknown or already used."""
        with self._lock:
            if self._forms.get(number) != case_id:
                return False
            del self._forms[number]
            return True
