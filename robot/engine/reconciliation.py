"""``retry-failed``: before failed items go back to the queue, ask the target system what it already holds.

A failed item whose proposal or note was saved after all (the save succeeded, a later page failed)
is completed from what the system shows; only the others are queued again. When the system cannot be
reached the items are queued anyway: handling them checks the system again before writing anything.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import structlog
from sqlalchemy.engine import Engine

from robot.engine.evidence import evidence_dir, remove_if_empty
from robot.engine.options import EngineOptions
from robot.masking import mask_text
from robot.process import Channel, Process, WorkContext
from robot.queue.admin import release_taken, take_failed
from robot.queue.store import WorkQueue, view_of

log = structlog.get_logger("robot.engine.reconciliation")


@dataclass
class Reconciled:
    completed: dict[str, str] = field(default_factory=dict)  # reference -> proposed / manual
    requeued: list[str] = field(default_factory=list)
    system_reached: bool = True


def retry_failed(
    process: Process,
    database: Engine,
    name: str,
    options: EngineOptions,
    references: Iterable[str] | None,
    channels: Sequence[Channel] = (),
) -> Reconciled:
    """Reconcile each failed item (all, or those with ``references``) with the target system; requeue the rest."""
    queue = WorkQueue(database, name, channels)
    wanted = set(references) if references else None
    failed = [item for item in queue.items(states=["failed"]) if wanted is None or item.reference in wanted]
    outcome = Reconciled()
    run_id = f"retry-{uuid.uuid4().hex[:12]}"
    try:
        process.start()
    except Exception as error:
        log.warning(
            "reconcile_system_unreachable", process=name, error=mask_text(f"{type(error).__name__}: {error}")
        )
        outcome.system_reached = False
    try:
        for item in failed:
            assert item.id is not None
            if not take_failed(database, name, item.id, options.worker_id, options.lease_seconds):
                continue
            result = None
            if outcome.system_reached:
                directory = evidence_dir(options.evidence_root, run_id, item.id, item.attempts)
                ctx = WorkContext(
                    run_id=run_id, attempt=item.attempts, evidence_dir=directory, heartbeat=lambda: None
                )
                try:
                    result = process.reconcile(view_of(item, queue.related(item)), ctx)
                except Exception as error:
                    log.warning(
                        "reconcile_failed", item=mask_text(item.reference), error=mask_text(str(error))
                    )
                remove_if_empty(directory, options.evidence_root)
            if result is not None:
                result.data = {**result.data, "reconciled": True, "last_error": item.last_error}
                queue.complete(item.id, options.worker_id, result, run_id=run_id)
                outcome.completed[item.reference] = result.state
                log.info("item_reconciled", item=mask_text(item.reference), outcome=result.state)
            else:
                release_taken(database, name, item.id, options.worker_id)
                outcome.requeued.append(item.reference)
    finally:
        process.stop()
    return outcome
