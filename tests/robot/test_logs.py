"""Logging: JSON lines in the file, readable console lines, identity numbers and secrets masked in both."""

from __future__ import annotations

import io
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from robot.logs import bind_run, configure_logging, log_destination
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


def _reset() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_robot_logging_handler", False)]:
        root.removeHandler(handler)
        handler.close()
    structlog.reset_defaults()


def test_the_file_is_rotated_at_its_size_and_keeps_the_newest_files(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "robot.jsonl"
    configure_logging(log_file, console=False, rotate_bytes=400, keep_files=2)
    try:
        for number in range(20):
            structlog.get_logger("robot.test").info("line", number=number, padding="x" * 60)
    finally:
        _reset()
    kept = sorted(path.name for path in log_file.parent.iterdir())
    assert kept == ["robot.jsonl", "robot.jsonl.1", "robot.jsonl.2"]
    numbers = [
        json.loads(line)["number"]
        for name in ("robot.jsonl.2", "robot.jsonl.1", "robot.jsonl")
        for line in (log_file.parent / name).read_text(encoding="utf-8").splitlines()
    ]
    assert numbers == list(range(numbers[0], 20))  # the newest lines, in order, none lost between files
    assert numbers[0] > 0 and all((log_file.parent / name).stat().st_size <= 400 for name in kept)


def test_the_file_is_rotated_on_the_first_line_of_a_new_day(tmp_path: Path) -> None:
    log_file = tmp_path / "robot.jsonl"
    log_file.write_text('{"event": "yesterday"}\n', encoding="utf-8")
    two_days_ago = time.time() - 2 * 86400
    os.utime(log_file, (two_days_ago, two_days_ago))
    configure_logging(log_file, console=False)
    try:
        structlog.get_logger("robot.test").info("today")
        structlog.get_logger("robot.test").info("still today")
    finally:
        _reset()
    assert [json.loads(x)["event"] for x in (tmp_path / "robot.jsonl.1").read_text().splitlines()] == [
        "yesterday"
    ]
    assert [json.loads(x)["event"] for x in log_file.read_text().splitlines()] == ["today", "still today"]


def test_journald_is_chosen_only_when_journal_stream_names_this_standard_error(tmp_path: Path) -> None:
    with open(tmp_path / "stderr", "w") as stream, open(tmp_path / "other", "w") as other:
        found = os.fstat(stream.fileno())
        environ = {"JOURNAL_STREAM": f"{found.st_dev}:{found.st_ino}"}
        assert log_destination("auto", environ, stream) == "journald"
        assert log_destination("auto", environ, other) == "file"  # output redirected away from the journal
        assert log_destination("auto", {}, stream) == "file"
        assert log_destination("auto", {"JOURNAL_STREAM": "garbage"}, stream) == "file"
        assert log_destination("stderr", environ, stream) == "stderr"
    with pytest.raises(ValueError, match="unknown log destination"):
        log_destination("syslog", {}, None)


@pytest.mark.parametrize(("destination", "prefix"), [("journald", "<4>"), ("stderr", "")])
def test_journald_and_stderr_get_masked_json_lines_and_no_file_is_written(
    tmp_path: Path, destination: str, prefix: str
) -> None:
    log_file = tmp_path / "logs" / "robot.jsonl"
    stream = io.StringIO()
    configure_logging(log_file, console=True, console_stream=stream, destination=destination)  # type: ignore[arg-type]
    try:
        structlog.get_logger("robot.test").warning("case_missing", subject=IDENTITY)
        logging.getLogger("thirdparty").error("down")
    finally:
        _reset()
    first, second = stream.getvalue().splitlines()
    assert first.startswith(prefix + "{") and second.startswith(("<3>" if prefix else "") + "{")
    line = json.loads(first.removeprefix(prefix))
    assert (
        line["event"] == "case_missing" and line["subject"] == "19850312-****" and line["level"] == "warning"
    )
    assert not log_file.parent.exists()
