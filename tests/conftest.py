"""Test configuration: the one hypothesis profile of the suite, and optional extras."""

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
settings.load_profile("leverage")


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
