"""The systemd units as systemd reads them: ``systemd-analyze verify`` finds no unknown key or bad value.

The one complaint allowed is that /opt/robot (where the README installs the robot) does not exist here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.deploy.conftest import DEPLOY, tool

NOT_INSTALLED_HERE = "Command /opt/robot/.venv/bin/python is not executable: No such file or directory"


def test_systemd_finds_the_units_valid(tmp_path: Path) -> None:
    analyze = tool("systemd-analyze")
    for unit in DEPLOY.glob("robot-*"):
        shutil.copy(unit, tmp_path / unit.name)
    result = subprocess.run(
        [
            analyze,
            "verify",
            "--man=no",
            "robot-worker@1.service",
            "robot-health.service",
            "robot-health.timer",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert complaints and all(line.endswith(NOT_INSTALLED_HERE) for line in complaints), complaints
