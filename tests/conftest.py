"""Test configuration: the one hypothesis profile of the suite."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "leverage",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("leverage")
