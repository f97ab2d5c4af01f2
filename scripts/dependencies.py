"""Print the project's dependencies from pyproject.toml, one per line (``[project] dependencies`` and the ``dev`` extra).

The setup script installs these into the virtual environment; the project itself runs from its folder.
``--production`` prints what a deployment needs instead: the dependencies and the ``postgres`` extra
(deploy/Dockerfile installs those).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def main() -> int:
    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8"))[
        "project"
    ]
    extras = project.get("optional-dependencies", {})
    wanted = "postgres" if "--production" in sys.argv[1:] else "dev"
    for requirement in [*project["dependencies"], *extras.get(wanted, [])]:
        print(requirement)
    return 0


if __name__ == "__main__":
    sys.exit(main())
