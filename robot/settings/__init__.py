"""The robot's settings: the model, where it is read from, how it is checked, and the secrets it names.

Import from here; the modules inside import each other one way only
(secrets <- sources <- model <- loading).
"""

from robot.settings.errors import SettingsError
from robot.settings.loading import load_settings
from robot.settings.model import (
    DatabaseSettings,
    EngineSettings,
    EvidenceSettings,
    PathSettings,
    ProcessSettings,
    SandboxSettings,
    ServiceSettings,
    Settings,
    StrictModel,
    WebAppSettings,
)
from robot.settings.sources import config_path

__all__ = [
    "DatabaseSettings",
    "EngineSettings",
    "EvidenceSettings",
    "PathSettings",
    "ProcessSettings",
    "SandboxSettings",
    "ServiceSettings",
    "Settings",
    "SettingsError",
    "StrictModel",
    "WebAppSettings",
    "config_path",
    "load_settings",
]
