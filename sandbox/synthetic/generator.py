"""The generator's entry point: ``generate(seed, count, month)`` mixes clear, manual and invalid
applications and assembles them into a :class:`sandbox.scenario.Scenario`."""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterator
from typing import Any

from sandbox import oracle
from sandbox.scenario import ApplicationSeed, Expected, Scenario
from sandbox.synthetic.builders import build_case, build_payload, build_payments
from sandbox.synthetic.templates import CLEAR_TEMPLATES, income_covers_need
from sandbox.synthetic.variations import INVALID_KINDS, MANUAL_KINDS
from sandbox.synthetic.world import World


def _mix(w: World, count: int) -> list[str]:
    invalid, manual = round(count * 0.12), round(count * 0.40)
    kinds = ["invalid"] * invalid + ["manual"] * manual + ["clear"] * (count - invalid - manual)
    w.rng.shuffle(kinds)
    return kinds


def _rotated(w: World, kinds: tuple[Any, ...]) -> Iterator[Any]:
    """All kinds in order, starting at a random one, so different seeds cover different kinds first."""
    start = w.rng.randrange(len(kinds))
    return itertools.cycle(kinds[start:] + kinds[:start])


def generate(seed: int, count: int = 25, month: str = "2021-12") -> Scenario:
    """A scenario of ``count`` reapplications for ``month`` (YYYY-MM, 2000-2099).

    Any month works. A clear draft the oracle cannot compute (a year or an item riksnorm.md does not
    have, e.g. 2024's amount for a child eating lunch at preschool, or any 1990s month) is expected to
    go to a caseworker, naming what the oracle lacked.
    """
    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", month):
        raise ValueError(
            f"month must be written YYYY-MM, in 2000-2099 (the e-service's years), not {month!r}"
        )
    w = World(seed, month)
    kinds = _mix(w, count)
    avsla = 0 if kinds.count("clear") < 4 else (1 if kinds.count("clear") < 16 else 2)
    templates = list(CLEAR_TEMPLATES)
    w.rng.shuffle(templates)
    clear = itertools.chain([income_covers_need] * avsla, itertools.cycle(templates))
    manual, invalid = _rotated(w, MANUAL_KINDS), _rotated(w, INVALID_KINDS)
    scenario = Scenario(seed=seed, month=month, applications=[], cases=[], payments=[], gaps=[])
    for index, kind in enumerate(kinds, start=1):
        reference = f"ES-{seed}-{index:05d}"
        draft = next(clear)(w, index) if kind == "clear" else w.rng.choice(templates)(w, index)
        if kind == "manual":
            name, mutate = next(manual)
            mutate(w, draft)
            draft.why = f"manual: {name} ({draft.why.removeprefix('clear: ')})"
        payments, gaps = build_payments(w, draft)
        payload = build_payload(w, draft, reference)
        case = build_case(w, draft, payments)
        if kind == "clear":
            try:
                expected = oracle.expected_from_payload(
                    payload, payments, draft.consecutive, draft.jobb_used, draft.why
                )
            except oracle.NotComputable as error:
                expected = Expected("manual", why=f"manual: {error} ({draft.why.removeprefix('clear: ')})")
        elif kind == "manual":
            expected = Expected("manual", why=draft.why)
        else:
            name, corrupt = next(invalid)
            payload = copy.deepcopy(payload)
            corrupt(w, payload)
            expected = Expected("quarantined", why=f"invalid: {name}")
        scenario.applications.append(ApplicationSeed(payload, expected))
        scenario.cases.append(case)
        scenario.payments += payments
        scenario.gaps += gaps
    return scenario
