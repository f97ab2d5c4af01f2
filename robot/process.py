"""The contract between the engine and a business process.

The engine (queue, transaction loop, scheduler, report) runs any object that implements
:class:`Process`. It knows nothing of social assistance: a process turns raw input into work
items, handles one item at a time, and signals how it went, in the manner of UiPath's
REFramework and Robocorp work items:

* return an :class:`ItemResult` - the item is done (``proposed``) or handed to a human (``manual``);
* raise :class:`BusinessException` - the data or the rules say a human must look; never retried;
* raise :class:`ApplicationException` (or any other exception) - a system misbehaved; the engine
  captures evidence, re-initialises the process and retries with back-off up to a limit. Only an
  ApplicationException with ``system=True`` (the default: 5xx, timeout, maintenance, connection
  error) counts towards the circuit breaker; a bug in our own code is retried but never stops a pass.

Before giving an item up, and when IT staff retry failed items, the engine asks the process to
:meth:`Process.reconcile` it with the target system: a result that was written after all completes
the item instead of failing it. :class:`BaseProcess` gives the optional hooks their defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import BaseModel

if TYPE_CHECKING:
    from robot.labels import ReportLabels


class BusinessException(Exception):
    """The case needs a human. ``reasons`` are caseworker-facing sentences in the process's language;
    ``decision``, when given, is stored on the item like an ItemResult's (the figures, the note)."""

    def __init__(
        self,
        reasons: list[str],
        details: dict[str, Any] | None = None,
        decision: dict[str, Any] | None = None,
    ) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.details = details or {}
        self.decision = decision


class ApplicationException(Exception):
    """A system we depend on failed (timeout, page error, HTTP 500). Worth retrying.

    ``system`` is True when an outside system is down or misbehaving (these open the circuit breaker
    when they come in a row); False for a failure that says nothing about the systems.
    """

    def __init__(self, message: str, system: bool = True) -> None:
        super().__init__(message)
        self.system = system


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
    submitted_at: datetime | None = None  # when the applicant submitted it (timezone-aware), when known


@dataclass(frozen=True)
class RelatedItem:
    """Another item of the same process about the same subject and period (a second application)."""

    reference: str
    state: str
    received_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class WorkItemView:
    """What a process sees of a claimed work item.

    ``related`` lists the process's other items with the same subject and period (the business key),
    received before this one or already handled; the engine never handles two of them at once.
    """

    id: int
    process: str
    reference: str
    payload: dict[str, Any]
    attempts: int
    subject: str | None
    period: str | None
    related: tuple[RelatedItem, ...] = ()


@dataclass
class ItemResult:
    """How a successfully handled item ended."""

    state: Literal["proposed", "manual"]
    reasons: list[str] = field(default_factory=list)
    amount: int | None = None
    decision: dict[str, Any] = field(default_factory=dict)
    trace: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


# The steps of an item's life told to the applicant (see Channel): received, being handled, a
# proposal waiting for a caseworker, handed to a caseworker, decided by a caseworker.
RECEIVED, IN_PROGRESS, PROPOSED, MANUAL, DECIDED = "received", "in_progress", "proposed", "manual", "decided"
STEPS = (RECEIVED, IN_PROGRESS, PROPOSED, MANUAL, DECIDED)


@dataclass(frozen=True)
class Channel:
    """A way of telling the applicant about their application, and the steps it tells.

    ``resend_after_crash``: whether a message whose sending was interrupted by a crash may be sent
    again (True for an idempotent status API; False for e-mail, which is then marked uncertain).
    """

    name: str
    steps: frozenset[str] = frozenset(STEPS)
    resend_after_crash: bool = True


@dataclass(frozen=True)
class Notice:
    """One step to tell on one channel; ``details`` holds e.g. the decided outcome and amount."""

    reference: str
    step: str
    channel: str
    payload: dict[str, Any]
    details: dict[str, Any]


@dataclass(frozen=True)
class Decided:
    """A caseworker's decision on an item, as read back from the target system."""

    outcome: Literal["approved", "rejected"]
    amount: int | None = None
    by: str | None = None
    at: datetime | None = None


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

    def reconcile(self, item: WorkItemView, ctx: WorkContext) -> ItemResult | None:
        """What the target system already holds for the item (a saved proposal or note), or None.

        Called with the process started, before an item is marked failed and by ``retry-failed``.
        """
        ...

    def follow_up(self, item: WorkItemView) -> Decided | None:
        """Whether a caseworker has decided an item the robot proposed or handed over (None: not yet)."""
        ...

    def notify(self, notice: Notice) -> None:
        """Tell the applicant one step on one channel (the e-service's status, an e-mail, ...).

        Called from the pass's sender threads, several at once (each for a different item): it must
        be thread-safe. The steps of one item come in order, one at a time.
        """
        ...


class BaseProcess:
    """Defaults for a process's optional hooks; subclass it and implement the rest of :class:`Process`."""

    name = "process"

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def acknowledge(self, reference: str) -> None:
        return None

    def record_manual(self, item: WorkItemView, reasons: list[str], ctx: WorkContext) -> None:
        return None

    def capture_evidence(self, directory: Path) -> list[Path]:
        return []

    def reconcile(self, item: WorkItemView, ctx: WorkContext) -> ItemResult | None:
        return None

    def follow_up(self, item: WorkItemView) -> Decided | None:
        return None

    def notify(self, notice: Notice) -> None:
        return None


@dataclass(frozen=True)
class ProcessContext:
    """What a process's ``create`` receives: its own validated settings and the engine's services.

    ``options`` is the instance of the process's own settings model (its ``[[processes]]`` block);
    ``secret(name)`` returns a secret by name (environment ``ROBOT_<NAME>`` or the secrets folder)
    and raises :class:`robot.settings.SettingsError` with a sentence when it is missing.
    """

    name: str
    options: Any
    environment: Literal["sandbox", "production"]
    secret: Callable[[str], str]
    data_dir: Path
    trace: Literal["off", "on_retry", "always"] = "on_retry"

    @property
    def allow_unverified(self) -> bool:
        """Parameter values not verified against an official source are allowed (and flagged) only in the sandbox."""
        return self.environment == "sandbox"


class ProcessTools(Protocol):
    """Optional per-process commands for IT staff (``calculate``, ``schema``, ``parameters``).

    A process whose municipality can confirm a year's amounts also has
    ``verify_parameters(year, source, verified_by, context) -> tuple[str, bool]`` (``parameters
    verify YEAR --source ... --by ...``); the command looks it up and says so when it is absent.
    """

    def calculate(self, text: str, context: ProcessContext) -> tuple[dict[str, Any], bool]:
        """The decision and its trace for one input file as JSON-ready data, and whether it could be made.

        Data, not text: the command prints it indented for a person, the rules API sends it compact.
        """
        ...

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the process's intake format."""
        ...

    def parameters(self, context: ProcessContext) -> str:
        """Every parameter with the dates it covers, its source and whether it is verified."""
        ...

    def parameters_data(self, context: ProcessContext) -> list[dict[str, Any]]:
        """The same as data (JSON-ready): each parameter with its dated values, dates, sources, verified."""
        ...

    def check_parameters(self, year: int, context: ProcessContext) -> tuple[str, bool]:
        """A year's parameter values compared with the year before; the text and whether all is well."""
        ...


@dataclass(frozen=True)
class ProcessDefinition:
    """Everything the engine needs to know about one kind of process; named in the settings.

    A process package exposes one of these (``definition = "processes.<name>:definition"``):

    * ``settings_model``: a pydantic model (``extra="forbid"``) of the process's own settings, the
      keys of its ``[[processes]]`` block besides the engine's (name, definition, schedule, ...);
    * ``create``: builds a :class:`Process` for one pass (or one session of a pass);
    * ``labels``: the report's sheet and column labels, in the process's language;
    * ``mask_text`` / ``mask_identity``: hide the process's identity numbers in free text / one field;
    * ``tools``: optional ``calculate``, ``schema`` and ``parameters`` commands;
    * ``channels``: how the applicant is told each step of the item's life (see :class:`Channel`).
    """

    title: str
    settings_model: type[BaseModel]
    create: Callable[[ProcessContext], Process]
    labels: ReportLabels
    mask_text: Callable[[str], str]
    mask_identity: Callable[[str], str]
    tools: ProcessTools | None = None
    channels: tuple[Channel, ...] = ()  # how the applicant is told each step (none: not at all)
