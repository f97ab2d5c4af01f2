"""Prometheus metrics of the robot, read from the database at every scrape.

One custom collector (:class:`RobotCollector`) asks the shared database what ``status`` and
``status --check`` show, in the Prometheus text format (prometheus-client). Nothing is counted in a
worker's memory, so any worker, the ``metrics`` command or the console serves the same figures, and
several workers never count a pass twice: scrape one of them (or all, and take ``max``).

Three ways to serve it: :func:`serve_metrics` (``run`` does when ``[metrics] port`` is set, and
``python run_robot.py metrics``), :func:`metrics_app` to mount in an ASGI application (the console:
``app.mount("/metrics", metrics_app(database, settings.processes))``), or :func:`exposition`, the
text once. The names and labels are listed in README.md ("Metrics and alerts"); the alert rules
built on them are ``deploy/prometheus/alerts.yml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, generate_latest, make_asgi_app
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, start_http_server
from prometheus_client.registry import Collector
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from robot.engine.pass_state import COUNT_KEYS
from robot.queue.models import ItemState, NotificationState, utcnow
from robot.queue.store import WorkQueue
from robot.report import metric_readings as read
from robot.report.decision_times import figures, recent
from robot.report.health import problems
from robot.settings import ProcessSettings

log = structlog.get_logger("robot.report.metrics")

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # the classic text format, which every Prometheus reads
# Submission to proposal takes seconds to minutes; to the caseworker's decision, hours to weeks.
HOUR, DAY = 3600, 86400
DURATION_BUCKETS = (
    60,
    300,
    900,
    HOUR,
    4 * HOUR,
    8 * HOUR,
    DAY,
    2 * DAY,
    3 * DAY,
    7 * DAY,
    14 * DAY,
    30 * DAY,
)
PASS_OUTCOMES = ("completed", "circuit_breaker", "init_failed", "max_items", "stop_requested")
STATES = tuple(state.value for state in ItemState)
NOTICE_STATES = tuple(state.value for state in NotificationState)


def _gauge(name: str, documentation: str, *labels: str) -> GaugeMetricFamily:
    return GaugeMetricFamily(f"robot_{name}", documentation, labels=list(labels))


def _counter(name: str, documentation: str, *labels: str) -> CounterMetricFamily:
    return CounterMetricFamily(f"robot_{name}", documentation, labels=list(labels))


def _and_others(known: Sequence[str], found: Iterable[tuple[str, str]], process: str) -> list[str]:
    """The known values, then any other the database holds for the process (a newer version's)."""
    return [*known, *sorted({value for p, value in found if p == process and value not in known})]


def _age(now: datetime, since: datetime | None) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0


class RobotCollector(Collector):
    """The robot's figures for the processes in the settings (and any other found in the database)."""

    def __init__(
        self, database: Engine, processes: Sequence[ProcessSettings], now: Callable[[], datetime] = utcnow
    ) -> None:
        self.database = database
        self.processes = list(processes)
        self.now = now

    def describe(self) -> Iterable[Metric]:
        return []  # read at scrape time: registering the collector must not touch the database

    def collect(self) -> Iterator[Metric]:
        up = _gauge("database_up", "1 when the robot's database answered this scrape, 0 when it did not.")
        try:
            families = list(self._families(self.now()))
        except SQLAlchemyError as error:
            log.warning("metrics_database_unreachable", error=type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self, now: datetime) -> Iterator[Metric]:
        with self.database.connect() as connection:
            names = sorted({p.name for p in self.processes} | set(read.processes(connection)))
            yield from _items(connection, names, now)
            yield from _passes(connection, names)
            yield from _notices(connection, now)
            yield from _durations(connection, names)
        yield from self._last_passes(names)
        yield from self._recent(names, now)
        yield self._health(now)

    def _last_passes(self, names: Sequence[str]) -> Iterator[Metric]:
        outcome = _gauge(
            "last_pass_outcome",
            "1 for how the process's last pass ended: completed, circuit_breaker, init_failed, max_items, "
            "stop_requested, or running (not ended: running now, or killed).",
            "process",
            "outcome",
        )
        breaker = _gauge(
            "circuit_breaker_open",
            "1 when the process's last pass was stopped by its circuit breaker (system failures in a row).",
            "process",
        )
        items = _gauge(
            "last_pass_items", "What the process's last pass did, by outcome.", "process", "outcome"
        )
        started = _gauge(
            "last_pass_start_timestamp_seconds", "When the last pass started (Unix time).", "process"
        )
        ended = _gauge("last_pass_end_timestamp_seconds", "When the last pass ended (Unix time).", "process")
        for name in names:
            last = next(iter(WorkQueue(self.database, name).passes(limit=1)), None)
            breaker.add_metric([name], int(last is not None and last.stop_code == "circuit_breaker"))
            if last is None:
                continue
            shown = "running" if last.ended_at is None else last.stop_code or "completed"
            for value in (*PASS_OUTCOMES, "running"):
                outcome.add_metric([name, value], int(value == shown))
            for key in COUNT_KEYS:
                items.add_metric([name, key], int((last.counts or {}).get(key, 0)))
            started.add_metric([name], last.started_at.timestamp())
            if last.ended_at is not None:
                ended.add_metric([name], last.ended_at.timestamp())
        yield from (outcome, breaker, items, started, ended)

    def _recent(self, names: Sequence[str], now: datetime) -> Iterator[Metric]:
        spans = {
            span: _gauge(
                f"recent_submission_{span}_seconds",
                f"Submission {span.replace('_', ' ')} over the items received in the last 30 days, as `status` "
                "shows it: the median and the 95th percentile (p95).",
                "process",
                "statistic",
            )
            for span in read.SPANS
        }
        counted = _gauge(
            "recent_decision_time_items",
            "How many of the last 30 days' items the recent durations are over.",
            "process",
            "duration",
        )
        late = _gauge(
            "undecided_over_24h",
            "Items received in the last 30 days, older than 24 hours, without a decision (as `status`).",
            "process",
        )
        for name in names:
            found = figures(recent(WorkQueue(self.database, name), now=now), now=now)
            late.add_metric([name], found.undecided_over_24h)
            for span, durations in zip(read.SPANS, (found.to_proposal, found.to_decision), strict=True):
                counted.add_metric([name, span], durations.count)
                for statistic, hours in (("median", durations.median_hours), ("p95", durations.p95_hours)):
                    if hours is not None:
                        spans[span].add_metric([name, statistic], hours * HOUR)
        yield from (*spans.values(), counted, late)

    def _health(self, now: datetime) -> Metric:
        health = _gauge(
            "health_problems",
            "How many problems `status --check` finds for the enabled process (0: healthy; the check exits 1 "
            "otherwise).",
            "process",
        )
        for process in self.processes:
            if process.enabled:
                health.add_metric([process.name], len(problems(self.database, [process], now)))
        return health


def _items(connection: Connection, names: Sequence[str], now: datetime) -> Iterator[Metric]:
    items = _gauge("items", "Work items by process and state.", "process", "state")
    attempts = _gauge(
        "item_attempts", "Attempts made on the items now in each state, added up.", "process", "state"
    )
    found = read.item_counts(connection)
    for process in names:
        for state in _and_others(STATES, found, process):
            count, tries = found.get((process, state), (0, 0))
            items.add_metric([process, state], count)
            attempts.add_metric([process, state], tries)
    age = _gauge(
        "queue_oldest_waiting_age_seconds",
        "Age of the oldest item waiting to be handled (state new) since the robot received it; 0 when none.",
        "process",
    )
    retrying = _gauge("items_waiting_to_retry", "Items waiting (new) after at least one attempt.", "process")
    oldest, retries = read.oldest_waiting(connection), read.waiting_to_retry(connection)
    for process in names:
        age.add_metric([process], _age(now, oldest.get(process)))
        retrying.add_metric([process], retries.get(process, 0))
    yield from (items, attempts, age, retrying)


def _passes(connection: Connection, names: Sequence[str]) -> Iterator[Metric]:
    passes = _counter(
        "passes",
        "Passes that ended, by how: completed, circuit_breaker, init_failed, max_items, stop_requested.",
        "process",
        "outcome",
    )
    ended = read.ended_passes(connection)
    for process in names:
        for code in _and_others(PASS_OUTCOMES, ended, process):
            passes.add_metric([process, code], ended.get((process, code), 0))
    unfinished = _gauge(
        "passes_unfinished",
        "Passes started and not ended: running now, or killed before they ended.",
        "process",
    )
    running = read.unfinished_passes(connection)
    handled = _counter(
        "pass_items",
        "What every pass did, added up by outcome (received, proposed, manual, retried, failed, notified, ...).",
        "process",
        "outcome",
    )
    totals = read.pass_item_totals(connection)
    for process in names:
        unfinished.add_metric([process], running.get(process, 0))
        for key in COUNT_KEYS:
            handled.add_metric([process, key], totals.get(process, {}).get(key, 0))
    yield from (passes, unfinished, handled)


def _notices(connection: Connection, now: datetime) -> Iterator[Metric]:
    notices = _gauge(
        "notices",
        "Notices to applicants by process, channel and state (pending, sending, sent, uncertain).",
        "process",
        "channel",
        "state",
    )
    age = _gauge(
        "notices_oldest_unsent_age_seconds",
        "Age of the oldest notice not yet sent (pending or sending), per process and channel; 0 when none.",
        "process",
        "channel",
    )
    found, oldest = read.notice_counts(connection), read.oldest_unsent_notice(connection)
    for process, channel in sorted({(p, c) for p, c, _ in found}):
        for state in NOTICE_STATES:
            notices.add_metric([process, channel, state], found.get((process, channel, state), 0))
        age.add_metric([process, channel], _age(now, oldest.get((process, channel))))
    yield from (notices, age)


def _durations(connection: Connection, names: Sequence[str]) -> Iterator[Metric]:
    documentation = {
        "to_proposal": "Submission (or reception) to the robot's proposal, over every proposed item.",
        "to_decision": "Submission (or reception) to the caseworker's decision, over every decided item.",
    }
    for span in read.SPANS:
        family = HistogramMetricFamily(
            f"robot_submission_{span}_seconds", documentation[span], labels=["process"]
        )
        found = read.duration_buckets(connection, span, DURATION_BUCKETS)
        empty = read.Buckets(0, 0.0, (0,) * len(DURATION_BUCKETS))
        for process in names:
            buckets = found.get(process, empty)
            pairs = [
                (str(float(bound)), float(n))
                for bound, n in zip(DURATION_BUCKETS, buckets.within, strict=True)
            ]
            family.add_metric(
                [process], [*pairs, ("+Inf", float(buckets.count))], sum_value=buckets.total_seconds
            )
        yield family


def registry(database: Engine, processes: Sequence[ProcessSettings]) -> CollectorRegistry:
    """A registry holding only the robot's collector (not one worker's process and platform metrics)."""
    found = CollectorRegistry(auto_describe=False)
    found.register(RobotCollector(database, processes))
    return found


def exposition(database: Engine, processes: Sequence[ProcessSettings]) -> bytes:
    """The metrics in the Prometheus text format (served as :data:`CONTENT_TYPE`), read now."""
    return generate_latest(registry(database, processes))


def metrics_app(database: Engine, processes: Sequence[ProcessSettings]) -> Any:
    """An ASGI application answering with the metrics: ``app.mount("/metrics", metrics_app(...))``."""
    return make_asgi_app(registry(database, processes))


def serve_metrics(database: Engine, processes: Sequence[ProcessSettings], host: str, port: int) -> Any:
    """Serve the metrics on ``http://host:port/metrics`` from a daemon thread; ``.shutdown()`` stops it."""
    server, _thread = start_http_server(port, host, registry(database, processes))
    log.info("metrics_serving", host=host, port=server.server_port)
    return server
