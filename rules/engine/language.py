"""A benefit's language pack: every caseworker-facing word the engine writes, read from the package's texts.yaml.

The engine concludes, rounds, flags unverified and missing amounts and writes the journal note for
every benefit; the words are the benefit's own (Swedish, Norwegian), kept as data beside its
parameters, the way a report's labels are. A template names its fields in braces
(``{need}``, ``{amount}``); amounts arrive formatted (``12 450 kr``). Missing or unknown keys are
refused when the file is read, naming the key.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from rules.engine.parameters import ParameterFileError


class Language(BaseModel):
    """The words of one benefit (see ``rules/forsorjningsstod/texts.yaml`` for every key explained)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    grant: str  # the outcome words: "bevilja" / "innvilge"
    reject: str  # "avsla" / "avslag"
    manual: str  # "manuell"
    months: tuple[str, ...]  # January..December, lower case
    # the conclusion (trace texts and the outcome reason)
    income_total: str  # {income}
    need_unknown: str
    manual_outcome: str
    need_total: str  # {need}
    manual_with_figures: str  # {count} {amount}
    grant_text: str  # {need} {income} {amount}
    reject_text: str  # {need} {income} {surplus}
    rounding_whole: str  # {exact}
    rounding_done: str  # {exact} {rounded}
    internal_error: str
    age_day: str  # {day}: ages are counted on the first day of the month applied for
    # parameters
    unverified: str  # {key} {source}
    unverified_allowed: str  # appended in the sandbox
    missing: str  # {label} {span}
    missing_item: str  # {label} {item} {span}
    local_parameters: dict[str, str] = {}  # labels of parameters only a municipality file gives
    # checks every benefit applies (rules.engine.checks)
    free_text: str  # the reason when the applicant wrote in their own words
    free_text_none: str
    spot_check: str  # the reason when an otherwise clear case is chosen
    spot_check_not_chosen: str  # {draw} {limit} {percent}
    spot_check_off: str
    spot_check_already: str
    register_within: str  # {what} {declared} {registered} {difference} {threshold}
    register_over: str  # the same fields
    # where an amount comes from (rules.engine.scratchpad.Scratchpad.source)
    source_applicant: str
    source_register: str  # {agency} {agency_name} {month}
    source_both: str  # {agency} {agency_name} {month} {declared}: the register's figure is used
    # the journal note
    note_title: str  # {reference} {month}
    note_rule: str  # the word before a rule id: "regel"
    kind_headings: dict[str, str]  # line kind -> heading
    explained: dict[str, tuple[str, ...]] = {}  # line kind -> rule ids whose trace text follows the rows
    note_need: str  # {need}
    note_income: str  # {income}
    note_manual_figure: str  # {amount}
    note_grant: str  # {amount}
    note_reject: str
    note_manual: str
    note_completion: str  # heading of what the applicant can supply
    note_free_texts: str  # heading of the applicant's own words
    note_sources: str  # {sources}
    note_unverified: str  # {listed}
    note_footer: str  # {municipality}

    def month_name(self, month: str) -> str:
        """``"2021-12"`` -> ``"december 2021"`` (or the benefit's own word for the month)."""
        year, number = month.split("-")
        return f"{self.months[int(number) - 1]} {year}"


def load_language(path: Path) -> Language:
    """Read a texts.yaml; a missing or misspelt key is a :class:`ParameterFileError` naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Language.model_validate(data)
    except (OSError, yaml.YAMLError) as error:
        raise ParameterFileError(f"{path}: the texts cannot be read ({error}).") from error
    except ValidationError as error:
        keys = ", ".join(".".join(str(p) for p in e["loc"]) + f" ({e['msg']})" for e in error.errors())
        raise ParameterFileError(f"{path}: fix these text keys: {keys}.") from error
