"""Type tables: a benefit's income, expense or completion codes and how its rules treat each, read from YAML.

A table maps each code to a mapping with at least a ``label`` and, where the table has actions, an
``action`` from the allowed ones; :func:`load_table` checks that and every required key, and names
the file and code of any entry to fix. :func:`load_entries` makes each entry a benefit's own typed
record (a dataclass deriving from :class:`TypeEntry`), taking the keys its fields name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

import yaml

from rules.engine.parameters import ParameterFileError


def load_table(
    path: Path, *, actions: Iterable[str] | None = None, required: Iterable[str] = ("label",)
) -> dict[str, dict[str, Any]]:
    """Code -> its entry; a malformed table raises :class:`ParameterFileError` saying what to fix."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ParameterFileError(f"{path}: the table cannot be read ({error}).") from error
    if not isinstance(data, dict):
        raise ParameterFileError(f"{path}: expected a mapping of type codes.")
    allowed = tuple(actions) if actions is not None else None
    table: dict[str, dict[str, Any]] = {}
    for code, spec in data.items():
        if not isinstance(spec, dict):
            raise ParameterFileError(f"{path} ({code}): each code needs a mapping with a 'label'.")
        if allowed is not None and spec.get("action") not in allowed:
            raise ParameterFileError(f"{path} ({code}): 'action' must be {' or '.join(allowed)}.")
        for key in required:
            if not spec.get(key):
                raise ParameterFileError(f"{path} ({code}): '{key}' is missing.")
        table[str(code)] = spec
    return table


@dataclass(frozen=True, slots=True)
class TypeEntry:
    """One code of a type table: its label, what the rules do with it, and on what legal ground."""

    code: str
    label: str
    action: str
    legal_reference: str = ""


@dataclass(frozen=True, slots=True)
class CompletionEntry(TypeEntry):
    """One thing the applicant can supply (``action``: document or question; ``label``: the text to the
    applicant); ``external``: another system's code for it (NAV's vedlegg type, e.g. ``lonnslipp|arbeid``)."""

    external: str = ""


EntryT = TypeVar("EntryT", bound=TypeEntry)


def load_entries(
    path: Path, entry: type[EntryT], *, actions: Iterable[str], required: Iterable[str] = ("label",)
) -> dict[str, EntryT]:
    """Code -> ``entry`` record with the table's values for the record's fields (others are ignored)."""
    names = [field.name for field in fields(entry) if field.name != "code"]
    table = load_table(path, actions=actions, required=required)
    return {
        code: entry(code, **{name: spec[name] for name in names if spec.get(name) is not None})
        for code, spec in table.items()
    }
