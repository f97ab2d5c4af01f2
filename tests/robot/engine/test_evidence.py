"""Evidence folders: layout, owner-only permissions, encryption at rest, retention purge."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken

from robot.engine.evidence import (
    evidence_dir,
    fernet_key,
    purge_older_than,
    remove_if_empty,
    seal,
    secure_files,
    unseal,
)


def test_evidence_dir_layout_and_permissions(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    path = evidence_dir(root, "run1", 7, 2)
    assert path == root / "run1" / "item-7" / "attempt-2" and path.is_dir()
    for folder in (root, root / "run1", root / "run1" / "item-7", path):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert evidence_dir(root, "run1", 7, 2) == path  # idempotent


def test_evidence_dir_refuses_path_tricks(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        evidence_dir(tmp_path, "../escape", 1, 1)


def test_secure_files_restricts_what_a_process_wrote(tmp_path: Path) -> None:
    path = evidence_dir(tmp_path, "run1", 1, 1)
    (path / "page.html").write_text("<html>")
    (path / "sub").mkdir(mode=0o755)
    (path / "sub" / "shot.png").write_bytes(b"png")
    os.chmod(path / "page.html", 0o644)
    files = secure_files(path)
    assert sorted(p.name for p in files) == ["page.html", "shot.png"]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in files)
    assert (path / "sub").stat().st_mode & 0o777 == 0o700


def test_remove_if_empty_stops_at_the_root(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    empty = evidence_dir(root, "run1", 1, 1)
    kept = evidence_dir(root, "run1", 2, 1)
    (kept / "x.png").write_bytes(b"x")
    remove_if_empty(empty, root)
    assert not (root / "run1" / "item-1").exists()
    assert kept.exists() and root.exists()


def test_purge_deletes_only_runs_past_retention(tmp_path: Path) -> None:
    root = tmp_path / "evidence"
    old = evidence_dir(root, "old", 1, 1)
    (old / "a.png").write_bytes(b"a")
    recent = evidence_dir(root, "recent", 1, 1)
    (recent / "b.png").write_bytes(b"b")
    mixed = evidence_dir(root, "mixed", 1, 1)
    (mixed / "c.png").write_bytes(b"c")
    long_ago = time.time() - 40 * 86400
    for path in [*old.parent.parent.rglob("*"), old.parent.parent, *mixed.parent.parent.rglob("*")]:
        os.utime(path, (long_ago, long_ago))
    os.utime(mixed / "c.png")  # a file written today keeps its run folder
    assert purge_older_than(root, days=30) == 1
    assert not (root / "old").exists() and (root / "recent").exists() and (root / "mixed").exists()
    assert purge_older_than(tmp_path / "missing", days=30) == 0


def test_sealed_evidence_is_encrypted_owner_only_and_opens_with_the_key(tmp_path: Path) -> None:
    folder = evidence_dir(tmp_path / "evidence", "run1", 7, 1)
    (folder / "page.html").write_text("<p>19850312-2398</p>", encoding="utf-8")
    key = fernet_key("a long sandbox secret, not a Fernet key")
    sealed = seal(folder, key)
    assert [path.name for path in sealed] == ["page.html.enc"]
    assert not (folder / "page.html").exists()
    assert b"19850312" not in sealed[0].read_bytes()
    assert stat.S_IMODE(sealed[0].stat().st_mode) == 0o600
    assert unseal(sealed[0], key) == b"<p>19850312-2398</p>"
    with pytest.raises(InvalidToken):
        unseal(sealed[0], fernet_key("another key"))
    assert seal(folder, key) == sealed  # sealing twice leaves sealed files alone


def test_a_fernet_key_is_used_as_it_is(tmp_path: Path) -> None:
    key = Fernet.generate_key()
    assert fernet_key(key.decode()) == key
    assert len(fernet_key("short")) == 44


def test_without_a_key_evidence_stays_plain_but_owner_only(tmp_path: Path) -> None:
    folder = evidence_dir(tmp_path / "evidence", "run1", 7, 1)
    (folder / "shot.png").write_bytes(b"png")
    assert [path.name for path in seal(folder, None)] == ["shot.png"]
    assert stat.S_IMODE((folder / "shot.png").stat().st_mode) == 0o600
