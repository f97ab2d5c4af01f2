"""The journal note is the engine's (rules.engine.note) in försörjningsstöd's words; the month's name for
the process layer's own notes."""

from __future__ import annotations

from rules.forsorjningsstod.evaluation import TEXTS

month_name = TEXTS.month_name  # "2021-12" -> "december 2021"
