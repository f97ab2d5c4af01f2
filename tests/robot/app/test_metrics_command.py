"""``metrics`` and ``run``'s metrics port as a user runs them: scraped after a real pass, matching ``status``."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.robot.app.test_cli import PROJECT, environment, robot


def _items(text: str) -> dict[tuple[str, str], int]:
    return {
        (sample.labels["process"], sample.labels["state"]): int(sample.value)
        for family in text_string_to_metric_families(text)
        if family.name == "robot_items"
        for sample in family.samples
    }


def _serving(command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """Start a command that prints ``Metrics: URL`` and return it with that URL."""
    process = subprocess.Popen(
        [sys.executable, "run_robot.py", *command],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"Metrics: (http://\S+/metrics)", line)
        if found:
            return process, found.group(1)
    process.wait(timeout=30)
    raise AssertionError(
        f"no metrics address printed; stderr: {process.stderr.read() if process.stderr else ''}"
    )


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


@pytest.mark.slow
@pytest.mark.browser
def test_metrics_scraped_after_a_pass_match_status(tmp_path: Path) -> None:
    result = robot(tmp_path, "once", ROBOT_SANDBOX__APPLICATIONS="4", ROBOT_SANDBOX__SEED="5", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    status = robot(tmp_path, "status")
    assert status.returncode == 0, status.stderr
    printed: dict[tuple[str, str], int] = {}
    for name, states in re.findall(r"^(\w+): \d+ items\n  (.+)$", status.stdout, re.MULTILINE):
        printed.update({(name, state): int(count) for state, count in re.findall(r"(\w+) (\d+)", states)})
    assert printed[("forsorjningsstod", "proposed")] + printed[("forsorjningsstod", "manual")] > 0

    server, url = _serving(["metrics", "--port", "0"], environment(tmp_path))
    try:
        scraped = httpx.get(url, timeout=30)
    finally:
        _stop(server)
    assert scraped.status_code == 200
    assert _items(scraped.text) == printed
    once = robot(tmp_path, "metrics", "--print")
    assert once.returncode == 0 and _items(once.stdout) == printed
    passes = re.findall(
        r'^robot_passes_total\{outcome="completed",process="(\w+)"\} 1\.0$', once.stdout, re.M
    )
    assert sorted(passes) == ["forsorjningsstod", "sosialhjelp"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_run_serves_the_metrics_on_the_port_in_the_settings(tmp_path: Path) -> None:
    port = _free_port()
    env = environment(
        tmp_path,
        ROBOT_SANDBOX__EMBEDDED="false",
        ROBOT_CASE_SYSTEM_PASSWORD="x",
        ROBOT_METRICS__PORT=str(port),
    )
    worker, url = _serving(["run"], env)
    try:
        assert url == f"http://127.0.0.1:{port}/metrics"
        scraped = httpx.get(url, timeout=30)
    finally:
        out = _stop(worker)
    assert scraped.status_code == 200 and "robot_database_up 1.0" in scraped.text
    assert _items(scraped.text)[("forsorjningsstod", "new")] == 0
    assert "Stopped cleanly." in out
