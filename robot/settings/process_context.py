"""What a process's ``create`` receives from the settings: its own options, its secrets by name, the environment."""

from __future__ import annotations

from robot.process import ProcessContext
from robot.settings.errors import SettingsError
from robot.settings.model import ProcessSettings, Settings
from robot.settings.secrets import MissingSecret


def process_context(settings: Settings, process: ProcessSettings) -> ProcessContext:
    """What the process's ``create`` receives: its own settings, secrets by name, the environment."""

    def secret(name: str) -> str:
        try:
            return settings.secrets.require(name)
        except MissingSecret as error:
            raise SettingsError(f"{error} (named by the process {process.name!r}).") from None

    return ProcessContext(
        name=process.name,
        options=process.options,
        environment=settings.environment,
        secret=secret,
        data_dir=settings.paths.data_dir,
        trace=settings.evidence.trace,
    )
