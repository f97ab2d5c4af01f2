"""``evidence show ITEM``: open one item's sealed evidence into a private folder, and say how to look at it."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from cryptography.fernet import InvalidToken

from robot.app.commands.common import choose_process
from robot.app.runtime import open_database
from robot.engine.evidence import SEALED_SUFFIX, fernet_key, unseal
from robot.queue.store import WorkQueue
from robot.settings import SettingsError, load_settings
from robot.settings.secrets import where_to_put


def _target(root: Path, source: Path) -> Path:
    """``<root>/attempt-2/attempt-trace.zip`` for ``.../item-7/attempt-2/attempt-trace.zip.enc``."""
    name = source.name.removesuffix(SEALED_SUFFIX)
    return root / source.parent.name / name


def show(args: argparse.Namespace) -> int:
    settings = load_settings()
    process = choose_process(settings, args.process)
    database = open_database(settings)
    try:
        queue = WorkQueue(database, process.name)
        item = queue.get(args.item)
        if item is None and args.item.isdigit():
            item = next((i for i in queue.items() if i.id == int(args.item)), None)
    finally:
        database.dispose()
    if item is None:
        raise SettingsError(
            f"No item {args.item!r} in the process {process.name!r}; give its reference or id."
        )
    files = [Path(path) for path in item.evidence if Path(path).is_file()]
    if not files:
        print(f"Item {item.reference} has no evidence left (none was kept, or it is past its retention).")
        return 1
    secret = settings.secrets.get(settings.evidence.key_secret)
    key = fernet_key(secret.get_secret_value()) if secret is not None else None
    folder = Path(tempfile.mkdtemp(prefix=f"evidence-{item.id}-"))
    os.chmod(folder, 0o700)
    opened: list[Path] = []
    for source in files:
        target = _target(folder, source)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            data = unseal(source, key)
        except (InvalidToken, ValueError):
            raise SettingsError(
                f"{source.name} cannot be decrypted with the evidence key {settings.evidence.key_secret!r}. Give the "
                f"key the evidence was written with in {where_to_put(settings.evidence.key_secret)}."
            ) from None
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        opened.append(target)
    print(f"Evidence of {item.reference} (item {item.id}, {len(opened)} files) opened in {folder}:")
    for path in opened:
        print(f"  {path}")
    for trace in (p for p in opened if p.name.endswith("-trace.zip")):
        print(f"Open the trace with: playwright show-trace {trace}")
    print(f"The folder holds personal data and is readable only by you. Delete it when done: rm -r {folder}")
    return 0
