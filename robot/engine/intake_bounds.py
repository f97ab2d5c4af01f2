"""A bound on what one submission may cost: a larger one is quarantined with its size and hash.

A submission is measured as its JSON text. One over the limit is never processed and never stored
whole: the work item keeps its size, its SHA-256 hash and the first kilobytes, so the caseworker can
find it in the e-service and nothing downstream has to cope with a huge payload.
"""

from __future__ import annotations

import hashlib
import json

from robot.process import IntakeRecord

KEPT_CHARACTERS = 2048


def measure(payload: object) -> tuple[int, str, str]:
    """The payload's JSON text size in bytes, its SHA-256 and the text itself."""
    text = json.dumps(payload, ensure_ascii=False, default=str, sort_keys=True)
    data = text.encode("utf-8")
    return len(data), hashlib.sha256(data).hexdigest(), text


def bounded(record: IntakeRecord, limit: int, message: str) -> IntakeRecord:
    """``record`` as it is when its payload fits within ``limit`` bytes; otherwise a quarantined stand-in.

    ``message`` is the quarantine reason in the process's language, with ``{size}``, ``{limit}`` and
    ``{sha256}`` filled in.
    """
    size, digest, text = measure(record.payload)
    if size <= limit:
        return record
    return IntakeRecord(
        reference=record.reference,
        payload={"oversized": True, "bytes": size, "sha256": digest, "start": text[:KEPT_CHARACTERS]},
        errors=[message.format(size=size, limit=limit, sha256=digest)],
        subject=record.subject,
        subject_name=record.subject_name,
        period=record.period,
    )
