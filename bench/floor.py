"""The floor: the minimal correct client, a hand-written HTTP client making the fewest case-system
requests that writing the robot's outcomes correctly takes.

Given what the robot decided for each application (its work items), it writes the same proposals and
notes into a fresh case system with plain HTTP, after one login (POST /login):

- a proposal: GET /sok (-> GET /arende, the case), GET the calculation form (its one-time instance
  number), POST it; the save's answer is the proposal as stored, so it is read back from there
  (reference and amount checked) without another request: **4 requests**;
- a manual case: GET /sok (-> GET /arende) and POST the note with its task: **3 requests**.

No browser and nothing a correct client could leave out: the least any client could do, to measure
the robot against. The requests are counted here and, by the benchmark, on the server.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from robot.queue.models import WorkItem

FORM_ID = re.compile(r'name="formid" value="(\d+)"')
SAVED = re.compile(r'id="forslagsnr">(\d+)<')
STORED_REFERENCE = re.compile(r"Ärendereferens:</td><td>([^<]*)</td>")
STORED_AMOUNT = re.compile(r"Belopp:</td><td>([^<]*)</td>")


@dataclass(frozen=True)
class FloorRun:
    seconds: float
    cases: int
    requests: int


def _amount(value: Any) -> str:
    return f"{Decimal(str(value)):.2f}".replace(".", ",")


def _proposal_form(instance: str, item: WorkItem) -> dict[str, str]:
    decision = item.decision
    fields: dict[str, str] = {"formid": instance}
    total = Decimal(0)
    for row, line in enumerate(decision.get("lines", [])):
        amount = Decimal(str(line["amount"]))
        total += -amount if line["kind"] == "inkomst" else amount
        fields.update(
            {
                f"fld_{instance}_r{row}_typ": line["kind"],
                f"fld_{instance}_r{row}_kod": line["code"],
                f"fld_{instance}_r{row}_txt": line["label"],
                f"fld_{instance}_r{row}_amt": _amount(amount),
            }
        )
    year, month = (int(part) for part in str(item.period).split("-"))
    fields.update(
        {
            f"fld_{instance}_summa": _amount(total),
            f"fld_{instance}_beslut": str(decision.get("decision")),
            f"fld_{instance}_belopp": str(item.amount or 0),
            f"fld_{instance}_from": f"{year:04d}-{month:02d}-01",
            f"fld_{instance}_tom": f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}",
            f"fld_{instance}_ref": item.reference,
            f"fld_{instance}_journal": str(decision.get("note", ""))[:4000],
        }
    )
    return fields


def _check_stored(page: str, item: WorkItem) -> None:
    """The proposal as the save's answer shows it stored: its number, reference and amount."""
    reference, amount = STORED_REFERENCE.search(page), STORED_AMOUNT.search(page)
    assert SAVED.search(page) is not None, "the save's answer names no proposal number"
    assert reference is not None and reference.group(1) == item.reference, "another reference was stored"
    shown = f"{Decimal(str(item.amount or 0)):,.2f}".replace(",", " ").replace(
        ".", ","
    )  # as the page shows it
    assert amount is not None and amount.group(1) == shown, (
        f"stored {amount and amount.group(1)}, proposed {shown}"
    )


def replay(base_url: str, username: str, password: str, items: list[WorkItem]) -> FloorRun:
    """Write the outcomes of ``items`` (proposed or manual) with the fewest requests; time it."""
    requests = 0

    def count(response: httpx.Response) -> httpx.Response:
        nonlocal requests
        requests += 1 + len(response.history)
        if response.status_code >= 400:
            raise RuntimeError(f"{response.request.method} {response.url.path}: HTTP {response.status_code}")
        return response

    started = time.perf_counter()
    with httpx.Client(base_url=base_url, timeout=30) as http:
        count(http.post("/login", data={"anv": username, "losen": password}))
        for item in items:
            case = count(http.get("/sok", params={"pnr": item.subject or ""}, follow_redirects=True))
            path = case.url.path
            if item.state == "proposed":
                form = count(http.get(f"{path}/kalkyl"))
                instance = FORM_ID.search(form.text)
                assert instance is not None, "the calculation form has no instance number"
                saved = count(http.post(f"{path}/kalkyl", data=_proposal_form(instance.group(1), item)))
                _check_stored(saved.text, item)
            else:
                reasons = "\n".join(f"- {reason}" for reason in item.reasons)[:500]
                note = str(item.decision.get("note") or reasons)[:4000]
                data = {"jref": item.reference, "jtext": note, "uppgift": "1", "utext": reasons or "Manuell"}
                count(http.post(f"{path}/journal", data=data, follow_redirects=False))
    seconds = time.perf_counter() - started
    return FloorRun(seconds=seconds, cases=len(items), requests=requests - 1)  # the login is not per case
