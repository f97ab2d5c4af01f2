"""The image as far as this machine can test it: no container runtime, so the Dockerfile is linted and
read, and its entry point is run here, as root and as an unprivileged user like the image's.

Not run here: building the image (no runtime, and its base image cannot be pulled offline), Chromium
inside it, and compose starting the services. README ("Deploying") says so.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from robot.report.metrics import serve_metrics
from robot.settings import ProcessSettings
from tests.deploy.conftest import DEPLOY, PROJECT, tool

DOCKERFILE = DEPLOY / "Dockerfile"
ENTRYPOINT = DEPLOY / "entrypoint.sh"
NOBODY = 65534


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions with their arguments, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    result = subprocess.run([tool("hadolint"), str(DOCKERFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_is_debian_python_with_the_headless_shell_run_as_a_user_not_root() -> None:
    steps = _instructions()
    base = next(argument for name, argument in steps if name == "FROM")
    python = re.fullmatch(r"python:(\d+\.\d+)-slim-bookworm", base)
    assert python, base
    wanted = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]["requires-python"]
    assert wanted == f">={python.group(1)}"
    installs = " ".join(argument for name, argument in steps if name == "RUN")
    assert "chromium-headless-shell" in installs and "tini" in installs
    assert "dependencies.py --production" in installs
    [user] = [argument for name, argument in steps if name == "USER"]
    uid, gid = user.split(":")
    assert int(uid) != 0 and int(gid) != 0 and f"--uid {uid}" in installs
    assert ("WORKDIR", "/opt/robot") in steps
    [entrypoint] = [argument for name, argument in steps if name == "ENTRYPOINT"]
    assert entrypoint == '["/usr/bin/tini", "--", "/opt/robot/deploy/entrypoint.sh"]'
    assert ("CMD", '["run"]') in steps


def test_every_file_the_dockerfile_copies_is_in_the_project_and_nothing_secret_goes_in() -> None:
    copied = [argument.split()[:-1] for name, argument in _instructions() if name == "COPY"]
    sources = [source for group in copied for source in group]
    assert sources and all((PROJECT / source).exists() for source in sources), sources
    assert {"robot", "processes", "rules", "connectors", "config", "run_robot.py"} <= set(sources)
    assert not {"tests", "data", "deploy/secrets", ".venv"} & set(sources)
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    assert {"deploy/secrets", "data", ".venv", ".git"} <= set(ignored)


def test_the_production_dependencies_include_the_database_driver_and_metrics() -> None:
    result = subprocess.run(
        [str(PROJECT / ".venv" / "bin" / "python"), "scripts/dependencies.py", "--production"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    wanted = result.stdout.split()
    assert any(line.startswith("psycopg") for line in wanted)
    assert any(line.startswith("prometheus-client") for line in wanted)
    assert not any(line.startswith(("pytest", "mypy", "ruff", "hadolint")) for line in wanted)


def test_shellcheck_finds_nothing_in_the_entry_point() -> None:
    result = subprocess.run([tool("shellcheck"), str(ENTRYPOINT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert os.access(ENTRYPOINT, os.X_OK)


@pytest.fixture
def home() -> Iterator[Path]:
    """A data folder the unprivileged user may write (pytest's own folders are root's, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="robot-image-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _entrypoint(
    *args: str, home: Path, as_nobody: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    extra = dict(env or {})
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ROBOT_")}
    environment.update(
        PROJECT_HOME=str(PROJECT),
        PYTHON=extra.pop("PYTHON", str(PROJECT / ".venv" / "bin" / "python")),
        ROBOT_DATABASE__URL=f"sqlite:///{home / 'data' / 'robot.db'}",
        ROBOT_PATHS__DATA_DIR=str(home / "data"),
        ROBOT_LOGS__DESTINATION="stderr",
        ROBOT_SECRETS_DIR=str(home / "secrets"),
        **extra,
    )
    command = [str(ENTRYPOINT), *args]
    if as_nobody:
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.run(command, cwd="/", env=environment, capture_output=True, text=True, timeout=120)


def _as_the_robot() -> dict[str, str]:
    """Run as the machine lets: the entry point refuses root unless told (tested below)."""
    return {"ENTRYPOINT_ALLOW_ROOT": "1"} if os.geteuid() == 0 else {}


def test_the_entry_point_runs_the_robot_from_the_project_folder(home: Path) -> None:
    migrated = _entrypoint("migrate", home=home, env=_as_the_robot())
    assert migrated.returncode == 0, migrated.stderr
    assert "is at schema revision" in migrated.stdout
    database = home / "data" / "robot.db"
    assert (database.stat().st_mode & 0o077) == 0  # the robot's umask: owner-only
    status = _entrypoint("status", home=home, env=_as_the_robot())
    assert status.returncode == 0 and "forsorjningsstod: 0 items" in status.stdout
    unknown = _entrypoint("no-such-command", home=home, env=_as_the_robot())
    assert unknown.returncode == 2 and "invalid choice" in unknown.stderr


def _python_for_nobody() -> dict[str, str]:
    """A Python an unprivileged user may run with the project's packages: the virtual environment's, or,
    where its interpreter sits in a folder closed to others (pyenv under /root), the system's Python of
    the same version with the environment's packages on its path, as the image has them."""
    venv = PROJECT / ".venv" / "bin" / "python"
    real = Path(os.path.realpath(venv))
    if all(folder.stat().st_mode & 0o001 for folder in real.parents):
        return {"PYTHON": str(venv)}
    packages = next((PROJECT / ".venv" / "lib").glob("python3.*/site-packages"))
    system = shutil.which(packages.parent.name, path="/usr/bin:/usr/local/bin")
    if system is None:
        pytest.skip(f"no {packages.parent.name} open to other users on this machine")
    return {"PYTHON": system, "PYTHONPATH": str(packages)}


def test_the_entry_point_runs_as_an_unprivileged_user_like_the_images(home: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("switching to another user (setpriv) needs root")
    (home / "data").mkdir()
    os.chown(home / "data", NOBODY, NOBODY)
    migrated = _entrypoint("migrate", home=home, as_nobody=True, env=_python_for_nobody())
    assert migrated.returncode == 0, migrated.stderr
    database = home / "data" / "robot.db"
    assert database.stat().st_uid == NOBODY and (database.stat().st_mode & 0o077) == 0
    status = _entrypoint("status", "--check", home=home, as_nobody=True, env=_python_for_nobody())
    assert status.returncode == 1 and "no pass has run ever" in status.stdout


def test_the_entry_point_refuses_root_unless_told(home: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("this check is about running as root")
    refused = _entrypoint("migrate", home=home)
    assert refused.returncode == 77
    assert "does not run as root" in refused.stderr and "uid 10001" in refused.stderr
    assert not (home / "data").exists()  # refused before anything was written
    allowed = _entrypoint("migrate", home=home, env={"ENTRYPOINT_ALLOW_ROOT": "1"})
    assert allowed.returncode == 0, allowed.stderr


@pytest.fixture
def metrics_url(engine: Engine) -> Iterator[str]:
    server = serve_metrics(
        engine, [ProcessSettings.model_validate({"name": "fake", "definition": "a.b:c"})], "127.0.0.1", 0
    )
    try:
        yield f"http://127.0.0.1:{server.server_port}/metrics"
    finally:
        server.shutdown()
        server.server_close()


def test_the_health_probe_passes_only_when_the_service_answers_what_is_asked(
    home: Path, metrics_url: str
) -> None:
    ok = _entrypoint("probe", metrics_url, "robot_database_up 1.0", home=home)
    assert ok.returncode == 0, ok.stderr
    wrong = _entrypoint("probe", metrics_url, "robot_database_up 0.0", home=home)
    assert wrong.returncode == 1 and "answered without 'robot_database_up 0.0'" in wrong.stderr
    with socket_closed() as closed:
        down = _entrypoint("probe", f"http://127.0.0.1:{closed}/health", home=home)
    assert down.returncode == 1 and "Connection refused" in down.stderr
    usage = _entrypoint("probe", home=home)
    assert usage.returncode == 2 and "probe needs a URL" in usage.stderr


@contextlib.contextmanager
def socket_closed() -> Iterator[int]:
    """A port nobody listens on, for as long as the block runs (bound, not listening)."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])
