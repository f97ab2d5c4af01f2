"""The example alert rules: valid for Prometheus, firing as their unit tests say, on metrics the robot exports."""

from __future__ import annotations

import re
import subprocess

import yaml
from sqlalchemy.engine import Engine

from robot.report.metrics import PASS_OUTCOMES, STATES, exposition
from robot.settings import ProcessSettings
from tests.deploy.conftest import DEPLOY, PROJECT, tool

RULES = DEPLOY / "prometheus" / "alerts.yml"
FAKE = ProcessSettings.model_validate({"name": "fake", "definition": "a.b:c"})


def _expressions() -> list[str]:
    groups = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def test_promtool_finds_the_rules_valid() -> None:
    result = subprocess.run([tool("promtool"), "check", "rules", str(RULES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 8 rules found" in result.stdout


def test_the_alerts_fire_and_stay_quiet_as_their_unit_tests_say() -> None:
    result = subprocess.run(
        [tool("promtool"), "test", "rules", "alerts_test.yml"],
        cwd=PROJECT / "tests" / "deploy",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_every_metric_and_label_value_in_the_rules_is_one_the_robot_exports(engine: Engine) -> None:
    text = exposition(engine, [FAKE]).decode()
    exported = set(re.findall(r"^# TYPE (\w+) (\w+)$", text, re.MULTILINE))
    names = {name + ("_total" if kind == "counter" else "") for name, kind in exported}
    used = {name for expression in _expressions() for name in re.findall(r"\brobot_\w+", expression)}
    assert used and used <= names, used - names
    matchers = {pair for e in _expressions() for pair in re.findall(r'(\w+)=~?"([^"]+)"', e)}
    known = {
        "outcome": set(PASS_OUTCOMES),
        "state": set(STATES) | {"pending", "sending", "sent", "uncertain"},
    }
    for label, wanted in matchers:
        assert set(wanted.split("|")) <= known[label], (label, wanted)


def test_the_example_scrape_configuration_is_valid_and_loads_the_rules() -> None:
    result = subprocess.run(
        [tool("promtool"), "check", "config", str(DEPLOY / "prometheus" / "prometheus.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 8 rules found" in result.stdout
