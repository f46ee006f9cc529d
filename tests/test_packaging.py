"""Packaging and import conventions (issue 20).

- ``import leverage`` is cheap: it loads neither sympy, ``scipy.optimize`` nor
  matplotlib, and every public name still resolves on first use.
- pyproject.toml declares an SPDX licence with its file, the Python versions
  supported, the console script ``leverage`` and version floors that the
  lowest-versions run of ``.ci/run`` pins.
- The source distribution holds what its tests and documentation need, and a
  wheel built from it holds the packaged scenario files and the licence.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import leverage

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
HEAVY = ("sympy", "scipy.optimize", "matplotlib")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, timeout=60, check=True)
    return set(out.stdout.split())


def test_import_leverage_loads_no_heavy_dependency():
    loaded = _modules_after("import leverage")
    assert "leverage" in loaded
    assert not [m for m in HEAVY if m in loaded], sorted(m for m in loaded if m.split(".")[0] in ("sympy",
                                                                                                  "matplotlib"))


def test_the_check_would_see_a_heavy_import():
    # the same check bites when a module does load one: the solvers use scipy.optimize
    loaded = _modules_after("import leverage\nleverage.equilibria")
    assert "scipy.optimize" in loaded


def test_every_public_name_resolves_to_its_module_object():
    for name in leverage.__all__:
        value = getattr(leverage, name)
        if isinstance(value, type(leverage)):  # a subpackage
            assert value is importlib.import_module(f"leverage.{name}"), name
        elif callable(value):
            assert getattr(importlib.import_module(value.__module__), name) is value, name
        else:  # a constant: the tolerance rule's RTOL
            assert value == importlib.import_module("leverage.tolerance").RTOL, name
    assert leverage.Game is importlib.import_module("leverage.game").Game
    assert leverage.solvers is importlib.import_module("leverage.solvers")
    assert set(leverage.__all__) <= set(dir(leverage))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent_name'"):
        leverage.nonexistent_name  # noqa: B018
    with pytest.raises(ImportError):
        from leverage import nonexistent_name  # noqa: F401


def test_the_licence_is_spdx_with_its_file():
    project = PYPROJECT["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("BSD 3-Clause License") and "Neither the name of the copyright holder" in text


def test_classifiers_name_every_supported_python():
    classifiers = PYPROJECT["project"]["classifiers"]
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"


def test_the_console_script_is_the_main_job():
    target = PYPROJECT["project"]["scripts"]["leverage"]
    module, _, function = target.partition(":")
    assert callable(getattr(importlib.import_module(module), function))


def _floors() -> dict[str, str]:
    floors = {}
    extras = PYPROJECT["project"]["optional-dependencies"]
    for requirement in PYPROJECT["project"]["dependencies"] + extras["test"]:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?>=([0-9][0-9.]*)", requirement)
        assert match, f"every requirement has a floor: {requirement!r}"
        floors[match.group(1).lower()] = match.group(2)
    return floors


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_the_lowest_versions_run_pins_the_declared_floors():
    floors = _floors()
    pins = {}
    for line in (ROOT / ".ci" / "min-versions.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    for name in ("numpy", "scipy", "sympy", "nashpy", "pytest", "hypothesis", "pytest-xdist"):
        assert name in pins, name
        # the pin is the floor itself, trailing zeros aside (pytest>=7 is pinned as 7.0.0)
        width = max(len(_version(floors[name])), len(_version(pins[name])))
        pad = (lambda v: v + (0,) * (width - len(v)))
        assert pad(_version(pins[name])) == pad(_version(floors[name])), (name, pins[name], floors[name])


def test_the_installed_versions_satisfy_the_floors():
    from importlib.metadata import version

    for name, floor in _floors().items():
        if name in ("build", "setuptools", "pytest-xdist"):
            continue
        installed = tuple(int(p) for p in re.findall(r"\d+", version(name))[:3])
        assert installed >= _version(floor)[:3], (name, installed, floor)


@pytest.fixture(scope="module")
def distributions(tmp_path_factory):
    """The sdist, and the wheel built from the sdist (as ``python -m build`` does)."""
    from importlib.metadata import PackageNotFoundError, version

    try:  # the distribution, not a folder named build/ (a wheel built in the checkout leaves one)
        version("build")
    except PackageNotFoundError:
        pytest.skip("needs the test extra's build (pip install build)")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (sdist,) = out.glob("leverage-*.tar.gz")
    (wheel,) = out.glob("leverage-*.whl")
    return sdist, wheel


def test_the_sdist_holds_what_its_tests_and_docs_need(distributions):
    sdist, _ = distributions
    with tarfile.open(sdist) as tar:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in tar.getnames()}
    for needed in ("LICENSE", "README.md", "pyproject.toml", "tests/conftest.py", "tests/test_packaging.py",
                   "docs/conf.py", "docs/index.md", "examples/scenarios/managed_rivalry.toml",
                   "src/leverage/scenarios/presets/managed_rivalry.toml", "src/leverage/py.typed",
                   ".ci/min-versions.txt"):
        assert needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_wheel_holds_the_scenario_files_and_the_licence(distributions):
    _, wheel = distributions
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry_points = zf.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    for preset in (ROOT / "src" / "leverage" / "scenarios" / "presets").glob("*.toml"):
        assert f"leverage/scenarios/presets/{preset.name}" in names
    assert "leverage/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: BSD-3-Clause" in metadata
    assert "Classifier: Programming Language :: Python :: 3.13" in metadata
    assert re.search(r"^leverage\s*=\s*leverage\.__main__:run$", entry_points, re.M)
    assert not [n for n in names if n.startswith("tests/")]
