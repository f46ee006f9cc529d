"""Test configuration: the hypothesis profiles of the suite, and optional extras.

The suite runs the ``leverage`` profile (20 examples per property, so that the README's test
command stays under five minutes on two cores). ``LEVERAGE_HYPOTHESIS=thorough`` selects the
``thorough`` profile instead: 400 examples per property, and the tests marked
``thorough`` (single cases too slow for every run), which are otherwise skipped.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

# The suite imports test modules with --import-mode=importlib, which puts no test directory on
# sys.path; the helper modules shared by the tests (games, fuzz_support, fuzz_examples) are plain
# imports once tests/ is on it.
sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile(
    "leverage",
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("thorough", parent=settings.get_profile("leverage"), max_examples=400)
THOROUGH = os.environ.get("LEVERAGE_HYPOTHESIS") == "thorough"
settings.load_profile("thorough" if THOROUGH else "leverage")


#: The documentation build of ``tests/test_docs_build.py``: started in the background as soon as the tests
#: are collected, so that it runs on a second core while the suite goes on; the test waits for it.
SPHINX_TEST = "test_sphinx_builds_the_site_without_warnings"
DOCS = Path(__file__).resolve().parents[1] / "docs"


def sphinx_command(out: Path) -> list[str]:
    """The README's documentation build, warnings as errors, into ``out``."""
    return [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-q", str(DOCS), str(out)]


#: Set in the worker processes of pytest-xdist (``python -m pytest -n 2``).
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def _start_docs_build() -> tuple[subprocess.Popen, Path, object]:
    out = Path(tempfile.mkdtemp(prefix="leverage-docs-")) / "html"
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(sphinx_command(out), stdout=subprocess.DEVNULL, stderr=log, text=True)
    return process, out, log


def _docs_extra_installed() -> bool:
    return importlib.util.find_spec("sphinx") is not None and importlib.util.find_spec("myst_parser") is not None


def pytest_collection_finish(session):
    """Start the documentation build early when its test is selected and the docs extra is installed.

    Under pytest-xdist every worker collects every test, and only one runs the documentation test:
    there the test starts the build itself, and it is scheduled first (see
    :func:`pytest_collection_modifyitems`), so the build still overlaps the rest of the suite.
    """
    if XDIST_WORKER is not None or not any(SPHINX_TEST in item.nodeid for item in session.items):
        return
    if not _docs_extra_installed():
        return  # the test itself skips, or fails where extras are required
    session.config.leverage_docs_build = _start_docs_build()


def pytest_sessionfinish(session):
    """Stop a documentation build the run no longer needs."""
    build = getattr(session.config, "leverage_docs_build", None)
    if build is not None and build[0].poll() is None:
        build[0].kill()
        build[0].wait()


@pytest.fixture
def docs_build(request):
    """``(returncode, stderr, html directory)`` of the background documentation build, waited for."""
    build = getattr(request.config, "leverage_docs_build", None)
    if build is None and XDIST_WORKER is not None and _docs_extra_installed():
        build = request.config.leverage_docs_build = _start_docs_build()
    if build is None:
        return None
    process, out, log = build
    process.wait(timeout=600)
    log.seek(0)
    return process.returncode, log.read(), out


def pytest_collection_modifyitems(config, items):
    """Run the documentation build's test first; skip the tests marked ``thorough`` unless chosen."""
    items.sort(key=lambda item: SPHINX_TEST not in item.nodeid)  # stable: the rest keep their order
    if THOROUGH:
        return
    skip = pytest.mark.skip(reason="slow single case: run with LEVERAGE_HYPOTHESIS=thorough")
    for item in items:
        if "thorough" in item.keywords:
            item.add_marker(skip)


def _require(module: str, extra: str) -> ModuleType:
    """Import ``module`` from an optional extra; skip without it, unless extras are required.

    CI sets ``LEVERAGE_REQUIRE_EXTRAS=1`` after installing the extras, so a
    missing extra fails there instead of silently skipping.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("LEVERAGE_REQUIRE_EXTRAS") == "1":
            pytest.fail(f"{module} is required here: pip install -e '.[{extra}]'")
        pytest.skip(f"needs the {extra!r} extra (pip install -e '.[{extra}]')")


@pytest.fixture
def require_extra():
    """``require_extra(module, extra)``: the module, or a skip (a failure when extras are required)."""
    return _require

# On demand only (LEVERAGE_FUZZ=long, read by tests/test_fuzz_api.py): a longer, random bad-input search.
settings.register_profile(
    "fuzz-long",
    parent=settings.get_profile("leverage"),
    max_examples=300,
    derandomize=False,
)
