"""Test configuration: the hypothesis profiles of the suite, and optional extras.

The suite runs the ``leverage`` profile. ``LEVERAGE_HYPOTHESIS=thorough`` selects the
``thorough`` profile instead: ten times the examples, and the tests marked
``thorough`` (single cases too slow for every run), which are otherwise skipped.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "leverage",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("thorough", parent=settings.get_profile("leverage"), max_examples=600)
THOROUGH = os.environ.get("LEVERAGE_HYPOTHESIS") == "thorough"
settings.load_profile("thorough" if THOROUGH else "leverage")


def pytest_collection_modifyitems(config, items):
    """Skip the tests marked ``thorough`` unless the thorough profile is chosen."""
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
