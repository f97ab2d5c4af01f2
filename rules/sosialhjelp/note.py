"""The journal note is the engine's (rules.engine.note) in the Norwegian words of texts.yaml; the
month's name for the rules' own texts."""

from __future__ import annotations

from rules.sosialhjelp.evaluation import Decision

month_name = Decision.texts.month_name  # "2021-12" -> "desember 2021"
