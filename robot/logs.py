"""Structured logging: JSON lines to a file and readable lines on the console, with masking.

Every event, from structlog or from the standard ``logging`` module, passes through
:func:`mask_event`: identity numbers are masked in every string (the event text, values, formatted
exceptions) and values of secret-looking keys are replaced. Bind a run id with :func:`bind_run`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from robot.masking import mask_value

_HANDLER_MARK = "_robot_logging_handler"


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


def configure_logging(
    log_file: Path | None, level: str | int = "INFO", console: bool = True, console_stream: Any = None
) -> None:
    """Send structlog and standard-library logs to ``log_file`` (JSON lines) and the console (text).

    Safe to call again: the handlers of a previous call are replaced.
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

    if log_file is not None:
        log_file = Path(log_file)
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setFormatter(
            structlog.stdlib.ProcessorFormatter(
                processors=[
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.JSONRenderer(ensure_ascii=False, default=str),
                ],
                foreign_pre_chain=shared,
            )
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
