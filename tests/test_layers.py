"""Imports run one way (issue 21): parameters -> payoff arrays -> Game -> solvers -> results -> sensitivity -> report.

The import graph is read from the source tree with :mod:`ast` -- every
``import`` and ``from ... import`` in ``src/leverage``, at module level and
inside functions alike (a lazy import is still a dependency), ``leverage.*``
only. ``from leverage.x import y`` counts as an import of the module
``leverage.x.y`` when that is a module, else of ``leverage.x``.

A *unit* is ``leverage.<first component>`` (a top-level module or package;
``leverage`` itself is the package root). The tests fail on

- a cycle between units (the cycle is printed);
- an import from a unit in a lower layer of :data:`LAYERS` into a higher one;
- a unit found in the source tree that no layer places;
- ``from leverage.x import _y``: a private name taken from another module.

Imports inside one unit are free, as long as they make no cycle between units.
Run ``python tests/test_layers.py`` to print the unit graph and its cycles.
"""

from __future__ import annotations

import ast
import functools
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "leverage"

#: The layers, lowest first: a unit may import units of its own layer or of a lower one, never of a higher one.
LAYERS: list[tuple[str, set[str]]] = [
    # argument checks, the one tolerance rule, the version string and the display helpers (HTML tables and the
    # optional pandas import behind every to_pandas) and the progress bars: they import nothing of leverage but checks
    ("base", {"leverage.checks", "leverage.tolerance", "leverage.version", "leverage.display",
              "leverage.progress"}),
    # named, sourced, ranged parameters, the actors' calibrated figures built from them, and declared assumptions
    ("parameters", {"leverage.parameters", "leverage.actors", "leverage.assumptions"}),
    # payoff arrays and the Game that holds them: the normal form, its parameterised form, tree nodes, the
    # generic tree, and the result types the solvers return (results verifies profiles against a Game)
    ("game", {"leverage.game", "leverage.parametric", "leverage.nodes", "leverage.game_tree", "leverage.results"}),
    # the equilibrium solvers of normal forms: functions of a Game returning results
    ("solvers", {"leverage.solvers"}),
    # model families built on Game and the solvers (io reads and writes their files, so it sits with them:
    # it builds ExtensiveGame and ParametricGame objects; linkage and repeated reuse bargaining and solvers)
    ("model families", {"leverage.sequential", "leverage.extensive", "leverage.dynamic", "leverage.repeated",
                        "leverage.bargaining", "leverage.linkage", "leverage.coalitions", "leverage.io"}),
    # sensitivity of equilibria to the parameters: sweeps, indices, comparative statics, regime maps
    ("sensitivity", {"leverage.sensitivity"}),
    # applications: the coercion models (they take the regime tools) and the calibrated rare-earth scenarios
    ("applications", {"leverage.coercion", "leverage.scenarios"}),
    # the report and the main job: figures, the shareable HTML report, hypothesis strategies and assertions
    # over everything below, the command line, and the package root, which re-exports the public API of
    # every layer
    ("report and main job", {"leverage.plotting", "leverage.plotting_style", "leverage.figures", "leverage.report",
                             "leverage.testing", "leverage.cli", "leverage.__main__", "leverage"}),
]


def module_name(path: Path, src: Path = SRC) -> str:
    """``src/leverage/a/b.py`` -> ``leverage.a.b``; a package's ``__init__.py`` is the package."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    return {module_name(p, root.parent): p for p in sorted(root.rglob("*.py"))}


@functools.cache
def _parse(path: Path) -> ast.Module:
    """A source file's syntax tree (each file is parsed once)."""
    return ast.parse(path.read_text(), str(path))


def imports_of(module: str, path: Path, modules: set[str]) -> list[tuple[str, int, str | None]]:
    """``(imported module, line, name)`` for every leverage import in ``path`` (``name`` for ``from`` imports)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int, str | None]] = []
    tree = _parse(path)
    # imports under ``if TYPE_CHECKING:`` never run (annotations only): they are not edges of the graph
    typing_only = {id(n) for guard in ast.walk(tree) if isinstance(guard, ast.If) and _is_type_checking(guard.test)
                   for stmt in guard.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno, None) for a in node.names if a.name.split(".")[0] == "leverage"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "leverage":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in modules else target, node.lineno, alias.name))
    return found


def _is_type_checking(test: ast.expr) -> bool:
    """Whether an ``if`` tests ``TYPE_CHECKING`` (or ``typing.TYPE_CHECKING``)."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def import_graph(root: Path = PACKAGE) -> dict[str, list[tuple[str, int, str | None]]]:
    """The module-level import graph: each module's leverage imports, with line numbers."""
    files = source_files(root)
    modules = set(files)
    return {m: imports_of(m, p, modules) for m, p in files.items()}


def unit(module: str) -> str:
    """The top-level unit of a module: ``leverage.solvers.vertex`` -> ``leverage.solvers``."""
    return ".".join(module.split(".")[:2])


def unit_graph(graph: dict[str, list[tuple[str, int, str | None]]]) -> dict[str, set[str]]:
    """Edges between distinct units."""
    out: dict[str, set[str]] = defaultdict(set)
    for module, targets in graph.items():
        out.setdefault(unit(module), set())
        for target, _, _ in targets:
            if unit(target) != unit(module):
                out[unit(module)].add(unit(target))
    return dict(out)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each as one cycle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
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
                components.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(set(graph) | {w for ws in graph.values() for w in ws}):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return [_cycle_through(graph, c) for c in components]


def _cycle_through(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """One closed path ``[a, b, ..., a]`` inside a strongly connected component (breadth-first back to ``a``)."""
    inside = set(component)
    start = component[0]
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, ())):
                if w not in inside:
                    continue
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, v, start]
                if w not in parent:
                    parent[w] = v
                    nxt.append(w)
        frontier = nxt
    return component  # unreachable for a strongly connected component


def layer_of() -> dict[str, int]:
    """Each unit's layer index."""
    return {u: k for k, (_, units) in enumerate(LAYERS) for u in units}


def upward_imports(graph: dict[str, list[tuple[str, int, str | None]]]) -> list[str]:
    """Every import from a unit into a unit of a higher layer, as ``module:line -> target (layer -> layer)``."""
    level = layer_of()
    found = []
    for module, targets in sorted(graph.items()):
        for target, line, _ in targets:
            a, b = unit(module), unit(target)
            if a in level and b in level and level[b] > level[a]:
                found.append(f"{module}:{line} imports {target} ({LAYERS[level[a]][0]} -> {LAYERS[level[b]][0]})")
    return found


def private_imports(graph: dict[str, list[tuple[str, int, str | None]]]) -> list[str]:
    """``from leverage.x import _y`` with ``leverage.x`` another module than the importer."""
    return [f"{module}:{line} imports {name} from {target}"
            for module, targets in sorted(graph.items())
            for target, line, name in targets
            if name and name.startswith("_") and not name.startswith("__") and target != module]


def private_attributes(root: Path = PACKAGE) -> list[str]:
    """``m._y`` where ``m`` names another leverage module (``import leverage.x as m``, ``from leverage import x``)."""
    files = source_files(root)
    found = []
    for module, path in files.items():
        tree = _parse(path)
        bound = {"leverage": "leverage"}  # `import leverage.x` binds leverage: `leverage.x._y` is read below
        for target, _, name in imports_of(module, path, set(files)):
            if name and target in files:
                bound[name] = target
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):  # `import leverage.x as m` binds m to leverage.x
                bound.update({a.asname: a.name for a in node.names if a.asname and a.name in files})
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")):
                continue
            value, chain = node.value, []
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in bound:
                owner = ".".join([bound[value.id], *reversed(chain)])
                if owner in files and owner != module:
                    found.append(f"{module}:{node.lineno} reads {owner}.{node.attr}")
    return sorted(found)


@functools.cache
def graph() -> dict[str, list[tuple[str, int, str | None]]]:
    """The import graph of the source tree, built once, when a test first needs it (not at collection)."""
    return import_graph()


# ----------------------------------------------------------------------------- the tree as it is
def test_every_unit_has_exactly_one_layer():
    placed = [u for _, units in LAYERS for u in units]
    assert len(placed) == len(set(placed)), "a unit is placed in two layers"
    units = {unit(m) for m in graph()}
    assert not units - set(placed), f"units that no layer places (add each to LAYERS with a reason): {sorted(units - set(placed))}"
    assert not set(placed) - units, f"layers name units that do not exist: {sorted(set(placed) - units)}"


def test_no_cycle_between_units():
    found = cycles(unit_graph(graph()))
    assert not found, "cycles between units of leverage:\n" + "\n".join(" -> ".join(c) for c in found)


def test_no_cycle_between_modules():
    # finer than the units: no two modules import each other, even inside one package (package
    # __init__ files re-export their submodules, so an edge into a package counts as an edge into it alone)
    modules = {m: {t for t, _, _ in targets if t != m} for m, targets in graph().items()}
    found = [c for c in cycles(modules) if not any(m == unit(m) or m.endswith("__init__") for m in c)
             and not _through_package_init(c)]
    assert not found, "cycles between modules of leverage:\n" + "\n".join(" -> ".join(c) for c in found)


def _through_package_init(cycle: list[str]) -> bool:
    """Whether a cycle passes through a package (``leverage.x`` with submodules): its ``__init__`` re-exports."""
    packages = {str(module_name(p)) for p in PACKAGE.rglob("__init__.py")}
    return any(m in packages for m in cycle)


def test_no_import_from_a_lower_layer_into_a_higher_one():
    found = upward_imports(graph())
    assert not found, "imports that run up the layers:\n" + "\n".join(found)


def test_no_module_imports_a_private_name_of_another():
    found = private_imports(graph())
    assert not found, "private names imported across modules (make them public or keep them at home):\n" + "\n".join(found)


def test_no_module_reads_a_private_name_of_another_through_its_module():
    found = private_attributes()
    assert not found, "private names read across modules:\n" + "\n".join(found)


def test_no_submodule_is_shadowed_by_a_name_its_package_exports():
    # `import leverage.solvers.x` and `leverage.solvers.x` must be the same object
    import importlib

    shadowed = []
    for module in graph():
        package, _, name = module.rpartition(".")
        if package and package in graph() and (SRC / Path(*package.split(".")) / "__init__.py").is_file():
            attr = getattr(importlib.import_module(package), name, None)
            if attr is not None and attr is not importlib.import_module(module):
                shadowed.append(f"{module} (the package exports a {type(attr).__name__} of that name)")
    assert not shadowed, "submodules shadowed by what their package exports:\n" + "\n".join(shadowed)


# ----------------------------------------------------------------------------- the checks bite
def test_the_reader_sees_lazy_relative_and_from_imports(tmp_path):
    root = tmp_path / "leverage"
    (root / "pkg").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "base.py").write_text("def f():\n    from leverage.pkg import mod\n")
    (root / "pkg" / "__init__.py").write_text("from .mod import g\n")
    (root / "pkg" / "mod.py").write_text("import leverage.base\nfrom leverage.base import _hidden\n"
                                         "from leverage import base\nbase._also_hidden\nleverage.base._too\n")
    graph = import_graph(root)
    assert graph["leverage.base"] == [("leverage.pkg.mod", 2, "mod")]  # inside a function, resolved to the module
    assert graph["leverage.pkg"] == [("leverage.pkg.mod", 1, "g")]  # relative
    assert cycles(unit_graph(graph)) == [["leverage.base", "leverage.pkg", "leverage.base"]]
    assert private_imports(graph) == ["leverage.pkg.mod:2 imports _hidden from leverage.base"]
    assert private_attributes(root) == ["leverage.pkg.mod:4 reads leverage.base._also_hidden",
                                        "leverage.pkg.mod:5 reads leverage.base._too"]


def test_a_cycle_and_an_upward_import_are_reported():
    graph = {"leverage.game": [("leverage.solvers.vertex", 501, "is_degenerate")],
             "leverage.solvers.vertex": [("leverage.game", 37, "Game")]}
    assert cycles(unit_graph(graph)) == [["leverage.game", "leverage.solvers", "leverage.game"]]
    assert upward_imports(graph) == ["leverage.game:501 imports leverage.solvers.vertex (game -> solvers)"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_real_graph_holds_the_edges_the_layers_are_about():
    edges = unit_graph(graph())
    assert "leverage.game" in edges["leverage.solvers"]
    assert "leverage.parametric" in edges["leverage.sensitivity"]
    assert "leverage.sensitivity" in edges["leverage.coercion"]  # the coercion maps take the regime tools
    assert "leverage.solvers" not in edges["leverage.game"]


if __name__ == "__main__":
    for u, targets in sorted(unit_graph(graph()).items()):
        print(f"{u} -> {', '.join(sorted(targets)) or '(nothing)'}")
    print("cycles between units:", cycles(unit_graph(graph())) or "none")
    modules = {m: {t for t, _, _ in ts if t != m} for m, ts in graph().items()}
    print("cycles between modules:", cycles(modules) or "none")
