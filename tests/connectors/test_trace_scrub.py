"""Scrubbing a Playwright trace: cookies and authorization headers go, everything else stays."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

from connectors.trace_scrub import REMOVED, scrub_trace


def test_cookie_and_authorization_values_are_removed(tmp_path: Path) -> None:
    network = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "url": "http://case/sok?pnr=1",
                "headers": [
                    {"name": "Cookie", "value": "CSSESSIONID=live"},
                    {"name": "Accept", "value": "*/*"},
                ],
                "cookies": [{"name": "CSSESSIONID", "value": "live"}],
            },
            "response": {"headers": [{"name": "Set-Cookie", "value": "CSSESSIONID=live2; HttpOnly"}]},
        },
    }
    action = {
        "type": "before",
        "method": "addCookies",
        "params": {"cookies": [{"name": "x", "value": "live3"}]},
    }
    other = {
        "type": "before",
        "method": "goto",
        "params": {"url": "http://case/"},
        "Authorization": "Basic abc",
    }
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.network", json.dumps(network) + "\n")
        archive.writestr("trace.trace", json.dumps(action) + "\n" + json.dumps(other) + "\nnot json\n")
        archive.writestr("resources/page.html", b"<p>kept as it is: live</p>")
    os.chmod(trace, 0o600)
    scrub_trace(trace)
    with zipfile.ZipFile(trace) as archive:
        everything = {name: archive.read(name) for name in archive.namelist()}
    text = (everything["trace.network"] + everything["trace.trace"]).decode()
    assert "live" not in text
    assert text.count(REMOVED) == 3 and '"cookies": []' in text and '"Accept"' in text
    assert "not json" in text and everything["resources/page.html"] == b"<p>kept as it is: live</p>"
    assert stat.S_IMODE(trace.stat().st_mode) == 0o600
