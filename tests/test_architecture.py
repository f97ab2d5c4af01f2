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
