"""The package contracts: import-linter enforces them (`make lint`); the architecture document names each one."""

from __future__ import annotations

import configparser
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_named_in_the_architecture_document() -> None:
    config = configparser.ConfigParser()
    config.read(PROJECT / ".importlinter", encoding="utf-8")
    names = [
        config[section]["name"]
        for section in config.sections()
        if section.startswith("importlinter:contract:")
    ]
    document = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert len(names) >= 5
    assert [name for name in names if f"- {name}\n" not in document] == []


def test_every_test_folder_with_test_modules_is_a_package() -> None:
    """Two test modules may share a base name (tests/sandbox/test_booking.py and tests/connectors/...) only
    when each folder is a package; otherwise pytest refuses to collect on a clean clone."""
    folders = {path.parent for path in (PROJECT / "tests").rglob("test_*.py")}
    assert sorted(str(f.relative_to(PROJECT)) for f in folders if not (f / "__init__.py").exists()) == []
