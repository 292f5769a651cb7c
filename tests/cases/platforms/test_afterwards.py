"""Steps done outside the system, recorded afterwards with their real time: a notice sent on paper
(its date starts the 8-month window of p. 7 and the levels of p. 9), the platform's receipt, the
STS's statistics and its execution report sent by letter. Terms run from the real time."""

from datetime import timedelta

import pytest
import time_machine

from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.platforms import rules
from cases.platforms.models import PlatformCaseState, ThrottleInstruction
from cases.services import TransitionRefused
from cases.steps import take_step
from forms_kz.codes import FormCode
from forms_kz.models import OutgoingLetter

from .conftest import local, sample_statistics
from .factories import PlatformCaseFactory

pytestmark = pytest.mark.django_db
NOW = local(2026, 11, 20, 10, 0)


def refresh(case):
    case.refresh_from_db()
    return case


def detected(world, at):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"], occurred_at=at)
    return refresh(case)


@time_machine.travel(NOW, tick=False)
def test_a_paper_notice_starts_the_eight_month_window_at_its_real_date(world):
    case = detected(world, local(2026, 3, 2, 9, 0))
    take_step(case, "send_notice", world["officer"], occurred_at=local(2026, 3, 4, 11, 0), register_number="04-12/2026/000087")
    case = refresh(case)
    assert case.state == PlatformCaseState.NOTICE_SENT
    assert case.notice_sent_at == local(2026, 3, 4, 11, 0)
    assert case.notice_register_number == "04-12/2026/000087"
    assert not OutgoingLetter.objects.for_case(case).filter(form_code=FormCode.S004_APP2).exists()  # it is on paper
    log = TransitionLog.objects.get(object_id=case.pk, transition="send_notice")
    assert log.recorded_afterwards and log.at == local(2026, 3, 4, 11, 0) and log.by == world["officer"]
    notice_term = Deadline.objects.for_case(case).get(rule_code=rules.NOTICE.code)
    assert notice_term.met_at == local(2026, 3, 4, 11, 0) and notice_term.outcome == DeadlineOutcome.MET
    window = Deadline.objects.for_case(case).open().get(rule_code=rules.STATISTICS_REQUEST.code)
    assert window.start == local(2026, 3, 4, 11, 0) and window.due == local(2026, 11, 4, 23, 59, 59, 999999)
    assert case.allowed_throttle_level() == 50  # 8½ months after the paper notice (p. 9 subp. 2)
    with pytest.raises(TransitionRefused) as refusal:  # p. 7 window closed on 4 November
        take_step(case, "request_statistics", world["officer"])
    assert "7-тармағы" in str(refusal.value)


@time_machine.travel(NOW, tick=False)
def test_a_notice_recorded_afterwards_needs_its_register_number(world):
    case = detected(world, local(2026, 3, 2, 9, 0))
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "send_notice", world["officer"], occurred_at=local(2026, 3, 4, 11, 0))
    assert refusal.value.status == 400 and "register_number" in refusal.value.errors
    case = refresh(case)
    assert case.state == PlatformCaseState.DETECTED and case.notice_sent_at is None


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("moment", [NOW + timedelta(hours=1), local(2024, 1, 1, 9, 0)], ids=["future", "before-the-act"])
def test_a_real_time_in_the_future_or_before_the_act_is_refused(world, moment):
    case = PlatformCaseFactory(organisation=world["committee"])
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "detect", world["officer"], occurred_at=moment)
    assert refusal.value.status == 400 and "occurred_at" in refusal.value.errors
    assert refresh(case).state == PlatformCaseState.MONITORING
    assert not Deadline.objects.for_case(case).exists()


@time_machine.travel(NOW, tick=False)
def test_receipt_statistics_and_report_by_letter_keep_their_real_times(world):
    officer, sts = world["officer"], world["sts"]
    case = detected(world, local(2025, 12, 1, 9, 0))
    take_step(case, "send_notice", officer, occurred_at=local(2025, 12, 2, 10, 0), register_number="04-12/2025/000150")
    take_step(refresh(case), "record_notice_receipt", officer, occurred_at=local(2025, 12, 2, 16, 0))
    assert refresh(case).notice_received_at == local(2025, 12, 2, 16, 0)
    take_step(refresh(case), "request_statistics", officer, occurred_at=local(2025, 12, 10, 9, 0))
    case = refresh(case)
    answer = Deadline.objects.for_case(case).open().get(rule_code=rules.STATISTICS_ANSWER.code)
    assert answer.start == local(2025, 12, 10, 9, 0)
    sample_statistics(case, sts, n_regions=1)

    with pytest.raises(TransitionRefused) as refusal:  # p. 8: the STS sends its answer, not the official
        take_step(case, "submit_statistics", officer, occurred_at=local(2025, 12, 20, 12, 0))
    assert refusal.value.status == 403
    take_step(refresh(case), "submit_statistics", sts, occurred_at=local(2025, 12, 20, 12, 0))
    case = refresh(case)
    assert case.statistics_answered_at == local(2025, 12, 20, 12, 0)
    answer.refresh_from_db()
    assert answer.met_at == local(2025, 12, 20, 12, 0) and answer.outcome == DeadlineOutcome.MET

    # a paper Appendix 3 instruction, 10 % within eight months of the notice (judged at its real time)
    take_step(case, "issue_throttle_instruction", officer, occurred_at=local(2025, 12, 25, 10, 0), register_number="04-12/2025/000201")
    case = refresh(case)
    instruction = case.current_instruction
    assert (instruction.level, instruction.register_number, instruction.letter_id) == (10, "04-12/2025/000201", None)
    assert instruction.issued_at == local(2025, 12, 25, 10, 0)
    report = Deadline.objects.for_case(case).open().get(rule_code=rules.THROTTLE_REPORT.code)
    assert report.due == local(2026, 1, 4, 10, 0)

    take_step(case, "report_execution", sts, occurred_at=local(2026, 1, 2, 9, 0), report="Хатпен хабарланды: орындалды")
    instruction.refresh_from_db()
    assert instruction.executed_at == local(2026, 1, 2, 9, 0)
    report.refresh_from_db()
    assert report.met_at == local(2026, 1, 2, 9, 0) and report.outcome == DeadlineOutcome.MET

    # nine months after the paper notice: the 50 % level (p. 9 subp. 2), on paper too
    take_step(refresh(case), "escalate_throttling", officer, occurred_at=local(2026, 9, 1, 10, 0), register_number="04-12/2026/000260")
    assert refresh(case).current_instruction.level == 50
    assert ThrottleInstruction.objects.filter(case=case, kind="throttle").count() == 2
