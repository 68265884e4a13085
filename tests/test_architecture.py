"""The package's shape: layers that import only downwards, no cycles, no private names shared.

Every ``import`` and ``from ... import`` in ``crmsim/`` is read (at any depth: a function-level
import counts like a top-level one), resolved to the crmsim module it loads, and checked:

* a module imports only from its own layer or a lower one (:data:`LAYERS`);
* modules of one layer import each other without a cycle;
* no module imports another module's underscore name (tests included);
* inside the package no module imports a subpackage's ``__init__`` (the lazy re-exports are for
  users), so the graph below is the real one.

The companion tests feed the same checker a small graph with a cycle, an upward import and a
private import, and expect each to be reported.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "crmsim"

LAYERS = ("common", "scenario", "language", "model", "engines", "analysis", "views", "classroom",
          "cli")
"""Subpackages from the bottom up; a module may import from its own layer or one below."""


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, pathlib.Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _lazy_packages(modules: dict[str, pathlib.Path]) -> set[str]:
    """Subpackages whose ``__init__`` only re-exports its modules' names on first use."""
    return {m for m, p in modules.items()
            if p.name == "__init__.py" and "lazy_loader.attach" in p.read_text(encoding="utf-8")}


def _imports(path: pathlib.Path, known: set[str]) -> list[tuple[int, str, str | None]]:
    """(line, imported crmsim module, imported name or None) for every crmsim import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name, None) for a in node.names
                       if a.name.split(".")[0] == "crmsim")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                and node.module.split(".")[0] == "crmsim":
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in known:  # "from crmsim.scenario import toml_io": a module
                    out.append((node.lineno, full, None))
                else:
                    out.append((node.lineno, node.module, alias.name))
    return out


ENTRY_POINTS = ("crmsim", "crmsim.__main__")
"""The package itself and ``python -m crmsim``: above every layer."""


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if module in ENTRY_POINTS:
        return len(LAYERS)
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def problems_in(graph: dict[str, list[tuple[int, str, str | None]]],
                packages: set[str]) -> list[str]:
    """Every layering problem in an import graph (module → its imports)."""
    found = []
    edges: dict[str, set[str]] = {m: set() for m in graph}
    for module, imports in graph.items():
        for line, target, name in imports:
            where = f"{module}:{line}"
            if name is not None and name.startswith("_") and not name.startswith("__"):
                found.append(f"{where} imports the private name {name} from {target}")
            if target in packages and module not in ENTRY_POINTS:
                found.append(f"{where} imports the subpackage {target}; import its module")
            mine, theirs = _layer(module), _layer(target)
            if mine is not None and theirs is not None and theirs > mine:
                found.append(f"{where} imports {target}, a higher layer")
            if target in graph and target != module:
                edges[module].add(target)
    # cycles (Tarjan's strongly connected components)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append("import cycle: " + " -> ".join(sorted(component)))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_package_imports_only_downwards_without_cycles_or_private_names():
    modules = _modules()
    packages = _lazy_packages(modules)
    graph = {m: _imports(p, set(modules)) for m, p in modules.items()}
    assert problems_in(graph, packages) == []


def test_every_module_belongs_to_a_layer():
    loose = [m for m in _modules() if _layer(m) is None]
    assert loose == []


def test_tests_do_not_import_private_names():
    known = set(_modules())
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for line, target, name in _imports(path, known):
            if name is not None and name.startswith("_") and not name.startswith("__"):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name} from {target}")
    assert found == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"crmsim.analysis.a": [(1, "crmsim.analysis.b", "f")],
          "crmsim.analysis.b": [(2, "crmsim.analysis.a", "g")]},
         "import cycle: crmsim.analysis.a -> crmsim.analysis.b"),
        ({"crmsim.engines.a": [(3, "crmsim.views.plots", "plot")], "crmsim.views.plots": []},
         "crmsim.engines.a:3 imports crmsim.views.plots, a higher layer"),
        ({"crmsim.views.a": [(4, "crmsim.engines.b", "_secret")], "crmsim.engines.b": []},
         "crmsim.views.a:4 imports the private name _secret from crmsim.engines.b"),
        ({"crmsim.views.a": [(5, "crmsim.engines", "evaluate")], "crmsim.engines": []},
         "crmsim.views.a:5 imports the subpackage crmsim.engines; import its module"),
    ],
)
def test_the_checker_reports_each_kind_of_problem(graph, expected):
    assert expected in problems_in(graph, {"crmsim.engines"})


def _declared_all(path: pathlib.Path) -> list[str]:
    """A module's ``__all__``: a literal list, or a lazy ``__init__``'s re-exported names."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    return [name for names in _lazy_exports(path).values() for name in names]


def _lazy_exports(path: pathlib.Path) -> dict[str, list[str]]:
    """The ``submod_attrs`` mapping of a lazy_loader ``__init__``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg == "submod_attrs":
            return ast.literal_eval(node.value)
    return {}


@pytest.mark.parametrize("package", sorted(set(LAYERS) - {"cli"}))
def test_each_layer_re_exports_exactly_its_modules_public_names(package):
    folder = PACKAGE / package
    expected = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".py" and path.name != "__init__.py":
            names = _declared_all(path)
        elif path.is_dir() and (path / "__init__.py").exists():
            names = _declared_all(path / "__init__.py")
        else:
            continue
        if names:
            expected[path.stem] = sorted(names)
    exported = {module: sorted(names) for module, names in
                _lazy_exports(folder / "__init__.py").items()}
    assert exported == expected
