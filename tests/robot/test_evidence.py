"""Evidence folders: layout, owner-only permissions, retention purge."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from robot.evidence import evidence_dir, purge_older_than, remove_if_empty, secure_files


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
