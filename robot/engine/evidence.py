"""Evidence folders: one per item and attempt, owner-only, encrypted at rest, deleted after a retention period.

Layout: ``<root>/<run id>/item-<id>/attempt-<n>/``. Screenshots, page HTML and traces hold personal
data, so folders are ``0o700`` and files ``0o600``, and with a key each file is sealed: encrypted
with Fernet (AES-128-CBC with HMAC-SHA256, from the ``cryptography`` package) into ``<name>.enc``
and the plain file removed. The key comes from the secret named in ``[evidence] key_secret``: a
Fernet key (``Fernet.generate_key()``) is used as it is; any other text is turned into one with
SHA-256. ``python run_robot.py evidence show ITEM`` opens sealed evidence into a private folder.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import shutil
import time
from pathlib import Path

from cryptography.fernet import Fernet

SEALED_SUFFIX = ".enc"
DIR_MODE = 0o700
FILE_MODE = 0o600
DEFAULT_RETENTION_DAYS = 30
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")


def _secure_mkdir(path: Path) -> None:
    path.mkdir(mode=DIR_MODE, exist_ok=True)
    os.chmod(path, DIR_MODE)


def evidence_dir(root: Path, run_id: str, item_id: int, attempt: int) -> Path:
    """Create (owner-only) and return the evidence folder of one attempt at one item."""
    if not _SAFE_NAME.match(run_id) or run_id in (".", ".."):
        raise ValueError(f"run id {run_id!r} cannot be used as a folder name")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, DIR_MODE)
    path = root
    for part in (run_id, f"item-{int(item_id)}", f"attempt-{int(attempt)}"):
        path = path / part
        _secure_mkdir(path)
    return path


def secure_files(directory: Path) -> list[Path]:
    """Restrict everything under ``directory`` to the owner (dirs 0o700, files 0o600); return the files."""
    directory = Path(directory)
    files: list[Path] = []
    if not directory.exists():
        return files
    os.chmod(directory, DIR_MODE)
    for path in sorted(directory.rglob("*")):
        if path.is_symlink():
            continue
        if path.is_dir():
            os.chmod(path, DIR_MODE)
        else:
            os.chmod(path, FILE_MODE)
            files.append(path)
    return files


def fernet_key(secret: str) -> bytes:
    """The Fernet key for a secret: a Fernet key as it is, any other text through SHA-256."""
    text = secret.strip()
    try:
        if len(base64.urlsafe_b64decode(text.encode("ascii"))) == 32 and len(text) == 44:
            return text.encode("ascii")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode("utf-8")).digest())


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.chmod(path, FILE_MODE)


def seal(directory: Path, key: bytes | None) -> list[Path]:
    """Restrict ``directory`` to the owner and, with a key, encrypt every file in it; return the files kept."""
    files = secure_files(directory)
    if key is None:
        return files
    fernet = Fernet(key)
    sealed: list[Path] = []
    for path in files:
        if path.name.endswith(SEALED_SUFFIX):
            sealed.append(path)
            continue
        target = path.with_name(path.name + SEALED_SUFFIX)
        _write_private(target, fernet.encrypt(path.read_bytes()))
        path.unlink()
        sealed.append(target)
    return sealed


def unseal(path: Path, key: bytes | None) -> bytes:
    """The plain content of an evidence file (sealed or not). Raises InvalidToken for a wrong key."""
    data = Path(path).read_bytes()
    if not path.name.endswith(SEALED_SUFFIX):
        return data
    if key is None:
        raise ValueError(f"{path.name} is encrypted and no evidence key is set.")
    return Fernet(key).decrypt(data)


def remove_if_empty(directory: Path, stop_at: Path) -> None:
    """Remove ``directory`` and its empty parents up to (not including) ``stop_at``."""
    path = Path(directory)
    stop = Path(stop_at).resolve()
    while path.exists() and path.resolve() != stop and stop in path.resolve().parents:
        try:
            path.rmdir()
        except OSError:
            return
        path = path.parent


def _newest_mtime(path: Path) -> float:
    newest = path.stat().st_mtime
    for child in path.rglob("*"):
        try:
            newest = max(newest, child.lstat().st_mtime)
        except FileNotFoundError:
            continue
    return newest


def purge_older_than(root: Path, days: float = DEFAULT_RETENTION_DAYS, now: float | None = None) -> int:
    """Delete run folders under ``root`` whose newest file is older than ``days``. Returns how many."""
    root = Path(root)
    if not root.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - days * 86400
    removed = 0
    for child in root.iterdir():
        if child.is_symlink() or not child.is_dir():
            continue
        if _newest_mtime(child) < cutoff:
            shutil.rmtree(child, ignore_errors=True)
            removed += 1
    return removed
