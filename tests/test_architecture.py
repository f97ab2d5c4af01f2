"""The package contracts: import-linter enforces them (`make lint`); the architecture document names each one."""

from __future__ import annotations

import configparser
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_named_in_the_architecture_document() -> None:
    config = configparser.ConfigParser()
    config.read(PROJECT / ".importlinter", encoding="utf-8")
    names = [
        config[section]["name"]
        for section in config.sections()
        if section.startswith("importlinter:contract:")
    ]
    document = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert len(names) >= 5
    assert [name for name in names if f"- {name}\n" not in document] == []


def test_every_test_folder_with_test_modules_is_a_package() -> None:
    """Two test modules may share a base name (tests/sandbox/test_booking.py and tests/connectors/...) only
    when each folder is a package; otherwise pytest refuses to collect on a clean clone."""
    folders = {path.parent for path in (PROJECT / "tests").rglob("test_*.py")}
    assert sorted(str(f.relative_to(PROJECT)) for f in folders if not (f / "__init__.py").exists()) == []


ROOTS = ("robot", "processes", "rules", "connectors", "sandbox", "bench")


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _import_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph(*ROOTS, include_external_packages=False)
    return {module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules}


def _folder_of(module: str) -> str:
    """The wing a module lives in: ``robot.engine.loop`` -> ``robot.engine``; ``robot.process`` -> ``robot``."""
    parts = module.split(".")
    if (PROJECT / Path(*parts)).is_dir():
        return module
    return ".".join(parts[:-1]) or module


def test_no_module_imports_itself_round_a_circle() -> None:
    assert _cycles(_import_graph()) == []


def test_no_two_folders_import_each_other_round_a_circle() -> None:
    """Folders (wings and packages) import one way: ``robot.report`` may use ``robot.engine``, never both ways."""
    folders: dict[str, set[str]] = {}
    for module, targets in _import_graph().items():
        source = _folder_of(module)
        for target in targets:
            folder = _folder_of(target)
            if (
                folder != source
                and not source.startswith(folder + ".")
                and not folder.startswith(source + ".")
            ):
                folders.setdefault(source, set()).add(folder)
    assert _cycles(folders) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
