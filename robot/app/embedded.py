"""Running against stand-in systems: the embedded sandbox named in the settings, and pointing processes at it.

The engine imports no sandbox: ``[sandbox] provider`` names a function (default
``sandbox.runner:embedded``) that starts the stand-ins and yields their addresses by system name
(``{"eservice": "http://127.0.0.1:41234", ...}``). Each service in a process's settings says which
stand-in replaces it (``sandbox = "eservice"``); :func:`point_at` rewrites those addresses (any
settings model with ``sandbox``, ``sandbox_address()`` and ``use_sandbox(urls, key)`` takes part).
"""

from __future__ import annotations

import importlib
import secrets as random_secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr

from robot.settings import Settings, SettingsError
from robot.settings.secrets import SecretStore

Provider = Callable[..., AbstractContextManager[Mapping[str, str]]]


def load_provider(dotted: str) -> Provider:
    module_name, _, attribute = dotted.partition(":")
    try:
        provider: Provider = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise SettingsError(
            f"The sandbox provider {dotted!r} cannot be loaded ({error}). Check 'provider' in [sandbox]."
        ) from None
    return provider


def with_sandbox_secrets(settings: Settings) -> Settings:
    """Settings whose missing process secrets are made up (random, this run only), for an embedded sandbox.

    The evidence key is never made up: without one, the sandbox keeps evidence unencrypted and says so.
    """
    named_by_processes = [n for n in settings.secret_names() if n != settings.evidence.key_secret]
    made_up = {
        name: SecretStr(random_secrets.token_urlsafe(24))
        for name in named_by_processes
        if settings.secrets.get(name) is None
    }
    if not made_up:
        return settings
    store = SecretStore(
        environ=settings.secrets.environ,
        folder=settings.secrets.folder,
        overrides={**settings.secrets.overrides, **made_up},
    )
    return settings.with_secrets(store)


def secret_values(settings: Settings) -> dict[str, str]:
    """Every named secret that is set, as plain values (only for handing to an embedded sandbox)."""
    values = {}
    for name in settings.secret_names():
        secret = settings.secrets.get(name)
        if secret is not None:
            values[name] = secret.get_secret_value()
    return values


def _stands_in(model: object) -> bool:
    return hasattr(model, "use_sandbox") and hasattr(model, "sandbox_address")


def _pointed(model: BaseModel, urls: Mapping[str, str], field_name: str = "") -> BaseModel:
    if _stands_in(model):
        pointed: BaseModel = model.use_sandbox(urls, field_name)  # type: ignore[attr-defined]
        return pointed
    changes: dict[str, Any] = {}
    for name, value in model:
        if isinstance(value, BaseModel):
            pointed = _pointed(value, urls, name)
            if pointed is not value:
                changes[name] = pointed
    return model.model_copy(update=changes) if changes else model


def _systems(model: BaseModel, found: dict[str, str], field_name: str = "") -> None:
    if _stands_in(model):
        found.setdefault(getattr(model, "sandbox", None) or field_name, model.sandbox_address())  # type: ignore[attr-defined]
        return
    for name, value in model:
        if isinstance(value, BaseModel):
            _systems(value, found, name)


def configured_systems(settings: Settings) -> dict[str, str]:
    """Each system the processes use, by stand-in name, with its configured address."""
    found: dict[str, str] = {}
    for process in settings.processes:
        _systems(process.options, found)
    return found


def point_at(settings: Settings, urls: Mapping[str, str]) -> Settings:
    """A copy of ``settings`` whose processes' services are the stand-ins in ``urls`` (by system name)."""
    for process in settings.processes:
        pointed = _pointed(process.options, urls)
        if pointed is not process.options:
            settings = settings.replace_process(process.with_options(**dict(pointed)))
    return settings


def estimating_process(settings: Settings) -> str | None:
    """The first process whose commands offer a citizen's estimate (the e-service stand-in's receipt uses it)."""
    from robot.api import CitizenTools

    for process in settings.processes:
        if process.enabled and isinstance(process.process_definition.tools, CitizenTools):
            return process.name
    return None


@contextmanager
def embedded_sandbox(settings: Settings, seed_if_empty: bool = True, **extra: Any) -> Iterator[Settings]:
    """Start the stand-ins when the settings ask for it; yield settings pointing at them.

    Secrets the settings name but nobody set are made up for this run (the sandbox's accounts use them).
    The rules API runs beside them, so the e-service's receipt can show a preliminary answer.
    """
    if not settings.sandbox.embedded:
        yield settings
        return
    from robot.api import BackgroundApi

    settings = with_sandbox_secrets(settings)
    provider = load_provider(settings.sandbox.provider)
    sandbox = settings.sandbox
    estimating = estimating_process(settings)
    with (
        BackgroundApi(settings) as api,
        provider(
            data_dir=Path(sandbox.data_dir),
            secrets=secret_values(settings),
            applications=sandbox.applications,
            seed=sandbox.seed,
            month=sandbox.month,
            seed_if_empty=seed_if_empty,
            **({"estimate_url": api.estimate_url(estimating)} if estimating else {}),
            **extra,
        ) as urls,
    ):
        yield point_at(settings, urls)
