"""Logging: JSON lines in the file, readable console lines, identity numbers and secrets masked in both."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from robot.logs import bind_run, configure_logging
from robot.queue.models import WorkItem

IDENTITY = "19850312-2398"


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[Path, io.StringIO]]:
    log_file = tmp_path / "logs" / "robot.jsonl"
    console = io.StringIO()
    configure_logging(log_file, level="DEBUG", console=True, console_stream=console)
    yield log_file, console
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_robot_logging_handler", False):
            root.removeHandler(handler)
            handler.close()
    structlog.reset_defaults()


def _lines(log_file: Path) -> list[dict]:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]


def test_identity_numbers_are_masked_in_file_and_console(logged) -> None:
    log_file, console = logged
    log = structlog.get_logger("robot.test")
    with bind_run(run_id="run-1"):
        log.info(f"handling {IDENTITY}", subject=IDENTITY, nested={"people": [IDENTITY]}, password="hunter2")
    [line] = _lines(log_file)
    assert line["event"] == "handling 19850312-****"
    assert line["subject"] == "19850312-****" and line["nested"] == {"people": ["19850312-****"]}
    assert line["password"] == "********" and line["run_id"] == "run-1"
    assert line["level"] == "info" and "timestamp" in line
    text = console.getvalue()
    assert "19850312-****" in text and "run-1" in text
    for output in (log_file.read_text(encoding="utf-8"), text):
        assert IDENTITY not in output and "2398" not in output and "hunter2" not in output


def test_standard_logging_and_exceptions_are_masked(logged) -> None:
    log_file, console = logged
    logging.getLogger("thirdparty").warning("lookup failed for %s", "198503122398")
    try:
        raise ValueError(f"no case for {IDENTITY}")
    except ValueError:
        structlog.get_logger("robot.test").exception("case_lookup_failed")
    lines = _lines(log_file)
    assert lines[0]["event"] == "lookup failed for 19850312-****"
    assert "no case for 19850312-****" in lines[1]["exception"]
    everything = log_file.read_text(encoding="utf-8") + console.getvalue()
    assert "2398" not in everything


def test_objects_are_logged_as_masked_text(logged) -> None:
    log_file, console = logged
    item = WorkItem(process="fake", reference="ES-1", subject=IDENTITY)
    structlog.get_logger("robot.test").info("claimed", item=item, path=Path(f"/e/{IDENTITY}.png"))
    [line] = _lines(log_file)
    assert "19850312-****" in line["item"] and line["path"] == "/e/19850312-****.png"
    assert IDENTITY not in log_file.read_text(encoding="utf-8") + console.getvalue()


def test_run_id_is_unbound_after_the_block(logged) -> None:
    log_file, _console = logged
    log = structlog.get_logger("robot.test")
    with bind_run(run_id="run-2"):
        log.info("inside")
    log.info("outside")
    inside, outside = _lines(log_file)
    assert inside["run_id"] == "run-2" and "run_id" not in outside


def test_level_filters_and_reconfiguring_replaces_handlers(tmp_path: Path, logged) -> None:
    second = tmp_path / "second.jsonl"
    configure_logging(second, level="WARNING", console=False)
    structlog.get_logger("robot.test").info("hidden")
    structlog.get_logger("robot.test").warning("shown")
    assert [line["event"] for line in _lines(second)] == ["shown"]
    marked = [h for h in logging.getLogger().handlers if getattr(h, "_robot_logging_handler", False)]
    assert len(marked) == 1


def test_a_pass_id_is_never_cut_by_masking_but_a_number_in_other_values_is(logged) -> None:
    """A uuid hex pass id may hold eleven digits in a row, like a Norwegian fødselsnummer."""
    log_file, _console = logged
    run_id = "651793" + "12345" + "f40349519fbdae960d0e8"  # eleven decimal digits at its start
    with bind_run(run_id=run_id):
        structlog.get_logger("robot.test").info("pass", note="fnr 01818016510 in text")
    (line,) = _lines(log_file)
    assert line["run_id"] == run_id
    assert "01818016510" not in line["note"]
