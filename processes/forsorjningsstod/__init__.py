"""Försörjningsstöd reapplications: the process the robot was built for.

``definition`` is named in config/robot.toml (``definition = "processes.forsorjningsstod:definition"``);
it tells the engine this process's settings, how to create it, its report labels, how to mask
Swedish identity numbers, and its ``calculate``/``schema``/``parameters`` commands.
"""

from __future__ import annotations

from connectors.identity import mask, mask_all
from processes.forsorjningsstod.applicant import CHANNELS
from processes.forsorjningsstod.factory import create_process
from processes.forsorjningsstod.settings import ForsorjningsstodSettings
from processes.forsorjningsstod.tools import ForsorjningsstodTools
from robot.labels import SWEDISH
from robot.process import ProcessDefinition

definition = ProcessDefinition(
    title="Försörjningsstöd",
    settings_model=ForsorjningsstodSettings,
    create=create_process,
    labels=SWEDISH.replace(
        subject="Personnummer",
        decision="Föreslaget beslut",
        decisions={"bevilja": "Bevilja", "avsla": "Avslå", "manual": "Manuell", "manuell": "Manuell"},
    ),
    mask_text=mask_all,
    mask_identity=mask,
    tools=ForsorjningsstodTools(),
    channels=CHANNELS,
)

__all__ = ["ForsorjningsstodSettings", "create_process", "definition"]
