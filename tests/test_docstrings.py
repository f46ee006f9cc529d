"""Every public function and class of leverage documents itself with an example that runs.

For each module of the package, every name in its ``__all__`` that is a function
or a class *defined in that module* must have a docstring with a ``>>>`` example.
The examples themselves run as doctests (``--doctest-modules``), so an example
that is present but wrong fails there.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import leverage


def _public_objects() -> list[tuple[str, str, object]]:
    found = []
    modules = ["leverage"] + [
        info.name
        for info in pkgutil.walk_packages(leverage.__path__, "leverage.")
        if not info.name.endswith("__main__")
    ]
    for name in modules:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
                found.append((name, attr, obj))
    return found


PUBLIC = _public_objects()


def test_the_walk_finds_the_public_api():
    names = {f"{module}.{attr}" for module, attr, _ in PUBLIC}
    assert len(PUBLIC) > 100
    assert {"leverage.game.Game", "leverage.solvers.enumeration.equilibria",
            "leverage.bargaining.rubinstein", "leverage.coercion.model.CoercionModel"} <= names


@pytest.mark.parametrize(("module", "name", "obj"), PUBLIC, ids=[f"{m}.{n}" for m, n, _ in PUBLIC])
def test_public_object_has_a_runnable_example(module, name, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{module}.{name} has no docstring"
    assert ">>>" in doc, f"{module}.{name}: the docstring has no example (a '>>>' line that runs as a doctest)"
