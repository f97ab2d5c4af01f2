"""The robot's settings: one pydantic model loaded from config/robot.toml, overridable from the environment.

Order of precedence (highest first): explicit arguments, environment variables
(``ROBOT_<SECTION>__<KEY>``), the secrets folder (for the password only), the TOML file named by
``ROBOT_CONFIG`` (default ``config/robot.toml``). Secrets are refused in the TOML file.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from typing import Any, Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG = Path("config/robot.toml")
SECRET_KEYS = ("password", "secret", "token")


class PathSettings(BaseModel):
    data_dir: Path = Path("data")
    reports_dir: Path = Path("data/reports")
    log_file: Path = Path("data/logs/robot.jsonl")
    artifacts_dir: Path = Path("data/artifacts")
    artifacts_retention_days: int = Field(30, ge=1, le=3650)


class DatabaseSettings(BaseModel):
    url: str = "sqlite:///data/robot.db"

    @field_validator("url")
    @classmethod
    def known_database(cls, url: str) -> str:
        if not re.match(r"^(sqlite|postgresql(\+psycopg)?)://", url):
            raise ValueError(
                "must start with sqlite:/// or postgresql+psycopg:// (other databases are not supported)"
            )
        return url


class SandboxSettings(BaseModel):
    embedded: bool = True
    data_dir: Path = Path("data/sandbox")
    applications: int = Field(25, ge=0, le=10000)
    seed: int = 2021
    month: str = "2021-12"

    @field_validator("month")
    @classmethod
    def valid_month(cls, month: str) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise ValueError("must be a month written YYYY-MM, e.g. 2021-12")
        return month


class ServiceSettings(BaseModel):
    url: str
    timeout_seconds: float = Field(10, gt=0, le=300)

    @field_validator("url")
    @classmethod
    def http_url(cls, url: str) -> str:
        if not re.match(r"^https?://[^\s/]+", url):
            raise ValueError("must be an http:// or https:// address, e.g. http://127.0.0.1:8701")
        return url.rstrip("/")


class CaseSystemSettings(BaseModel):
    url: str = "http://127.0.0.1:8703"
    username: str = "robot"
    timeout_ms: int = Field(10000, ge=500, le=300000)
    headless: bool = True
    trace: bool = True

    _check_url = field_validator("url")(ServiceSettings.http_url.__func__)  # type: ignore[attr-defined]


class EngineSettings(BaseModel):
    worker_id: str = ""
    lease_seconds: float = Field(120, ge=5, le=3600)
    max_attempts: int = Field(3, ge=1, le=20)
    backoff_base_seconds: float = Field(2, ge=0, le=600)
    backoff_max_seconds: float = Field(60, ge=0, le=3600)
    circuit_breaker_threshold: int = Field(5, ge=1, le=1000)
    max_items_per_pass: int = Field(500, ge=1, le=100000)

    def effective_worker_id(self) -> str:
        return self.worker_id or f"{socket.gethostname()}-{os.getpid()}"


class ProcessSettings(BaseModel):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    factory: str = Field(pattern=r"^[\w.]+:\w+$")
    schedule: str = "*/15 7-18 * * mon-fri"
    timezone: str = "Europe/Stockholm"
    misfire_grace_seconds: int = Field(300, ge=1, le=86400)
    municipality_file: Path | None = None
    enabled: bool = True

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


class Settings(BaseSettings):
    """Everything the robot needs to run. See config/robot.toml for the meaning of each value."""

    model_config = SettingsConfigDict(
        env_prefix="ROBOT_",
        env_nested_delimiter="__",
        extra="forbid",
        secrets_dir=None,
    )

    environment: Literal["sandbox", "production"] = "sandbox"
    paths: PathSettings = PathSettings()
    database: DatabaseSettings = DatabaseSettings()
    sandbox: SandboxSettings = SandboxSettings()
    eservice: ServiceSettings = ServiceSettings(url="http://127.0.0.1:8701")
    income_register: ServiceSettings = ServiceSettings(url="http://127.0.0.1:8702")
    case_system: CaseSystemSettings = CaseSystemSettings()
    engine: EngineSettings = EngineSettings()
    processes: list[ProcessSettings] = Field(default_factory=list)
    case_system_password: SecretStr | None = None

    @property
    def allow_unverified(self) -> bool:
        return self.environment == "sandbox"

    @model_validator(mode="after")
    def production_is_strict(self) -> Settings:
        if self.environment == "production" and self.sandbox.embedded:
            raise ValueError(
                "environment is 'production' but sandbox.embedded is true; set sandbox.embedded = false "
                "and point eservice, income_register and case_system at the real systems"
            )
        names = [process.name for process in self.processes]
        if len(names) != len(set(names)):
            raise ValueError(f"process names must be unique, got {names}")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = _SecretFreeToml(settings_cls, toml_file=config_path())
        secrets = _PasswordFile(settings_cls)
        return (init_settings, env_settings, secrets, toml)

    def masked(self) -> dict[str, Any]:
        """The effective settings as plain data, with every secret masked."""
        data = self.model_dump(mode="json")
        data["case_system_password"] = "********" if self.case_system_password else None
        return data


class SettingsError(Exception):
    """The settings are invalid. The message says which value and what to do."""


def config_path() -> Path:
    return Path(os.environ.get("ROBOT_CONFIG", str(DEFAULT_CONFIG)))


def secrets_dir() -> Path:
    return Path(os.environ.get("ROBOT_SECRETS_DIR", "/run/secrets"))


class _SecretFreeToml(TomlConfigSettingsSource):
    """The TOML settings file, refusing any secret written into it."""

    def __call__(self) -> dict[str, Any]:
        data = super().__call__()
        found = _secret_paths(data)
        if found:
            raise SettingsError(
                f"The settings file {config_path()} contains a secret ({', '.join(found)}). Remove it and "
                "give the password in the environment variable ROBOT_CASE_SYSTEM_PASSWORD or in the file "
                f"{secrets_dir() / 'case_system_password'}."
            )
        return data


class _PasswordFile(PydanticBaseSettingsSource):
    """Reads the case-system password from ``<secrets dir>/case_system_password`` when it exists."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = secrets_dir() / "case_system_password"
        if path.is_file():
            return {"case_system_password": path.read_text(encoding="utf-8").strip()}
        return {}


def _secret_paths(data: Any, prefix: str = "") -> list[str]:
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}{key}"
            if any(word in str(key).lower() for word in SECRET_KEYS):
                found.append(path)
            found.extend(_secret_paths(value, path + "."))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_secret_paths(value, f"{prefix}{index}."))
    return found


def load_settings(**overrides: Any) -> Settings:
    """Load and validate the settings, or raise SettingsError with sentences saying what to fix."""
    path = config_path()
    if not path.is_file():
        raise SettingsError(
            f"The settings file {path} does not exist. Run from the project folder, or set ROBOT_CONFIG "
            "to the path of your settings file."
        )
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error, path)) from None


def describe_validation_error(error: ValidationError, path: Path) -> str:
    lines = [f"The settings are not valid ({path} and ROBOT_* environment variables):"]
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")
        env_name = "ROBOT_" + "__".join(
            str(part).upper() for part in problem["loc"] if not isinstance(part, int)
        )
        lines.append(f"- {where}: {message}. Fix it in the settings file or with {env_name}.")
    return "\n".join(lines)
