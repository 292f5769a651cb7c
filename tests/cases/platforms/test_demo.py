import pytest

from cases.platforms.models import PlatformCase, ThrottleInstruction

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_and_idempotent(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from cases.platforms.demo import load

    load(demo)
    load(demo)
    states = set(PlatformCase.objects.values_list("state", flat=True))
    assert {"monitoring", "detected", "warning_sent", "statistics_requested", "throttled"} <= states
    assert PlatformCase.objects.count() == 5
    assert ThrottleInstruction.objects.get().rows.count() == 24
