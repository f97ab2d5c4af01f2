"""Fixtures for the case system sandbox tests: synthetic identity numbers, seeded cases, a TestClient."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sandbox.case_system import create_app, seed
from sandbox.scenario import CaseSeed
from tests.case_system_fixtures import USERS, make_case, make_identity


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "case_system.sqlite"
    seed(path, [make_case(1), make_case(2, name="<script>alert('x')</script> Eriksson")])
    return path


@pytest.fixture
def users() -> dict[str, str]:
    return USERS


@pytest.fixture
def app(db_path: Path) -> FastAPI:
    return create_app(db_path, users=USERS)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


def _login(client: TestClient, user: str = "robot") -> None:
    response = client.post("/login", data={"anv": user, "losen": USERS[user]}, follow_redirects=False)
    assert response.status_code == 303, response.text


@pytest.fixture
def login() -> Callable[..., None]:
    """``login(client, user="robot")`` logs a TestClient in."""
    return _login


@pytest.fixture
def identity() -> Callable[[str, int], str]:
    """``identity(birth, serial)``: a valid synthetic identity number."""
    return make_identity


@pytest.fixture
def case_seed() -> Callable[..., CaseSeed]:
    """``case_seed(number, name=..., **overrides)``: the seeded test case number ``number``."""
    return make_case


def _open_form(client: TestClient, case_id: int = 1) -> str:
    """The form instance number of a fresh calculation form."""
    page = client.get(f"/arende/{case_id}/kalkyl")
    assert page.status_code == 200
    match = re.search(r'name="formid" value="(\d+)"', page.text)
    assert match
    return match.group(1)


def _proposal_form(instance: str, reference: str = "ES-000001", **extra: str) -> dict[str, str]:
    data = {
        "formid": instance,
        f"fld_{instance}_r0_typ": "norm",
        f"fld_{instance}_r0_kod": "riksnorm",
        f"fld_{instance}_r0_txt": "Riksnorm",
        f"fld_{instance}_r0_amt": "9 870,00",
        f"fld_{instance}_r1_typ": "inkomst",
        f"fld_{instance}_r1_kod": "lon",
        f"fld_{instance}_r1_txt": "Lön",
        f"fld_{instance}_r1_amt": "5000",
        f"fld_{instance}_beslut": "bevilja",
        f"fld_{instance}_belopp": "4870",
        f"fld_{instance}_from": "2021-12-01",
        f"fld_{instance}_tom": "2021-12-31",
        f"fld_{instance}_ref": reference,
        f"fld_{instance}_journal": "Förslag av robot.",
        f"fld_{instance}_summa": "4 870,00",  # the page computes it in the browser
    }
    data.update(extra)
    return data


@pytest.fixture
def open_form() -> Callable[..., str]:
    """``open_form(client, case_id=1)``: the instance number of a fresh calculation form."""
    return _open_form


@pytest.fixture
def proposal_form() -> Callable[..., dict[str, str]]:
    """``proposal_form(instance, reference="ES-000001", **extra)``: a valid filled calculation form."""
    return _proposal_form
