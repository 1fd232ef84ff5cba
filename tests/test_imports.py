"""The modules of src/teinei import in one direction (inputs → document → analysis → checks → findings →
reports; configuration and caches above the linter): the import graph, read from every ``import`` statement
(inside functions and ``TYPE_CHECKING`` blocks too: a lazy or type-only import is still a dependency), has no
cycle."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "teinei"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(name: str, tree: ast.Module, root_exports: dict[str, str]) -> set[str]:
    """The teinei modules a module names in its imports. ``from teinei import X`` names module X when there is
    one, else the module the package re-exports X from; the package's own constants (``__version__``) name
    no module (the package runs before any of its modules anyway)."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    targets.append(f"{base}.{alias.name}")
                elif base == "teinei":
                    targets.append(root_exports.get(alias.name, ""))
                else:
                    targets.append(base)
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]  # teinei.x.Name -> teinei.x
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}
    # The package itself is the lazy public facade: what it re-exports, from which module.
    root_exports = {
        alias.asname or alias.name: node.module
        for node in ast.walk(trees["teinei"])
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    graph = {name: imported(name, tree, root_exports) for name, tree in trees.items() if name != "teinei"}
    return {**graph, "teinei": set()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others() -> None:
    graph = import_graph()
    assert len(graph) > 40  # every module was read
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_linter_knows_nothing_of_configuration_files_or_caches() -> None:
    graph = import_graph()
    below: set[str] = set()
    todo = ["teinei.linter"]
    while todo:
        for other in graph[todo.pop()] - below:
            below.add(other)
            todo.append(other)
    assert not below & {"teinei.config", "teinei.cache", "teinei.folder_index", "teinei.runner", "teinei.cli"}
