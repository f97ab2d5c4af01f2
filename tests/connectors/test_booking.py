"""The booking client against the booking stand-in: a link per application, the same one again, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.booking import BookingClient
from connectors.errors import ConnectorError, Refused
from sandbox.booking import create_app
from sandbox.server import ServedApp


def test_a_link_per_reference_the_same_one_again(tmp_path: Path) -> None:
    with ServedApp(create_app(tmp_path / "booking.db")) as served:
        client = BookingClient(served.url)
        first = client.link("ES-000001")
        assert first.startswith(served.url + "/boka/")
        assert client.link("ES-000001") == first and client.link("ES-000002") != first
        with pytest.raises(Refused):
            client.link("not a reference!")


def test_an_unreachable_service_is_a_connector_error() -> None:
    with pytest.raises(ConnectorError):
        BookingClient("http://127.0.0.1:9", timeout=1).link("ES-1")
