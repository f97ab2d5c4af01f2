"""/metrics scraped over HTTP after passes: its figures are those `status` prints, read from the database."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import Engine

from robot.engine.loop import run_pass
from robot.engine.options import EngineOptions
from robot.process import DECIDED, Channel, Decided
from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from robot.report.decision_times import figures, recent
from robot.report.metrics import CONTENT_TYPE, exposition, metrics_app, serve_metrics
from robot.report.status import format_status
from robot.settings import ProcessSettings
from tests.robot.fakes import FakeProcess, record

CHANNELS = (Channel("status"), Channel("mail", frozenset({DECIDED}), resend_after_crash=False))
FAKE = ProcessSettings.model_validate({"name": "fake", "definition": "a.b:c", "schedule": "* * * * *"})

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples[(name, frozenset(labels.items()))]


def scrape(engine: Engine) -> tuple[Samples, str]:
    server = serve_metrics(engine, [FAKE], "127.0.0.1", 0)
    try:
        answer = httpx.get(f"http://127.0.0.1:{server.server_port}/metrics", timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    assert answer.status_code == 200 and answer.headers["content-type"] == CONTENT_TYPE
    return parse(answer.text), answer.text


@pytest.fixture
def two_passes(any_database: Engine, options: EngineOptions) -> WorkQueue:
    """A pass with every outcome (proposed, manual, business, quarantined, failed), then one reading a
    decision whose mail fails once, so a notice is left pending."""
    queue = WorkQueue(any_database, "fake", CHANNELS)
    first = FakeProcess(
        [
            record("ES-1"),
            record("ES-2"),
            record("ES-3"),
            record("ES-4", errors=["Månad saknas."]),
            record("ES-5"),
        ],
        script={"ES-2": ["manual"], "ES-3": ["business"], "ES-5": ["app"]},
    )
    run_pass(first, queue, options)
    second = FakeProcess()
    second.decisions["ES-1"] = Decided("approved", 4321, "handlaggare1", datetime.now(UTC))
    second.fail_notify = {"ES-1/decided/mail"}
    run_pass(second, queue, options)
    return queue


def test_the_scraped_figures_are_those_status_prints(two_passes: WorkQueue) -> None:
    samples, _text = scrape(two_passes.engine)
    status = format_status(two_passes.engine, [FAKE])
    printed_states = dict(re.findall(r"(\w+) (\d+)", status.splitlines()[1]))
    assert {state: int(count) for state, count in printed_states.items()} == two_passes.counts()
    for state, count in two_passes.counts().items():
        assert value(samples, "robot_items", process="fake", state=state) == count
    assert two_passes.counts()["failed"] == 1 and two_passes.counts()["manual"] == 2
    assert value(samples, "robot_item_attempts", process="fake", state="failed") == 3

    passes = two_passes.passes()
    assert status.count("  pass ") == len(passes) == 2
    assert value(samples, "robot_passes_total", process="fake", outcome="completed") == 2
    last_line = next(
        line for line in status.splitlines() if line.startswith(f"  pass {passes[0].run_id[:8]}")
    )
    for outcome, count in re.findall(r"(\w+) (\d+)", last_line.split(": ", 1)[1]):
        assert value(samples, "robot_last_pass_items", process="fake", outcome=outcome) == int(count)
    assert value(samples, "robot_last_pass_items", process="fake", outcome="decided") == 1
    for outcome in passes[0].counts:
        added = sum(record_.counts.get(outcome, 0) for record_ in passes)
        assert value(samples, "robot_pass_items_total", process="fake", outcome=outcome) == added
    assert value(samples, "robot_pass_items_total", process="fake", outcome="retried") == 2

    found = figures(recent(two_passes))
    assert f"({found.to_proposal.count})" in status and found.to_proposal.count == 1
    median = value(samples, "robot_recent_submission_to_proposal_seconds", process="fake", statistic="median")
    assert median == pytest.approx(found.to_proposal.median_hours * 3600)  # type: ignore[operator]
    assert value(samples, "robot_recent_decision_time_items", process="fake", duration="to_decision") == 1
    assert value(samples, "robot_undecided_over_24h", process="fake") == found.undecided_over_24h == 0
    assert value(samples, "robot_submission_to_proposal_seconds_count", process="fake") == 1
    assert value(samples, "robot_submission_to_decision_seconds_count", process="fake") == 1
    assert value(samples, "robot_submission_to_decision_seconds_bucket", process="fake", le="60.0") == 1

    assert value(samples, "robot_notices", process="fake", channel="mail", state="pending") == 1
    assert value(samples, "robot_notices", process="fake", channel="status", state="sent") > 0
    assert value(samples, "robot_notices_oldest_unsent_age_seconds", process="fake", channel="mail") > 0
    assert value(samples, "robot_queue_oldest_waiting_age_seconds", process="fake") == 0
    assert value(samples, "robot_circuit_breaker_open", process="fake") == 0
    assert value(samples, "robot_last_pass_outcome", process="fake", outcome="completed") == 1
    assert value(samples, "robot_health_problems", process="fake") == 0
    assert value(samples, "robot_database_up") == 1


def test_several_readers_of_one_database_show_the_same_figures(two_passes: WorkQueue) -> None:
    """Each worker serves what the database holds, so two scrapes never add up one pass twice."""
    first, _ = scrape(two_passes.engine)
    second = parse(exposition(two_passes.engine, [FAKE]).decode())
    moving = {"robot_queue_oldest_waiting_age_seconds", "robot_notices_oldest_unsent_age_seconds"}
    assert {k: v for k, v in first.items() if k[0] not in moving} == {
        k: v for k, v in second.items() if k[0] not in moving
    }


def test_a_waiting_item_ages_and_an_open_breaker_and_a_failed_start_show(
    engine: Engine, options: EngineOptions
) -> None:
    queue = WorkQueue(engine, "fake")
    tripping = dataclasses.replace(options, circuit_breaker_threshold=1)
    run_pass(FakeProcess([record("ES-1"), record("ES-2")], default="app"), queue, tripping)
    samples, _ = scrape(engine)
    assert value(samples, "robot_circuit_breaker_open", process="fake") == 1
    assert value(samples, "robot_last_pass_outcome", process="fake", outcome="circuit_breaker") == 1
    assert value(samples, "robot_passes_total", process="fake", outcome="circuit_breaker") == 1
    assert value(samples, "robot_items_waiting_to_retry", process="fake") == 1
    assert value(samples, "robot_queue_oldest_waiting_age_seconds", process="fake") > 0
    assert value(samples, "robot_health_problems", process="fake") == 1  # status --check: the breaker
    run_pass(FakeProcess(start_failures=5), queue, options)
    samples, _ = scrape(engine)
    assert value(samples, "robot_circuit_breaker_open", process="fake") == 0
    assert value(samples, "robot_last_pass_outcome", process="fake", outcome="init_failed") == 1


def test_an_unreachable_database_is_a_figure_not_an_error() -> None:
    unreachable = make_engine("postgresql+psycopg://robot@127.0.0.1:9/none?connect_timeout=2")
    try:
        samples = parse(exposition(unreachable, [FAKE]).decode())
    finally:
        unreachable.dispose()
    assert samples == {("robot_database_up", frozenset()): 0}


@pytest.fixture
def console(two_passes: WorkQueue) -> Iterator[TestClient]:
    """The console's one line: mount the collector's ASGI application at /metrics."""
    app = FastAPI()
    app.mount("/metrics", metrics_app(two_passes.engine, [FAKE]))
    with TestClient(app) as client:
        yield client


def test_the_console_serves_the_same_collector_when_mounted(console: TestClient) -> None:
    answer = console.get("/metrics")  # mounted apps answer at /metrics/; the redirect is followed
    assert answer.status_code == 200
    samples = parse(answer.text)
    assert value(samples, "robot_items", process="fake", state="proposed") == 1
    assert value(samples, "robot_items", process="fake", state="failed") == 1
