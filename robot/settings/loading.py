"""Loading the settings: the TOML file and the environment, the processes' own settings, and errors as sentences.

Every problem becomes a :class:`robot.settings.errors.SettingsError` whose message names the value, the
variable that sets it and, for a misspelt key, the nearest valid key. Nothing here raises a
traceback at a user for a mistake in the settings.
"""

from __future__ import annotations

import difflib
import importlib
import os
import tomllib
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from robot import masking
from robot.process import ProcessDefinition
from robot.settings.errors import SettingsError
from robot.settings.model import ProcessSettings, Settings
from robot.settings.secrets import env_name
from robot.settings.sources import PROCESS_ENV, SecretInFile, config_path

ENGINE_ENV = ("ROBOT_CONFIG", "ROBOT_SECRETS_DIR")


def load_settings(**overrides: Any) -> Settings:
    """Load and validate the settings and every process's own settings, or raise SettingsError."""
    path = config_path()
    if not path.is_file():
        raise SettingsError(
            f"The settings file {path} does not exist. Run from the project folder, or set ROBOT_CONFIG "
            "to the path of your settings file."
        )
    try:
        settings = Settings(**overrides)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(
            f"The settings file {path} is not valid TOML: {error}. Fix it at that line and column."
        ) from None
    except SecretInFile as error:
        raise SettingsError(str(error)) from None
    except ValidationError as error:
        raise SettingsError(describe(error, path, Settings)) from None
    settings = resolve_processes(settings, path)
    check_environment(settings, os.environ)
    return settings


def load_definition(dotted: str) -> ProcessDefinition:
    """Import ``package.module:attribute`` and check it is a ProcessDefinition. ValueError says what is wrong."""
    module_name, _, attribute = dotted.partition(":")
    try:
        module = importlib.import_module(module_name)
        definition = getattr(module, attribute)
    except (ImportError, AttributeError) as error:
        raise ValueError(f"cannot be loaded ({error})") from error
    if not isinstance(definition, ProcessDefinition):
        raise ValueError(f"is a {type(definition).__name__}, not a robot.process.ProcessDefinition")
    return definition


def resolve_processes(settings: Settings, path: Path) -> Settings:
    """Load each process's definition and validate its own settings; register its identity masking."""
    problems: list[str] = []
    resolved: list[ProcessSettings] = []
    for process in settings.processes:
        prefix = f"{PROCESS_ENV}{process.name.upper()}__"
        try:
            definition = load_definition(process.definition)
        except ValueError as error:
            problems.append(
                f"- processes.{process.name}.definition: {process.definition!r} {error}. Fix it in the "
                f"settings file or with {prefix}DEFINITION."
            )
            continue
        masking.register(definition.mask_text)
        try:
            options = definition.settings_model.model_validate(dict(process.model_extra or {}))
        except ValidationError as error:
            problems.extend(
                _problem_lines(error, ("processes", process.name), definition.settings_model, prefix, process)
            )
            continue
        resolved.append(process.resolved(definition, options))
    if problems:
        raise SettingsError(
            "\n".join([f"The settings are not valid ({path} and ROBOT_* environment variables):", *problems])
        )
    updated = settings.model_copy(update={"processes": resolved})
    updated._secrets = settings.secrets
    return updated


def describe(error: ValidationError, path: Path, model: type[BaseModel]) -> str:
    lines = [f"The settings are not valid ({path} and ROBOT_* environment variables):"]
    lines.extend(_problem_lines(error, (), model, "ROBOT_", None))
    return "\n".join(lines)


def _problem_lines(
    error: ValidationError,
    location: tuple[str, ...],
    model: type[BaseModel],
    env_prefix: str,
    process: ProcessSettings | None,
) -> list[str]:
    lines = []
    for problem in error.errors(include_url=False):
        loc = tuple(str(part) for part in problem["loc"])
        keys = [part for part, raw in zip(loc, problem["loc"], strict=True) if not isinstance(raw, int)]
        where = ".".join((*location, *loc)) or "(top level)"
        variable = env_prefix + "__".join(key.upper() for key in keys)
        if loc[:1] == ("processes",) and len(loc) > 2 and not location:
            where = f"processes[{loc[1]}].{'.'.join(loc[2:])}"
            variable = PROCESS_ENV + "<NAME>__" + "__".join(key.upper() for key in keys[1:])
        if problem["type"] == "extra_forbidden":
            valid = valid_keys(model, keys[:-1])
            if process is not None and len(keys) == 1:
                valid = [*valid, *ProcessSettings.model_fields]
            hint = nearest(keys[-1], valid)
            suggestion = f" Did you mean {hint!r}?" if hint else ""
            lines.append(
                f"- {where}: there is no setting {keys[-1]!r} here.{suggestion} Valid keys: "
                f"{', '.join(sorted(valid))}. Fix it in the settings file or in {variable}."
            )
            continue
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"- {where}: {message}. Fix it in the settings file or with {variable}.")
    return lines


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word.lower(), [c.lower() for c in candidates], n=1, cutoff=0.6)
    return matches[0] if matches else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None


def valid_keys(model: type[BaseModel], path: Iterable[str]) -> list[str]:
    """The keys allowed in the section of ``model`` reached by ``path`` (field names, ints skipped)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None or part not in current.model_fields:
            return []
        current = _model_in(current.model_fields[part].annotation)
    return list(current.model_fields) if current is not None else []


def check_environment(settings: Settings, environ: Any) -> None:
    """Refuse ``ROBOT_*`` variables that set nothing (a misspelt section, process or secret name)."""
    sections = {name.upper() for name in Settings.model_fields}
    secrets = {env_name(name) for name in settings.secret_names()}
    processes = {p.name.upper() for p in settings.processes}
    problems = []
    for variable in sorted(environ):
        if not variable.startswith("ROBOT_") or variable in ENGINE_ENV or variable in secrets:
            continue
        rest = variable.removeprefix("ROBOT_")
        if variable.startswith(PROCESS_ENV):
            name = variable.removeprefix(PROCESS_ENV).partition("__")[0]
            if name not in processes:
                hint = nearest(name, processes)
                problems.append(
                    f"- {variable}: there is no process {name.lower()!r} in the settings"
                    + (f"; did you mean ROBOT_PROCESS__{hint.upper()}__...?" if hint else ".")
                )
            continue
        section, nested, key = rest.partition("__")
        if section in sections:
            continue
        owner = next(
            (
                p
                for p in settings.processes
                if p._options is not None and section.lower() in type(p.options).model_fields
            ),
            None,
        )
        guess: str | None
        if owner is not None:
            guess = f"{PROCESS_ENV}{owner.name.upper()}__{rest} (a setting of the process {owner.name!r})"
        elif nested:
            hint = nearest(section, sections)
            guess = f"ROBOT_{hint.upper()}__{key}" if hint else None
        else:
            hint = nearest(variable, [*(f"ROBOT_{s}" for s in sections), *secrets])
            guess = hint.upper() if hint else None
        problems.append(
            f"- {variable} sets nothing: there is no setting or secret by that name"
            + (f"; did you mean {guess}?" if guess else ".")
            + " Process settings are ROBOT_PROCESS__<NAME>__<KEY>."
        )
    if problems:
        raise SettingsError("\n".join(["Some ROBOT_* environment variables are not settings:", *problems]))
