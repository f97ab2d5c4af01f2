"""The contract between the engine and a business process.

The engine (queue, transaction loop, scheduler, report) runs any object that implements
:class:`Process`. It knows nothing of social assistance: a process turns raw input into work
items, handles one item at a time, and signals how it went, in the manner of UiPath's
REFramework and Robocorp work items:

* return an :class:`ItemResult` - the item is done (``proposed``) or handed to a human (``manual``);
* raise :class:`BusinessException` - the data or the rules say a human must look; never retried;
* raise :class:`ApplicationException` (or any other exception) - a system misbehaved; the engine
  captures evidence, re-initialises the process and retries with back-off up to a limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol


class BusinessException(Exception):
    """The case needs a human. ``reasons`` are caseworker-facing Swedish sentences."""

    def __init__(self, reasons: list[str], details: dict[str, Any] | None = None) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.details = details or {}


class ApplicationException(Exception):
    """A system we depend on failed (timeout, page error, HTTP 500). Worth retrying."""


@dataclass(frozen=True)
class IntakeRecord:
    """One piece of input fetched from a source, before it becomes a work item.

    ``errors`` is empty for valid input; otherwise the item is stored as quarantined with these
    plain-language errors, never dropped.
    """

    reference: str
    payload: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    subject: str | None = None  # the identity number the item concerns, when known
    subject_name: str | None = None
    period: str | None = None  # e.g. the month applied for, "2021-12"


@dataclass(frozen=True)
class WorkItemView:
    """What a process sees of a claimed work item."""

    id: int
    process: str
    reference: str
    payload: dict[str, Any]
    attempts: int
    subject: str | None
    period: str | None


@dataclass
class ItemResult:
    """How a successfully handled item ended."""

    state: Literal["proposed", "manual"]
    reasons: list[str] = field(default_factory=list)
    amount: int | None = None
    decision: dict[str, Any] = field(default_factory=dict)
    trace: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorkContext:
    """Passed to :meth:`Process.handle` for one attempt at one item."""

    run_id: str
    attempt: int
    evidence_dir: Path
    heartbeat: Callable[[], None]  # call during long steps: renews the item's lease


class Process(Protocol):
    """A business process the engine can run. One instance serves one pass."""

    name: str

    def fetch_new(self) -> Iterable[IntakeRecord]:
        """Fetch new input from the source system (e.g. the e-service)."""
        ...

    def acknowledge(self, reference: str) -> None:
        """Tell the source the item is safely stored. Called only after the queue committed it."""
        ...

    def start(self) -> None:
        """Initialise applications (open the browser, log in). Called again after an application exception."""
        ...

    def handle(self, item: WorkItemView, ctx: WorkContext) -> ItemResult:
        """Process one item. May raise BusinessException or ApplicationException."""
        ...

    def record_manual(self, item: WorkItemView, reasons: list[str], ctx: WorkContext) -> None:
        """Leave a trace for the caseworker (a journal note) when a BusinessException routed the item to manual."""
        ...

    def capture_evidence(self, directory: Path) -> list[Path]:
        """Save what shows the failure (screenshot, page HTML, trace) into ``directory``; return the files."""
        ...

    def stop(self) -> None:
        """Close applications cleanly. Must not raise."""
        ...
