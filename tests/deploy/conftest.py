"""What the deployment tests share: the project's folders and the test-only tools setup installs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT / "deploy"


def tool(name: str) -> str:
    """The path of a test-only tool (``.venv/bin`` first, then the PATH), or skip saying how to get it."""
    local = PROJECT / ".venv" / "bin" / name
    found = str(local) if local.is_file() else shutil.which(name)
    if found is None:
        pytest.skip(
            f"{name} is not installed; `make setup` fetches it from Debian's packages "
            "(unless SETUP_SKIP_DEPLOY_TOOLS=1)"
        )
    return found
