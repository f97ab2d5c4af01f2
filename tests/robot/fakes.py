"""A scriptable fake Process for driving the engine in tests."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from robot.process import (
    ApplicationException,
    BusinessException,
    Decided,
    IntakeRecord,
    ItemResult,
    Notice,
    WorkContext,
    WorkItemView,
)

Action = str | Callable[[WorkItemView, WorkContext], ItemResult]


class FakeProcess:
    """Behaves per reference as scripted: a list of actions, one per attempt (the last one repeats).

    Actions: ``"proposed"``, ``"manual"`` (an ItemResult), ``"business"`` (BusinessException),
    ``"app"`` (ApplicationException), ``"crash"`` (RuntimeError), or a callable.
    """

    name = "fake"

    def __init__(
        self,
        records: Iterable[IntakeRecord] = (),
        script: dict[str, list[Action]] | None = None,
        default: Action = "proposed",
        start_failures: int = 0,
        handle_delay: float = 0.0,
    ) -> None:
        self.records = list(records)
        self.script = script or {}
        self.default = default
        self.start_failures = start_failures
        self.handle_delay = handle_delay
        self.acked: list[str] = []
        self.handled: list[tuple[str, int]] = []
        self.manual_notes: list[tuple[str, list[str]]] = []
        self.evidence_dirs: list[Path] = []
        self.starts = 0
        self.stops = 0
        self.started = False
        self.fail_record_manual = False
        self.on_handle: Callable[[WorkItemView], None] | None = None
        self.reconciled: dict[str, ItemResult] = {}  # what the target system holds, by reference
        self.reconcile_calls: list[str] = []
        self.decisions: dict[str, Decided] = {}  # what caseworkers decided, by reference
        self.notices: list[Notice] = []
        self.fail_notify: set[str] = set()  # "reference/step/channel" that fail once
        self.lock = threading.Lock()

    def fetch_new(self) -> Iterable[IntakeRecord]:
        yield from self.records

    def acknowledge(self, reference: str) -> None:
        self.acked.append(reference)

    def start(self) -> None:
        self.starts += 1
        if self.start_failures > 0:
            self.start_failures -= 1
            raise ApplicationException("login page did not load")
        self.started = True

    def handle(self, item: WorkItemView, ctx: WorkContext) -> ItemResult:
        assert self.started, "handle called before start"
        with self.lock:
            self.handled.append((item.reference, ctx.attempt))
        if self.on_handle is not None:
            self.on_handle(item)
        if self.handle_delay:
            time.sleep(self.handle_delay)
        actions = self.script.get(item.reference, [self.default])
        action = actions[min(ctx.attempt, len(actions)) - 1]
        if callable(action):
            return action(item, ctx)
        if action == "proposed":
            return ItemResult(state="proposed", amount=4321, decision={"decision": "bevilja"}, reasons=["Ok"])
        if action == "manual":
            return ItemResult(state="manual", reasons=["Tillgångar uppgivna"])
        if action == "business":
            raise BusinessException(["Inkomstuppgift saknas från CSN"], details={"source": "CSN"})
        if action == "app":
            raise ApplicationException("case system returned HTTP 500")
        if action == "crash":
            raise RuntimeError("unexpected None")
        raise AssertionError(f"unknown action {action!r}")

    def record_manual(self, item: WorkItemView, reasons: list[str], ctx: WorkContext) -> None:
        if self.fail_record_manual:
            raise ApplicationException("journal page timed out")
        self.manual_notes.append((item.reference, reasons))

    def capture_evidence(self, directory: Path) -> list[Path]:
        self.evidence_dirs.append(directory)
        shot = directory / "screenshot.png"
        shot.write_bytes(b"\x89PNG fake")
        return [shot]

    def stop(self) -> None:
        self.stops += 1
        self.started = False

    def follow_up(self, item: WorkItemView) -> Decided | None:
        assert self.started, "follow_up called before start"
        return self.decisions.get(item.reference)

    def notify(self, notice: Notice) -> None:
        key = f"{notice.reference}/{notice.step}/{notice.channel}"
        if key in self.fail_notify:
            self.fail_notify.discard(key)
            raise ApplicationException(f"the e-service did not answer ({key})")
        with self.lock:
            self.notices.append(notice)

    def reconcile(self, item: WorkItemView, ctx: WorkContext) -> ItemResult | None:
        assert self.started, "reconcile called before start"
        self.reconcile_calls.append(item.reference)
        return self.reconciled.get(item.reference)


def identity_for(reference: str) -> str:
    """A synthetic, Luhn-valid identity number (serial 980-989) that differs from reference to reference."""
    number = int(hashlib.sha256(reference.encode()).hexdigest(), 16)
    birth = date(1950, 1, 1) + timedelta(days=number % 20000)
    head = f"{birth:%y%m%d}{980 + number % 10}"
    total = sum(sum(divmod(int(digit) * (2 - index % 2), 10)) for index, digit in enumerate(head))
    return f"{birth:%Y%m%d}-{980 + number % 10}{(10 - total % 10) % 10}"


def record(
    reference: str,
    errors: list[str] | None = None,
    subject: str | None = None,
    period: str = "2021-12",
    **payload: Any,
) -> IntakeRecord:
    """An intake record about its own person (``subject`` defaults to one per reference) and month."""
    return IntakeRecord(
        reference=reference,
        payload={"reference": reference, **payload},
        errors=errors or [],
        subject=subject or identity_for(reference),
        subject_name="Anna Testsson",
        period=period,
    )
