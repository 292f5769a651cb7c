"""The Appendix 2 notice road of seed 004: the six-hour term of the restriction instruction, the
platform's receipt that starts it, the removal that ends it (Appendix 2), and messengers notified
under p. 6 without a complaint.

Appendix 2: "Уәкілетті орган осы хабарлама хатын алған кезден бастап алты сағат ішінде
интернет-ресурс әкімшілігінің анықталған бұзушылықтарды жоймау фактілері бойынша интернет-ресурсқа
қол жеткізуді шектеу туралы нұсқама шығарады."
"""

from datetime import timedelta

import pytest
import time_machine

from cases.models import Deadline, DeadlineOutcome
from cases.platforms import rules
from cases.platforms.models import PlatformCase, PlatformCaseState
from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves, take_step

from .conftest import local, sample_statistics
from .factories import ContentCaseFactory, MessengerFactory, PlatformCaseFactory

pytestmark = pytest.mark.django_db

VIOLATIONS = "«qazaq_truth_2026» аккаунтындағы бейнежазба"


def refresh(case):
    case.refresh_from_db()
    return case


def judged(case, user):
    return {move.name: move for move in moves(case, user)}


def noticed(world, **fields):
    case = PlatformCaseFactory(organisation=world["committee"], content_to_remove=VIOLATIONS, **fields)
    take_step(case, "detect", world["officer"])
    take_step(refresh(case), "send_notice", world["officer"])
    return refresh(case)


def six_hours(case):
    return Deadline.objects.for_case(case).get(rule_code=rules.RESTRICTION_AFTER_NOTICE.code)


def test_restriction_stays_available_after_statistics_were_requested(world):
    """Appendix 2: "хабарлама хатын алған кезден бастап алты сағат ішінде … нұсқама шығарады" —
    while the six hours are open the step is there, whatever the p. 7 request has reached."""
    officer = world["officer"]
    with time_machine.travel(local(2026, 2, 3, 9, 0), tick=False) as traveller:
        case = noticed(world)
        take_step(case, "record_notice_receipt", officer)
        traveller.shift(timedelta(hours=1))
        take_step(refresh(case), "request_statistics", officer)
        case = refresh(case)
        assert case.state == PlatformCaseState.STATISTICS_REQUESTED
        assert six_hours(case).met_at is None
        move = judged(case, officer)["order_restriction_after_notice"]
        assert str(move.status) == MoveStatus.AVAILABLE
        traveller.shift(timedelta(hours=2))
        take_step(case, "order_restriction_after_notice", officer, basis="Бейнежазба жойылмады")
        case = refresh(case)
        assert case.state == PlatformCaseState.STATISTICS_REQUESTED and case.restriction_ordered_at
        term = six_hours(case)
        assert term.outcome == DeadlineOutcome.MET and term.met_at == case.restriction_ordered_at


def test_the_notice_prompts_the_official_to_record_the_receipt(world):
    """Appendix 2: the six hours run "хабарлама хатын алған кезден бастап" — until the receipt is
    recorded the term cannot start, so the notice opens a reminder to record it; the receipt meets
    the reminder and starts the six hours."""
    with time_machine.travel(local(2026, 2, 3, 9, 0), tick=False) as traveller:
        case = noticed(world)
        prompt = Deadline.objects.for_case(case).open().get(rule_code=rules.NOTICE_RECEIPT.code)
        assert prompt.start == case.notice_sent_at and prompt.awaiting_organisation == world["committee"]
        assert "2-қосымша" in prompt.citation
        assert not Deadline.objects.for_case(case).filter(rule_code=rules.RESTRICTION_AFTER_NOTICE.code).exists()
        move = judged(case, world["officer"])["record_notice_receipt"]
        assert str(move.status) == MoveStatus.AVAILABLE
        traveller.shift(timedelta(hours=3))
        take_step(case, "record_notice_receipt", world["officer"], occurred_at=local(2026, 2, 3, 10, 30))
        case = refresh(case)
        prompt.refresh_from_db()
        assert prompt.outcome == DeadlineOutcome.MET and prompt.met_at == local(2026, 2, 3, 10, 30)
        assert six_hours(case).start == local(2026, 2, 3, 10, 30)
        assert six_hours(case).due == local(2026, 2, 3, 16, 30)


def test_a_notice_without_identified_violations_prompts_nothing(world):
    """Appendix 2's six hours concern "анықталған бұзушылықтарды жоймау": no violation named, no term."""
    with time_machine.travel(local(2026, 2, 3, 9, 0), tick=False):
        case = noticed(world)
        case.content_to_remove = ""
        case.save()
        other = PlatformCaseFactory(organisation=world["committee"])
        take_step(other, "detect", world["officer"])
        take_step(refresh(other), "send_notice", world["officer"])
        assert not Deadline.objects.for_case(other).filter(rule_code=rules.NOTICE_RECEIPT.code).exists()


def test_removal_of_the_content_closes_the_six_hour_term(world):
    """Appendix 2: the instruction is for "анықталған бұзушылықтарды жоймау фактілері бойынша" — once
    the platform removed them the term is met by the removal and no restriction follows."""
    officer = world["officer"]
    with time_machine.travel(local(2026, 2, 3, 9, 0), tick=False) as traveller:
        case = noticed(world)
        take_step(case, "record_notice_receipt", officer)
        traveller.shift(timedelta(hours=4))
        take_step(refresh(case), "record_content_removal", officer, occurred_at=local(2026, 2, 3, 12, 0))
        case = refresh(case)
        assert case.state == PlatformCaseState.NOTICE_SENT  # the representative is still owed (p. 6–9)
        assert case.content_removed_at == local(2026, 2, 3, 12, 0)
        term = six_hours(case)
        assert term.outcome == DeadlineOutcome.MET and term.met_at == local(2026, 2, 3, 12, 0)
        move = judged(case, officer)["order_restriction_after_notice"]
        assert str(move.status) == MoveStatus.BLOCKED
        assert any("2-қосымша" in str(reason) for reason in move.unmet)
        with pytest.raises(TransitionRefused) as refusal:
            take_step(case, "order_restriction_after_notice", officer, basis="x")
        assert refusal.value.status == 400 and "2-қосымша" in str(refusal.value)
        assert refresh(case).restriction_ordered_at is None
        with pytest.raises(TransitionRefused):  # removed once
            take_step(case, "record_content_removal", officer)


def test_removal_before_the_receipt_is_recorded_ends_the_prompt(world):
    """The content is gone before anyone recorded the receipt: nothing is left to restrict, the
    reminder to record the receipt no longer applies and no six hours start."""
    with time_machine.travel(local(2026, 2, 3, 9, 0), tick=False) as traveller:
        case = noticed(world)
        traveller.shift(timedelta(hours=1))
        take_step(case, "record_content_removal", world["officer"])
        case = refresh(case)
        prompt = Deadline.objects.for_case(case).get(rule_code=rules.NOTICE_RECEIPT.code)
        assert prompt.outcome == DeadlineOutcome.NOT_APPLICABLE
        take_step(case, "record_notice_receipt", world["officer"])
        assert not Deadline.objects.for_case(case).filter(rule_code=rules.RESTRICTION_AFTER_NOTICE.code).exists()


def test_removal_is_available_while_throttled(world):
    """The notice road goes on to p. 9: the removal and the restriction stay steps of it."""
    officer, sts = world["officer"], world["sts"]
    with time_machine.travel(local(2026, 2, 3, 9, 0), tick=False) as traveller:
        case = noticed(world)
        take_step(case, "request_statistics", officer)
        sample_statistics(refresh(case), sts, n_regions=1)
        traveller.shift(timedelta(days=1))
        take_step(refresh(case), "submit_statistics", sts)
        take_step(refresh(case), "issue_throttle_instruction", officer)
        case = refresh(case)
        assert case.state == PlatformCaseState.THROTTLED
        available = judged(case, officer)
        assert str(available["record_notice_receipt"].status) == MoveStatus.AVAILABLE
        assert str(available["record_content_removal"].status) == MoveStatus.AVAILABLE


def test_a_messenger_without_a_representative_is_detected_and_notified_without_a_complaint(world):
    """p. 4 concerns "Лездік хабар алмасу сервистерін пайдаланушылар … орналастыратын материалдар";
    p. 6 ("…шетелдік онлайн-платформаның қызметі анықталған кезде … хабарлама жібереді") asks for no
    complaint: a messenger without a legal representative is recorded as detected and notified."""
    case = PlatformCaseFactory(organisation=world["committee"], platform=MessengerFactory())
    PlatformCase(organisation=world["committee"], platform=case.platform, ground=case.ground).clean()
    take_step(case, "detect", world["officer"])
    take_step(refresh(case), "send_notice", world["officer"])
    assert refresh(case).state == PlatformCaseState.NOTICE_SENT


def test_a_messenger_users_materials_still_need_the_complaint(world):
    """p. 4: "мониторинг бұзушылықтар бірнеше рет болған жағдайда лездік хабар алмасу сервисін
    пайдаланушының жолданымы негізінде жүзеге асырылады" — the prohibited-information road."""
    case = ContentCaseFactory(organisation=world["committee"], platform=MessengerFactory())
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "detect", world["officer"])
    assert refusal.value.status == 400 and "4-тармағы" in str(refusal.value)
    assert refresh(case).state == PlatformCaseState.MONITORING
