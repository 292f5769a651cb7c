import pytest

from cases.models import Deadline
from cases.platforms.models import PlatformCase, PlatformCaseState, ThrottleInstruction

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_and_idempotent(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from cases.platforms.demo import load

    load(demo)
    count = PlatformCase.objects.count()
    load(demo)
    states = set(PlatformCase.objects.values_list("state", flat=True))
    assert {"monitoring", "detected", "warning_sent", "statistics_requested", "throttled"} <= states
    assert PlatformCase.objects.count() == count
    for instruction in ThrottleInstruction.objects.filter(kind=ThrottleInstruction.Kind.THROTTLE):
        assert instruction.rows.count() == 24


def test_full_demo_has_a_platform_case_in_every_state(settings, tmp_path):
    """A new official can open every screen of seed 004: every state, 10 / 50 / 90 %, withdrawn,
    restricted and lifted cases, built through the services with their real past times."""
    settings.MEDIA_ROOT = tmp_path
    from registries.demo import load_full_demo

    load_full_demo()
    present = set(PlatformCase.objects.values_list("state", flat=True))
    assert present == {value for value, _label in PlatformCaseState.choices}

    throttled = PlatformCase.objects.filter(state=PlatformCaseState.THROTTLED)
    assert sorted(case.current_instruction.level for case in throttled) == [10, 50, 90]
    for case in throttled:
        levels = list(case.throttle_instructions.filter(kind="throttle").order_by("issued_at").values_list("level", flat=True))
        assert levels == [10, 50, 90][: len(levels)]
        assert case.allowed_throttle_level(case.current_instruction.issued_at) == case.current_instruction.level

    withdrawn = PlatformCase.objects.get(state=PlatformCaseState.WITHDRAWN)
    assert withdrawn.withdrawal_reason and not Deadline.objects.for_case(withdrawn).open().exists()
    restricted = PlatformCase.objects.get(state=PlatformCaseState.RESTRICTION_ORDERED)
    assert restricted.throttle_instructions.get(kind=ThrottleInstruction.Kind.RESTRICT).letter is not None
    lifted = PlatformCase.objects.get(state=PlatformCaseState.LIMITS_LIFTED)
    assert lifted.throttle_instructions.get(kind=ThrottleInstruction.Kind.LIFT).letter is not None
    for case in PlatformCase.objects.filter(state__in=PlatformCase.FINAL_STATES):
        assert not Deadline.objects.for_case(case).open().exists(), case.state
