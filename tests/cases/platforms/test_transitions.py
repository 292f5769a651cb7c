"""seed 004 p. 4–6 and Appendices 1–2: detection, warning letter, legal-representative notice."""

from datetime import timedelta

import pytest
import time_machine

from cases.models import Deadline, TransitionLog
from cases.platforms import models, rules
from cases.platforms.models import PlatformCase, PlatformCaseState
from cases.services import TransitionRefused
from cases.steps import take_step

from .conftest import local
from .factories import ContentCaseFactory, EvidenceFactory, MessengerFactory, OnlinePlatformFactory, PlatformCaseFactory

pytestmark = pytest.mark.django_db


def open_deadline_codes(case):
    return sorted(Deadline.objects.for_case(case).open().values_list("rule_code", flat=True))


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)  # a Monday
def test_detect_opens_the_three_working_day_notice_term(world):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"], comment="мониторинг")
    case.refresh_from_db()
    assert case.state == PlatformCaseState.DETECTED
    deadline = Deadline.objects.for_case(case).get()
    assert deadline.rule_code == rules.NOTICE.code
    assert deadline.citation == "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы"
    assert deadline.due == local(2026, 1, 15, 18, 0)  # 13, 14, 15 January
    log = TransitionLog.objects.get(object_id=case.pk, transition="detect")
    assert log.by == world["officer"] and log.comment == "мониторинг"


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
def test_detect_for_prohibited_information_opens_the_warning_term(world):
    case = ContentCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"], occurred_at=local(2026, 1, 9, 17, 0))  # a Friday
    deadline = Deadline.objects.for_case(case).get()
    assert deadline.rule_code == rules.WARNING_LETTER.code
    assert deadline.citation == "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 5-тармағы"
    assert deadline.due == local(2026, 1, 14, 18, 0)  # 12, 13, 14 January


@time_machine.travel(local(2026, 1, 12, 10, 0), tick=False)
def test_detection_in_the_future_is_refused_and_nothing_changes(world):
    case = PlatformCaseFactory(organisation=world["committee"])
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "detect", world["officer"], occurred_at=local(2026, 1, 13, 10, 0))
    assert refusal.value.status == 400
    case.refresh_from_db()
    assert case.state == PlatformCaseState.MONITORING
    assert not Deadline.objects.for_case(case).exists()


def test_messenger_monitoring_needs_a_recorded_complaint_about_repeated_violations(world):
    """p. 4: users' materials on a messenger are monitored on a user's complaint about repeated
    violations (the p. 5 road; the p. 6 road needs none: test_notice_road)."""
    messenger = MessengerFactory()
    case = ContentCaseFactory(organisation=world["committee"], platform=messenger)
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "detect", world["officer"])
    assert "4-тармағы" in str(refusal.value)
    case.refresh_from_db()
    assert case.state == PlatformCaseState.MONITORING

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        PlatformCase(organisation=world["committee"], platform=messenger, ground="prohibited_information").clean()
    assert "complaint_text" in error.value.message_dict

    case.complaint_received_at = local(2026, 1, 5, 9, 0)
    case.complaint_text = "Осы арнада экстремистік материалдар бірнеше рет жарияланды"
    case.complaint_from = "Ержанов Ә."
    case.save()
    with pytest.raises(TransitionRefused):  # not marked as repeated violations
        take_step(case, "detect", world["officer"])
    case.complaint_reports_repeated = True
    case.save()
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    assert case.state == PlatformCaseState.DETECTED


def test_a_platform_needs_no_complaint(world):
    case = ContentCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    assert case.state == PlatformCaseState.DETECTED


@pytest.mark.parametrize(
    ("platform_kwargs", "condition"),
    [
        ({"is_foreign": False}, models.platform_is_foreign),
        ({"average_daily_users_kz": 100_000}, models.platform_over_threshold),  # exactly 100,000 is not "more than"
        ({"legal_representative": "«Example KZ» ЖШС, Алматы"}, models.platform_has_no_representative),
    ],
)
def test_notice_checks_exactly_the_appendix_2_applicability(world, platform_kwargs, condition):
    case = PlatformCaseFactory(organisation=world["committee"], platform=OnlinePlatformFactory(**platform_kwargs))
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "send_notice", world["officer"])
    assert refusal.value.status == 400
    assert refusal.value.messages == [str(condition.message)]
    assert "9" in refusal.value.messages[0]  # Law on Online Platforms, Art. 9 p. 1
    case.refresh_from_db()
    assert case.state == PlatformCaseState.DETECTED
    assert case.notice_sent_at is None


def test_warning_letter_needs_facts_and_evidence(world):
    case = ContentCaseFactory(organisation=world["committee"], legal_norms="")
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "send_warning", world["officer"])
    messages = " ".join(refusal.value.messages)
    assert "1-қосымша" in messages
    assert len(refusal.value.messages) == 2  # facts and the attachments
    case.refresh_from_db()
    assert case.state == PlatformCaseState.DETECTED


def test_warning_letter_is_not_for_a_representative_case_and_vice_versa(world):
    case = PlatformCaseFactory(organisation=world["committee"])
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    with pytest.raises(TransitionRefused):
        take_step(case, "send_warning", world["officer"])
    content = ContentCaseFactory(organisation=world["committee"])
    take_step(content, "detect", world["officer"])
    content.refresh_from_db()
    with pytest.raises(TransitionRefused):
        take_step(content, "send_notice", world["officer"])


@pytest.mark.parametrize("user", ["sts", "prosecutor", "prosecutor_manager", "kcell", "telecom"])
def test_others_may_not_take_the_authorised_body_steps(world, user):
    case = PlatformCaseFactory(organisation=world["committee"])
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "detect", world[user])
    assert refusal.value.status == 403
    case.refresh_from_db()
    assert case.state == PlatformCaseState.MONITORING
    assert not TransitionLog.objects.filter(object_id=case.pk).exists()


def test_warning_path_removed_or_restricted_with_the_decision_recorded(world):
    with time_machine.travel(local(2026, 2, 2, 9, 30), tick=False) as traveller:
        removed = ContentCaseFactory(organisation=world["committee"])
        EvidenceFactory(case=removed)
        restricted = ContentCaseFactory(organisation=world["committee"])
        EvidenceFactory(case=restricted)
        for case in (removed, restricted):
            take_step(case, "detect", world["officer"])
            case.refresh_from_db()
            take_step(case, "send_warning", world["officer"])
            case.refresh_from_db()
            assert case.state == PlatformCaseState.WARNING_SENT
            assert case.warning_sent_at is not None
            assert not open_deadline_codes(case)  # the p. 5 term is met
        traveller.shift(timedelta(days=10))
        take_step(removed, "confirm_removal", world["officer"])
        removed.refresh_from_db()
        assert removed.state == PlatformCaseState.CONTENT_REMOVED and removed.closed_at

        with pytest.raises(TransitionRefused):  # grounds are required by the admin form/API;
            take_step(restricted, "order_restriction", world["sts"], basis="x")  # the STS may not
        take_step(restricted, "order_restriction", world["officer"], basis="Хат елеусіз қалды; Байланыс туралы Заңның 41-1-бабы")
        restricted.refresh_from_db()
        assert restricted.state == PlatformCaseState.RESTRICTION_ORDERED
        assert restricted.restriction_ordered_at == local(2026, 2, 12, 9, 30)
        # no legal clock for a platform ignoring a warning letter (Appendix 1 sets none)
        assert not Deadline.objects.for_case(restricted).filter(rule_code=rules.RESTRICTION_AFTER_NOTICE.code).exists()
