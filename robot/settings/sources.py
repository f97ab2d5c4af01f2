"""Where the settings come from: the TOML file (refusing secrets in it) and per-process environment overrides.

``ROBOT_CONFIG`` names the file (default ``config/robot.toml``); ``ROBOT_PROCESS__<NAME>__<KEY>``
variables are merged into the matching ``[[processes]]`` block before validation.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, TomlConfigSettingsSource

from robot.settings.secrets import SECRET_NAME, where_to_put

DEFAULT_CONFIG = Path("config/robot.toml")


def config_path() -> Path:
    """The settings file: ``ROBOT_CONFIG`` or ``config/robot.toml``."""
    return Path(os.environ.get("ROBOT_CONFIG", str(DEFAULT_CONFIG)))


SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey", "credential")
PROCESS_ENV = "ROBOT_PROCESS__"


class SecretInFile(Exception):
    """The settings file holds a secret; the message says where the value belongs instead."""


def settings_sources(
    settings_cls: type[BaseSettings],
    init_settings: PydanticBaseSettingsSource,
    env_settings: PydanticBaseSettingsSource,
) -> tuple[PydanticBaseSettingsSource, ...]:
    return (init_settings, env_settings, _SettingsFile(settings_cls, toml_file=config_path()))


class _SettingsFile(TomlConfigSettingsSource):
    """The TOML file, refusing secrets in it and applying ``ROBOT_PROCESS__<NAME>__...`` overrides."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        found = _secret_paths(data)
        if found:
            raise SecretInFile(
                f"The settings file {config_path()} contains a secret ({', '.join(found)}). Remove it: "
                'settings name secrets (e.g. password_secret = "case_system_password") and the value goes '
                f"in {where_to_put('case_system_password')}."
            )
        processes = data.get("processes")
        if isinstance(processes, list):
            data["processes"] = _apply_process_environment(processes, os.environ)
        return data


def _secret_paths(data: Any, prefix: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}{key}"
            lowered = str(key).lower()
            names_a_secret = (
                lowered.endswith("_secret") and isinstance(value, str) and SECRET_NAME.match(value)
            )
            if any(word in lowered for word in SECRET_WORDS) and not names_a_secret:
                found.append(path)
            found.extend(_secret_paths(value, path + "."))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_secret_paths(value, f"{prefix}{index}."))
    return found


def _apply_process_environment(processes: list[Any], environ: Any) -> list[Any]:
    """Merge ``ROBOT_PROCESS__<NAME>__<KEY>[__<KEY>...]=value`` into the matching process block."""
    by_name = {str(p.get("name", "")).upper(): p for p in processes if isinstance(p, dict)}
    for variable, value in sorted(environ.items()):
        if not variable.startswith(PROCESS_ENV):
            continue
        name, _, rest = variable.removeprefix(PROCESS_ENV).partition("__")
        block = by_name.get(name)
        if block is None or not rest:
            continue  # reported by check_environment with the nearest process name
        target = block
        parts = [part.lower() for part in rest.split("__")]
        for part in parts[:-1]:
            child = target.get(part)
            if not isinstance(child, dict):
                child = {}
                target[part] = child
            target = child
        target[parts[-1]] = value
    return processes
