"""Terms in months of seed 004 (p. 7 and p. 9) end at the end of the corresponding day of the
last month, moved to the next working day when that day is not one — the deadline engine's one
rule (``cases.deadlines.due_at`` / ``within_term``), never the notice's clock time.

p. 7: "Шетелдік онлайн-платформа Заңның 66-бабының 3-тармағын орындамаған кезде, хабарлама
жіберілгеннен кейін сегіз ай ішінде уәкілетті орган мемлекеттік техникалық қызметке … сұрау салуды
жібереді."
p. 9 1): "хабарлама жөнелтілген кезден бастап сегіз ай ішінде – … 10%-ға шектеу жөнінде шаралар
қабылдайды"; 2) "бір жыл ішінде – … 50%-ға"; 3) "бір жыл және алты ай ішінде – … 90%-ға".
"""

from datetime import timedelta

import pytest
import time_machine

from cases.deadlines import DeadlineUnit, due_at
from cases.models import Deadline
from cases.platforms import rules
from cases.platforms.models import PlatformCaseState
from cases.platforms.throttle import throttle_level, window_end
from cases.services import TransitionRefused
from cases.steps import take_step

from .conftest import local
from .factories import PlatformCaseFactory

pytestmark = pytest.mark.django_db

NOTICE = local(2026, 4, 1, 9, 0)  # Wednesday
LAST_DAY_END = local(2026, 12, 1, 23, 59, 59, 999999)  # Tuesday, a working day


def _notified(world, notice=NOTICE):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"], occurred_at=notice - timedelta(days=1))
    case.refresh_from_db()
    take_step(case, "send_notice", world["officer"], occurred_at=notice, register_number="04-12/2026/000321")
    case.refresh_from_db()
    return case


@time_machine.travel(local(2026, 12, 2, 10, 0), tick=False)
@pytest.mark.parametrize("moment", [local(2026, 12, 1, 16, 46), local(2026, 12, 1, 23, 59)], ids=["16:46", "23:59"])
def test_statistics_request_on_the_last_day_of_the_eight_months_is_allowed(world, moment):
    """p. 7 "хабарлама жіберілгеннен кейін сегіз ай ішінде": a notice sent at 09:00 on 1 April 2026
    allows the statistics request until 23:59 on 1 December 2026 (not only until 09:00)."""
    case = _notified(world)
    take_step(case, "request_statistics", world["officer"], occurred_at=moment)
    case.refresh_from_db()
    assert case.state == PlatformCaseState.STATISTICS_REQUESTED
    assert case.statistics_requested_at == moment


@time_machine.travel(local(2026, 12, 2, 10, 0), tick=False)
def test_statistics_request_the_next_day_is_refused_with_p7(world):
    """p. 7: after the last day of the eight months the request is refused, in Kazakh, with the clause."""
    case = _notified(world)
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "request_statistics", world["officer"], occurred_at=local(2026, 12, 2, 0, 0))
    assert refusal.value.status == 400 and "7-тармағы" in str(refusal.value)
    case.refresh_from_db()
    assert case.state == PlatformCaseState.NOTICE_SENT and case.statistics_requested_at is None


@time_machine.travel(local(2026, 12, 2, 10, 0), tick=False)
def test_window_deadline_ends_at_the_end_of_the_last_day(world):
    """p. 7: the term the officials are reminded of ends where the precondition does."""
    case = _notified(world)
    window = Deadline.objects.for_case(case).get(rule_code=rules.STATISTICS_REQUEST.code)
    assert window.due == LAST_DAY_END == case.statistics_window_end


def test_ten_percent_still_applies_on_the_last_day_of_the_eight_months():
    """p. 9 1) "хабарлама жөнелтілген кезден бастап сегіз ай ішінде – … 10%-ға": on the whole last
    day of the eight months (16:46 after a 09:00 notice) the level is 10 %, 50 % from the next day."""
    assert throttle_level(NOTICE, local(2026, 12, 1, 16, 46)) == 10
    assert throttle_level(NOTICE, LAST_DAY_END) == 10
    assert throttle_level(NOTICE, local(2026, 12, 2, 0, 0)) == 50
    # p. 9 2)–3): one year and one year six months end the same way
    assert throttle_level(NOTICE, local(2027, 4, 1, 23, 59)) == 50  # 1 April 2027, Thursday
    assert throttle_level(NOTICE, local(2027, 4, 2, 0, 0)) == 90
    assert throttle_level(NOTICE, local(2027, 10, 1, 23, 59)) == 90  # 1 October 2027, Friday
    assert throttle_level(NOTICE, local(2027, 10, 2, 0, 0)) is None


def test_a_window_ending_on_a_weekend_moves_to_the_next_working_day():
    """Civil Code rule of the deadline engine: eight months from 7 March 2026 end on Saturday
    7 November 2026 — the term runs to the end of Monday 9 November, and 10 % applies until then."""
    notice = local(2026, 3, 7, 10, 0)
    assert window_end(notice, 10) == local(2026, 11, 9, 23, 59, 59, 999999)
    assert throttle_level(notice, local(2026, 11, 9, 16, 46)) == 10
    assert throttle_level(notice, local(2026, 11, 10, 0, 0)) == 50


@pytest.mark.parametrize("level,months", [(10, 8), (50, 12), (90, 18)])
def test_level_windows_and_window_deadlines_use_the_same_rule(level, months):
    """One rule, one place: the p. 9 level windows and the window deadlines are ``due_at`` months."""
    assert window_end(NOTICE, level) == due_at(NOTICE, months, DeadlineUnit.MONTHS)
    if level in rules.THROTTLE_WINDOWS:
        assert rules.THROTTLE_WINDOWS[level].due(NOTICE) == window_end(NOTICE, level)
