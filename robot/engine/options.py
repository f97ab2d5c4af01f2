"""The engine's tunable options as one small dataclass, built from settings by the caller."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from pathlib import Path


def default_worker_id() -> str:
    """``<host>-<pid>``: unique per running robot process."""
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class EngineOptions:
    """How the transaction loop behaves. Times are in seconds.

    * ``lease_seconds``: how long a claimed item stays reserved without a heartbeat.
    * ``heartbeat_seconds``: how often a background thread renews the lease while an item is handled
      (default: a third of the lease).
    * ``max_attempts``: attempts per item before it is marked failed (application errors only).
    * ``backoff_base_seconds`` / ``backoff_max_seconds``: retry delay ``base * 2**(attempt-1)``, capped.
    * ``circuit_breaker_threshold``: application errors in a row that stop the pass.
    * ``max_items_per_pass``: items handled at most in one pass (``None``: no limit).
    * ``init_max_attempts``: tries to start the process (log in) before the pass gives up.
    * ``follow_up_minutes``: how often an open item is looked at for a caseworker's decision.
    * ``max_submission_bytes``: a larger submission is quarantined at intake with its size and hash.
    * ``oversized_message``: the quarantine reason for it, in the process's language ({size}, {limit}, {sha256}).
    * ``evidence_key``: the Fernet key that encrypts evidence at rest (None: kept unencrypted, owner-only).
    * ``evidence_root``: where per-item, per-attempt evidence folders are created.
    """

    worker_id: str = field(default_factory=default_worker_id)
    lease_seconds: float = 120.0
    heartbeat_seconds: float | None = None
    max_attempts: int = 3
    backoff_base_seconds: float = 2.0
    backoff_max_seconds: float = 60.0
    circuit_breaker_threshold: int = 5
    max_items_per_pass: int | None = 500
    init_max_attempts: int = 3
    max_submission_bytes: int = 256 * 1024
    follow_up_minutes: float = 30.0
    oversized_message: str = (
        "Ansökan är för stor ({size} byte; högst {limit} byte) och har inte behandlats. Den finns kvar i "
        "e-tjänsten (SHA-256 {sha256}); be den sökande skicka in den igen utan bilagor i textfälten."
    )
    evidence_key: bytes | None = field(default=None, repr=False)
    evidence_root: Path = Path("data/artifacts")

    def __post_init__(self) -> None:
        if self.lease_seconds <= 0:
            raise ValueError("lease_seconds must be greater than 0")
        if self.max_attempts < 1 or self.init_max_attempts < 1:
            raise ValueError("max_attempts and init_max_attempts must be at least 1")
        if self.circuit_breaker_threshold < 1:
            raise ValueError("circuit_breaker_threshold must be at least 1")
        if self.backoff_base_seconds < 0 or self.backoff_max_seconds < 0:
            raise ValueError("back-off delays cannot be negative")

    @property
    def heartbeat_interval(self) -> float:
        """Seconds between background lease renewals."""
        return self.heartbeat_seconds if self.heartbeat_seconds is not None else self.lease_seconds / 3
