"""Økonomisk sosialhjelp (Norway): applications in NAV's open JSON format, status back as digisos-søker events.

Made with ``python run_robot.py new-process sosialhjelp --language nb`` and then made real: the
inbox and the case system in ``factory.py``, the soknad mapped onto the rules in ``mapping.py``, the
rules (statens veiledende retningslinjer) in ``rules/sosialhjelp/``. ``definition`` is named in the
settings (``definition = "processes.sosialhjelp:definition"``).
"""

from __future__ import annotations

from connectors.fodselsnummer import mask, mask_all
from processes.sosialhjelp.factory import create_process
from processes.sosialhjelp.settings import SosialhjelpSettings
from processes.sosialhjelp.tools import SosialhjelpTools
from robot.labels import NORWEGIAN
from robot.process import Channel, ProcessDefinition

definition = ProcessDefinition(
    title="Økonomisk sosialhjelp",
    settings_model=SosialhjelpSettings,
    create=create_process,
    labels=NORWEGIAN.replace(
        subject="Fødselsnummer",
        decision="Foreslått vedtak",
        decisions={"innvilge": "Innvilge", "avslag": "Avslag", "manual": "Manuell", "manuell": "Manuell"},
    ),
    mask_text=mask_all,
    mask_identity=mask,
    tools=SosialhjelpTools(),
    channels=(Channel("digisos"),),  # the applicant follows each step in the inbox (idempotent events)
)

__all__ = ["SosialhjelpSettings", "create_process", "definition"]
