"""Structured logging: JSON lines to a rotated file or to journald, readable lines on the console, with masking.

Every event, from structlog or from the standard ``logging`` module, passes through
:func:`mask_event`: identity numbers are masked in every string (the event text, values, formatted
exceptions) and values of secret-looking keys are replaced. Bind a run id with :func:`bind_run`.

Where the JSON lines go (:func:`log_destination`): ``file``, rotated at a size and at midnight UTC
with a number of old files kept (:class:`RotatingJsonFile`; ``purge`` deletes old ones past their
retention); ``journald``, when systemd runs the robot (``JOURNAL_STREAM`` names the standard error
the robot has): JSON lines on standard error with the syslog priority prefix journald reads
(``<3>`` for an error), no file; ``stderr``: JSON lines on standard error, no file (containers).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, Literal

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from robot.masking import mask_value

_HANDLER_MARK = "_robot_logging_handler"
Destination = Literal["file", "journald", "stderr"]
DEFAULT_ROTATE_BYTES = 50 * 1024 * 1024
DEFAULT_KEEP_FILES = 14
# syslog priorities (sd-daemon(3)): journald reads "<N>" at the start of a line as the line's priority
PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}


def mask_event(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """structlog processor: mask identity numbers and secrets in every value of the event."""
    masked = mask_value(_loggable(dict(event_dict)))
    event_dict.clear()
    event_dict.update(masked)
    return event_dict


def _loggable(value: Any) -> Any:
    """Plain data only: any other object is turned into its text, so its repr is masked too."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {key: _loggable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_loggable(item) for item in value]
    return str(value)


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        structlog.processors.format_exc_info,
        mask_event,
    ]


def _marked(handler: logging.Handler) -> logging.Handler:
    setattr(handler, _HANDLER_MARK, True)
    return handler


def connected_to_journal(environ: Mapping[str, str], stream: Any) -> bool:
    """True when ``stream`` is the journal stream systemd gave the robot (``JOURNAL_STREAM=device:inode``).

    Comparing the numbers with the stream's own (systemd.exec(5)) tells a service's standard error
    from a shell started by that service with its output redirected elsewhere.
    """
    device, _, inode = environ.get("JOURNAL_STREAM", "").partition(":")
    if not (device.isdigit() and inode.isdigit()):
        return False
    try:
        found = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False
    return found.st_dev == int(device) and found.st_ino == int(inode)


def log_destination(
    setting: str, environ: Mapping[str, str] | None = None, stream: Any = None
) -> Destination:
    """The destination ``[logs] destination`` asks for; ``auto`` is journald under systemd, else the file."""
    if setting in ("file", "journald", "stderr"):
        return setting  # type: ignore[return-value]
    if setting != "auto":
        raise ValueError(f"unknown log destination {setting!r}: auto, file, journald or stderr")
    connected = connected_to_journal(os.environ if environ is None else environ, stream or sys.stderr)
    return "journald" if connected else "file"


def _utc_day(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, UTC).date()


class RotatingJsonFile(RotatingFileHandler):
    """The JSON log file, rotated when it would pass ``max_bytes`` and on the first line of a new UTC day.

    Old files are ``robot.jsonl.1`` (the newest) to ``robot.jsonl.<backups>``; the oldest goes.
    One process per file: several workers on one machine each need a file of their own (or journald).
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        if backups < 1:
            raise ValueError("at least one rotated log file must be kept (keep_files >= 1)")
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        written = Path(self.baseFilename)
        has_lines = written.is_file() and written.stat().st_size > 0
        self._day = _utc_day(written.stat().st_mtime if has_lines else datetime.now(UTC).timestamp())

    def shouldRollover(self, record: logging.LogRecord) -> int:
        if _utc_day(record.created) != self._day and self._has_lines():
            return 1
        return int(super().shouldRollover(record))

    def _has_lines(self) -> bool:
        try:
            return os.path.getsize(self.baseFilename) > 0
        except OSError:
            return False

    def doRollover(self) -> None:
        super().doRollover()
        self._day = datetime.now(UTC).date()


class _JournalFormatter(structlog.stdlib.ProcessorFormatter):
    """JSON lines with the syslog priority prefix journald turns into the entry's PRIORITY."""

    def format(self, record: logging.LogRecord) -> str:
        priority = PRIORITY.get(record.levelno, 6 if record.levelno < logging.WARNING else 3)
        return f"<{priority}>{super().format(record)}"


def _json_processors() -> list[Processor]:
    return [
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
        structlog.processors.JSONRenderer(ensure_ascii=False, default=str),
    ]


def configure_logging(
    log_file: Path | None,
    level: str | int = "INFO",
    console: bool = True,
    console_stream: Any = None,
    *,
    destination: Destination = "file",
    rotate_bytes: int = DEFAULT_ROTATE_BYTES,
    keep_files: int = DEFAULT_KEEP_FILES,
) -> None:
    """Send structlog and standard-library logs to their destination (see the module's docstring).

    ``file``: JSON lines to ``log_file`` (rotated) and text lines on the console. ``journald`` and
    ``stderr``: JSON lines on ``console_stream`` (standard error) only. Safe to call again: the
    handlers of a previous call are replaced.
    """
    shared = _shared_processors()
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(handler)
        handler.close()

    if destination in ("journald", "stderr"):
        stream_handler = logging.StreamHandler(console_stream or sys.stderr)
        formatter = _JournalFormatter if destination == "journald" else structlog.stdlib.ProcessorFormatter
        stream_handler.setFormatter(formatter(processors=_json_processors(), foreign_pre_chain=shared))
        root.addHandler(_marked(stream_handler))
        console = False  # the JSON lines are the console's
    elif log_file is not None:
        log_file = Path(log_file)
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = RotatingJsonFile(log_file, rotate_bytes, keep_files)
        file_handler.setFormatter(
            structlog.stdlib.ProcessorFormatter(processors=_json_processors(), foreign_pre_chain=shared)
        )
        root.addHandler(_marked(file_handler))
    if console:
        console_handler = logging.StreamHandler(console_stream or sys.stderr)
        console_handler.setFormatter(
            structlog.stdlib.ProcessorFormatter(
                processors=[
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.dev.ConsoleRenderer(colors=False),
                ],
                foreign_pre_chain=shared,
            )
        )
        root.addHandler(_marked(console_handler))
    root.setLevel(level if isinstance(level, int) else level.upper())
    for noisy in ("apscheduler", "httpx", "httpcore", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@contextmanager
def bind_run(**values: Any) -> Iterator[None]:
    """Bind context (e.g. ``run_id``) to every log event inside the ``with`` block."""
    tokens = structlog.contextvars.bind_contextvars(**values)
    try:
        yield
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
