"""The robot's settings: one TOML file (``config/robot.toml``), overridable from the environment.

The engine's own sections are modelled here; each ``[[processes]]`` block holds the engine's keys
for the process (name, definition, schedule, ...) and the process's own settings, which the
process's :class:`robot.process.ProcessDefinition` validates with its own model. Every model
refuses unknown keys, so a misspelt key is an error that names the nearest valid key.

Precedence (highest first): explicit arguments, ``ROBOT_<SECTION>__<KEY>`` and
``ROBOT_PROCESS__<NAME>__<KEY>`` environment variables, the TOML file. Secrets are looked up by name
(:mod:`robot.settings.secrets`) and refused in the file. The file is read by :mod:`robot.settings.sources`;
loading and checking live in :mod:`robot.settings.loading`.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from robot.masking import mask_url_password
from robot.settings.secrets import SECRET_NAME, SecretStore
from robot.settings.sources import settings_sources

if TYPE_CHECKING:
    from robot.process import ProcessDefinition

PROCESS_NAME = r"^[a-z][a-z0-9_]*$"
TraceMode = Literal["off", "on_retry", "always"]


class StrictModel(BaseModel):
    """A settings section: unknown keys are refused (a misspelt key must never pass silently)."""

    model_config = ConfigDict(extra="forbid")


def _http_url(url: str) -> str:
    if not re.match(r"^https?://[^\s/]+", url):
        raise ValueError("must be an http:// or https:// address, e.g. http://127.0.0.1:8701")
    return url.rstrip("/")


def _secret_name(name: str) -> str:
    if not SECRET_NAME.match(name):
        raise ValueError("must be the NAME of a secret (lower-case letters, digits and _), not its value")
    return name


class _StandsIn:
    """A system's settings the sandbox can replace: ``sandbox`` names its stand-in (default: the key's name).

    Any settings model with ``sandbox``, ``sandbox_address()`` and ``use_sandbox(urls)`` is pointed
    at the stand-ins the same way (see robot.app.embedded); connectors.mail.MailSettings is one.
    """

    url: str
    sandbox: str | None

    def sandbox_address(self) -> str:
        return self.url

    def use_sandbox(self, urls: Mapping[str, str], name: str) -> Self:
        system = self.sandbox or name
        return self.model_copy(update={"url": urls[system]}) if system in urls else self  # type: ignore[attr-defined]


class ServiceSettings(_StandsIn, StrictModel):
    """An HTTP service a process talks to. ``sandbox`` names the stand-in that replaces it in the sandbox."""

    url: str
    timeout_seconds: float = Field(10, gt=0, le=300)
    sandbox: str | None = None

    _check_url = field_validator("url")(_http_url)


class WebAppSettings(_StandsIn, StrictModel):
    """A web application the robot drives with a browser, logging in as ``username``."""

    url: str
    username: str = Field(min_length=1)
    password_secret: str = "case_system_password"
    timeout_ms: int = Field(10000, ge=500, le=300000)
    headless: bool = True
    sandbox: str | None = None

    _check_url = field_validator("url")(_http_url)
    _check_secret = field_validator("password_secret")(_secret_name)


class PathSettings(StrictModel):
    data_dir: Path = Path("data")
    reports_dir: Path = Path("data/reports")
    log_file: Path = Path("data/logs/robot.jsonl")
    artifacts_dir: Path = Path("data/artifacts")
    artifacts_retention_days: int = Field(30, ge=1, le=3650)


class DatabaseSettings(StrictModel):
    url: str = "sqlite:///data/robot.db"

    @field_validator("url")
    @classmethod
    def known_database(cls, url: str) -> str:
        if not re.match(r"^(sqlite|postgresql(\+psycopg)?)://", url):
            raise ValueError(
                "must start with sqlite:/// or postgresql+psycopg:// (other databases are not supported)"
            )
        return url


class SandboxSettings(StrictModel):
    embedded: bool = True
    provider: str = Field("sandbox.runner:embedded", pattern=r"^[\w.]+:\w+$")
    data_dir: Path = Path("data/sandbox")
    applications: int = Field(25, ge=0, le=10000)
    seed: int = 2021
    month: str = "2024-12"

    @field_validator("month")
    @classmethod
    def valid_month(cls, month: str) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise ValueError("must be a month written YYYY-MM, e.g. 2021-12")
        return month


class EngineSettings(StrictModel):
    worker_id: str = ""
    lease_seconds: float = Field(120, ge=5, le=3600)
    max_attempts: int = Field(3, ge=1, le=20)
    backoff_base_seconds: float = Field(2, ge=0, le=600)
    backoff_max_seconds: float = Field(60, ge=0, le=3600)
    circuit_breaker_threshold: int = Field(5, ge=1, le=1000)
    max_items_per_pass: int = Field(500, ge=1, le=100000)
    sessions: int = Field(1, ge=1, le=16)  # items handled at once by this worker (one browser session each)
    follow_up_minutes: float = Field(30, ge=0, le=1440)  # how often an open item is checked for a decision
    max_submission_bytes: int = Field(256 * 1024, ge=1024, le=64 * 1024 * 1024)

    def effective_worker_id(self) -> str:
        return self.worker_id or f"{socket.gethostname()}-{os.getpid()}"


class EvidenceSettings(StrictModel):
    """Evidence of failed attempts: when to trace, and the key that encrypts it at rest."""

    trace: TraceMode = "on_retry"
    encrypt: bool = True
    key_secret: str = "evidence_key"

    _check_secret = field_validator("key_secret")(_secret_name)


class ProcessSettings(BaseModel):
    """The engine's keys of a ``[[processes]]`` block; every other key belongs to the process."""

    model_config = ConfigDict(extra="allow")

    name: str = Field(pattern=PROCESS_NAME)
    definition: str = Field(pattern=r"^[\w.]+:\w+$")
    schedule: str = "*/15 7-18 * * mon-fri"
    timezone: str = "Europe/Stockholm"
    misfire_grace_seconds: int = Field(300, ge=1, le=86400)
    enabled: bool = True
    _definition: ProcessDefinition | None = PrivateAttr(default=None)
    _options: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def valid_schedule(self) -> ProcessSettings:
        try:
            CronTrigger.from_crontab(self.schedule, timezone=self.timezone)
        except (ValueError, LookupError) as error:
            raise ValueError(
                f"schedule {self.schedule!r} with timezone {self.timezone!r} is not a valid cron expression "
                f"(five fields: minute hour day month weekday, e.g. '*/15 7-18 * * mon-fri'): {error}"
            ) from error
        return self

    @property
    def process_definition(self) -> ProcessDefinition:
        if self._definition is None:
            raise RuntimeError(
                f"The process {self.name!r} was not resolved; load settings with load_settings()."
            )
        return self._definition

    @property
    def options(self) -> Any:
        """The process's own settings, validated by its definition's model."""
        if self._options is None:
            raise RuntimeError(
                f"The process {self.name!r} was not resolved; load settings with load_settings()."
            )
        return self._options

    def resolved(self, definition: ProcessDefinition, options: Any) -> ProcessSettings:
        copy = self.model_copy()
        copy._definition, copy._options = definition, options
        return copy

    def with_options(self, **changes: Any) -> ProcessSettings:
        """A copy whose process options have some values replaced (tests and the sandbox use it)."""
        copy = self.model_copy()
        copy._options = self.options.model_copy(update=changes)
        return copy


class Settings(BaseSettings):
    """Everything the robot needs to run. See config/robot.toml for the meaning of each value."""

    model_config = SettingsConfigDict(
        env_prefix="ROBOT_", env_nested_delimiter="__", extra="forbid", secrets_dir=None
    )

    environment: Literal["sandbox", "production"] = "sandbox"
    paths: PathSettings = PathSettings()
    database: DatabaseSettings = DatabaseSettings()
    sandbox: SandboxSettings = SandboxSettings()
    engine: EngineSettings = EngineSettings()
    evidence: EvidenceSettings = EvidenceSettings()
    processes: list[ProcessSettings] = Field(default_factory=list)
    _secrets: SecretStore = PrivateAttr(default_factory=SecretStore)

    @property
    def allow_unverified(self) -> bool:
        return self.environment == "sandbox"

    @property
    def secrets(self) -> SecretStore:
        return self._secrets

    def with_secrets(self, store: SecretStore) -> Settings:
        copy = self.model_copy()
        copy._secrets = store
        return copy

    def process(self, name: str) -> ProcessSettings:
        for process in self.processes:
            if process.name == name:
                return process
        known = ", ".join(p.name for p in self.processes) or "none"
        raise KeyError(f"No process named {name!r} in the settings (configured: {known}).")

    def replace_process(self, updated: ProcessSettings) -> Settings:
        """A copy with one process block replaced (matched by name)."""
        processes = [updated if p.name == updated.name else p for p in self.processes]
        copy = self.model_copy(update={"processes": processes})
        copy._secrets = self._secrets
        return copy

    @model_validator(mode="after")
    def production_is_strict(self) -> Settings:
        if self.environment == "production" and self.sandbox.embedded:
            raise ValueError(
                "environment is 'production' but sandbox.embedded is true; set sandbox.embedded = false "
                "and point every process's systems at the real ones"
            )
        names = [process.name for process in self.processes]
        if len(names) != len(set(names)):
            raise ValueError(f"process names must be unique, got {names}")
        return self

    def secret_names(self) -> list[str]:
        """Every secret the settings name (the processes' ``*_secret`` keys and the evidence key)."""
        names: list[str] = [self.evidence.key_secret] if self.evidence.encrypt else []
        for process in self.processes:
            if process._options is not None:
                names.extend(_secret_fields(process.options))
        return list(dict.fromkeys(names))

    def masked(self) -> dict[str, Any]:
        """The effective settings as plain data: passwords in URLs masked, secrets by name and origin only."""
        data = self.model_dump(mode="json", exclude={"processes"})
        data["database"]["url"] = mask_url_password(self.database.url)
        data["processes"] = []
        for process in self.processes:
            block = process.model_dump(mode="json", exclude=set(process.model_extra or {}))
            if process._options is not None:
                block.update(_mask_urls(process.options.model_dump(mode="json")))
            data["processes"].append(block)
        data["secrets"] = {
            name: ("set (" + origin + ")" if origin != "missing" else "missing")
            for name in self.secret_names()
            for origin in [self._secrets.lookup(name)[1]]
        }
        return data

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return settings_sources(settings_cls, init_settings, env_settings)


def _secret_fields(model: BaseModel) -> list[str]:
    found: list[str] = []
    for key, value in model:
        if isinstance(value, BaseModel):
            found.extend(_secret_fields(value))
        elif key.endswith("_secret") and isinstance(value, str):
            found.append(value)
    return found


def _mask_urls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _mask_urls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_urls(item) for item in value]
    return mask_url_password(value) if isinstance(value, str) else value
