"""The documentation site builds with Sphinx without a single warning, and covers every module.

The build needs the ``docs`` extra (``pip install -e ".[docs]"``): without it the
build test is skipped, except where ``LEVERAGE_REQUIRE_EXTRAS=1`` (CI), where it
fails. The command is the one the README gives, with the output in a temporary
directory.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path

import leverage

DOCS = Path(__file__).resolve().parents[1] / "docs"
REFERENCE = DOCS / "reference"


def _modules() -> set[str]:
    return {"leverage"} | {
        info.name for info in pkgutil.walk_packages(leverage.__path__, "leverage.") if not info.name.endswith("__main__")
    }


def test_every_module_has_a_reference_page():
    pages = {p.stem for p in REFERENCE.glob("leverage*.md")}
    missing = sorted(_modules() - pages)
    stale = sorted(pages - _modules())
    assert not missing, f"modules without a page in docs/reference/ (add one like the others, and list it in index.md): {missing}"
    assert not stale, f"pages in docs/reference/ for modules that do not exist: {stale}"
    index = (REFERENCE / "index.md").read_text()
    unlisted = sorted(name for name in pages if f"\n{name}\n" not in index)
    assert not unlisted, f"reference pages missing from a toctree in docs/reference/index.md: {unlisted}"


def test_sphinx_builds_the_site_without_warnings(require_extra, docs_build, tmp_path):
    require_extra("sphinx", extra="docs")
    require_extra("myst_parser", extra="docs")
    # tests/conftest.py starts the build (the README's command, warnings as errors) in the background
    # once the tests are collected, so that it runs on another core while the suite goes on
    assert docs_build is not None, "the documentation build was not started at collection"
    returncode, stderr, out = docs_build
    assert returncode == 0, f"sphinx failed (exit {returncode}):\n{stderr}"
    for page in ("index", "tutorial", "explanation/equilibria", "reference/leverage.game"):
        assert (out / f"{page}.html").is_file(), page
    equilibria_page = (out / "reference" / "leverage.solvers.enumeration.html").read_text()
    assert 'id="leverage.solvers.enumeration.equilibria"' in equilibria_page  # autodoc ran
