"""Removing live credentials from a Playwright trace before it is kept as evidence.

A trace (a zip of JSON-lines files and resources) records request and response headers, cookies and
the parameters of API calls such as ``addCookies``. :func:`scrub_trace` rewrites the zip in place:
every ``cookie``, ``set-cookie``, ``authorization`` and ``proxy-authorization`` header value and
every cookie list become ``[removed]`` / empty, so no kept trace holds a usable session.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

SECRET_HEADERS = frozenset({"cookie", "set-cookie", "authorization", "proxy-authorization"})
REMOVED = "[removed]"


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        if (
            isinstance(value.get("name"), str)
            and value["name"].lower() in SECRET_HEADERS
            and "value" in value
        ):
            return {**value, "value": REMOVED}
        result: dict[str, Any] = {}
        for key, item in value.items():
            lowered = key.lower()
            if lowered == "cookies" and isinstance(item, list):
                result[key] = []
            elif lowered in SECRET_HEADERS and isinstance(item, str):
                result[key] = REMOVED
            else:
                result[key] = _scrub(item)
        return result
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def _scrub_lines(data: bytes) -> bytes:
    lines = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            lines.append(json.dumps(_scrub(json.loads(line)), ensure_ascii=False))
        except ValueError:
            lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def scrub_trace(path: Path) -> None:
    """Rewrite the trace zip at ``path`` without credentials (atomically; the file keeps its mode)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                data = source.read(entry)
                if entry.filename.endswith((".trace", ".network")):
                    data = _scrub_lines(data)
                target.writestr(entry, data)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
