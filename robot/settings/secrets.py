"""Secrets by name: the environment variable ``ROBOT_<NAME>`` or the file ``<secrets folder>/<name>``.

A process's settings name the secrets it needs (e.g. ``password_secret = "case_system_password"``);
the values never live in a settings file. The secrets folder is ``ROBOT_SECRETS_DIR`` (default
``/run/secrets``, where systemd credentials and container secrets are mounted).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import SecretStr

SECRET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
DEFAULT_SECRETS_DIR = Path("/run/secrets")

Origin = Literal["environment", "secrets folder", "generated for the sandbox", "missing"]


class MissingSecret(LookupError):
    """A secret the settings name is not set. The message says where to put it."""


def secrets_dir() -> Path:
    return Path(os.environ.get("ROBOT_SECRETS_DIR", str(DEFAULT_SECRETS_DIR)))


def env_name(name: str) -> str:
    """``case_system_password`` -> ``ROBOT_CASE_SYSTEM_PASSWORD``."""
    return f"ROBOT_{name.upper()}"


def where_to_put(name: str) -> str:
    return f"the environment variable {env_name(name)} or the file {secrets_dir() / name}"


@dataclass
class SecretStore:
    """Looks secrets up by name; ``overrides`` (e.g. made up for an embedded sandbox) win."""

    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    folder: Path | None = None
    overrides: dict[str, SecretStr] = field(default_factory=dict)

    def _folder(self) -> Path:
        return self.folder if self.folder is not None else secrets_dir()

    def lookup(self, name: str) -> tuple[SecretStr | None, Origin]:
        """The secret and where it came from; ``(None, "missing")`` when it is not set anywhere."""
        if not SECRET_NAME.match(name):
            raise ValueError(f"{name!r} is not a secret name (lower-case letters, digits and _)")
        if name in self.overrides:
            return self.overrides[name], "generated for the sandbox"
        value = self.environ.get(env_name(name))
        if value:
            return SecretStr(value), "environment"
        path = self._folder() / name
        if path.is_file():
            text = path.read_text(encoding="utf-8").strip()
            if text:
                return SecretStr(text), "secrets folder"
        return None, "missing"

    def get(self, name: str) -> SecretStr | None:
        return self.lookup(name)[0]

    def require(self, name: str) -> str:
        """The secret's value, or :class:`MissingSecret` with a sentence saying where to put it."""
        secret = self.get(name)
        if secret is None:
            raise MissingSecret(f"The secret {name!r} is not set. Give it in {where_to_put(name)}.")
        return secret.get_secret_value()
