"""The shared step machinery (cases/steps.py, cases/services.py): steps recorded afterwards with
their real time, the one transaction of a step's service, terms closed as met or as not
applicable, and the admin's step page that never dead-ends (on a real procedure, seed 004)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.api import exception_handler
from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.monitoring.badges import badge_colour
from cases.platforms.models import PlatformCase
from cases.rules import DeadlineRule
from cases.services import (
    TransitionRefused,
    close_deadlines_not_applicable,
    legal_step,
    meet_deadlines,
    open_deadline,
    run_transition,
)
from cases.steps import MoveStatus, moves
from tests.cases.platforms.factories import ContentCaseFactory, MessengerFactory, PlatformCaseFactory

RULE = DeadlineRule("test.rule", 3, "working_days", "№ 267-НҚ бұйрық, 5-т.")


@pytest.fixture
def case(demo):
    return PlatformCaseFactory(organisation=demo["organisations"]["info_committee"])


@pytest.mark.django_db
def test_a_step_recorded_afterwards_keeps_its_real_time_and_says_so(case, demo):
    """DESIGN "Architecture": a step done outside the system is recorded with its real time,
    marked as entered afterwards, with who entered it."""
    officer = demo["users"]["officer"]
    real = timezone.now() - timedelta(days=3)
    run_transition(case, "detect", officer, occurred_at=real)
    log = TransitionLog.objects.get(object_id=case.pk, transition="detect")
    assert log.at == real
    assert log.recorded_afterwards is True
    assert log.by == officer
    assert log.entered_at > real + timedelta(days=2)


@pytest.mark.django_db
def test_a_step_done_now_is_not_marked_afterwards(case, demo):
    run_transition(case, "detect", demo["users"]["officer"])
    log = TransitionLog.objects.get(object_id=case.pk, transition="detect")
    assert log.recorded_afterwards is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("delta", "code"),
    [(timedelta(hours=1), "in_future"), (-timedelta(days=365 * 10), "before_act")],
    ids=["future", "before-the-act"],
)
def test_a_real_time_in_the_future_or_before_the_act_is_refused_and_nothing_is_written(case, demo, delta, code):
    with pytest.raises(TransitionRefused) as refused:
        run_transition(case, "detect", demo["users"]["officer"], occurred_at=timezone.now() + delta)
    assert refused.value.status == 400
    assert "occurred_at" in refused.value.errors
    assert refused.value.error.error_dict["occurred_at"][0].code == code
    case.refresh_from_db()
    assert case.state == "monitoring"
    assert not TransitionLog.objects.filter(object_id=case.pk).exists()


@pytest.mark.django_db
def test_a_real_time_before_the_previous_step_is_refused(case, demo):
    officer = demo["users"]["officer"]
    run_transition(case, "detect", officer, occurred_at=timezone.now() - timedelta(days=1))
    case.ground = "prohibited_information"
    with pytest.raises(TransitionRefused) as refused:
        run_transition(case, "confirm_removal", officer, occurred_at=timezone.now() - timedelta(days=2))
    assert refused.value.status in (400, 409)


@pytest.mark.django_db
def test_the_steps_transaction_writes_all_or_nothing_and_restores_the_case(case, demo):
    """A letter or input error after the transition undoes the step, its log and its terms."""

    def failing_service(*, case, actor):
        with legal_step(case):
            run_transition(case, "detect", actor)
            open_deadline(case, RULE, awaiting=case.organisation)
            raise ValidationError({"detection_summary": ["Хат жасалмады."]})

    with pytest.raises(TransitionRefused) as refused:
        failing_service(case=case, actor=demo["users"]["officer"])
    assert refused.value.status == 400
    assert refused.value.errors == {"detection_summary": ["Хат жасалмады."]}
    assert case.state == "monitoring"  # the object in memory, not only the row
    assert PlatformCase.objects.get(pk=case.pk).state == "monitoring"
    assert not TransitionLog.objects.filter(object_id=case.pk).exists()
    assert not Deadline.objects.for_case(case).exists()


@pytest.mark.django_db
def test_terms_close_as_met_only_by_meeting_and_otherwise_as_not_applicable(case):
    start = timezone.now() - timedelta(days=30)
    late = open_deadline(case, RULE, start=start, awaiting=case.organisation)
    assert late.is_overdue()
    close_deadlines_not_applicable(case, RULE)
    late.refresh_from_db()
    assert late.outcome == DeadlineOutcome.NOT_APPLICABLE
    assert late.met_at is not None
    assert not late.is_overdue()
    assert late.status == "grey"
    assert not Deadline.objects.met_late().filter(pk=late.pk).exists()
    assert not Deadline.objects.overdue().filter(pk=late.pk).exists()

    met = open_deadline(case, RULE, start=start, awaiting=case.organisation)
    meet_deadlines(case, RULE)
    met.refresh_from_db()
    assert met.outcome == DeadlineOutcome.MET
    assert met.status == "red"  # met, but late: the same red as an overdue badge
    assert Deadline.objects.met_late().filter(pk=met.pk).exists()


@pytest.mark.django_db
def test_an_open_terms_colour_is_the_list_badges_colour(case):
    for start, days in ((timezone.now() - timedelta(days=1), 10), (timezone.now() - timedelta(days=9), 10)):
        deadline = Deadline.objects.create(
            case=case, rule_code="x", citation="y", start=start, due=start + timedelta(days=days)
        )
        assert deadline.status == badge_colour(deadline.start, deadline.due)


@pytest.mark.django_db
def test_a_blocked_steps_page_goes_back_to_the_case_with_the_reason_in_kazakh(client, demo):
    """A direct GET of a step's URL never shows django-fsm's English "No form configuration"."""
    case = ContentCaseFactory(platform=MessengerFactory(), organisation=demo["organisations"]["info_committee"])
    client.force_login(demo["users"]["officer"])
    url = reverse("admin:platforms_platformcase_transition", args=[case.pk, "detect"])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:platforms_platformcase_change", args=[case.pk])
    text = response.content.decode()
    assert "No form configuration" not in text
    assert "Қағидалардың 4-тармағы" in text  # the unmet condition with its clause
    case.refresh_from_db()
    assert case.state == "monitoring"


@pytest.mark.django_db
def test_a_step_not_possible_in_this_state_is_refused_on_its_page(client, case, demo):
    client.force_login(demo["users"]["officer"])
    response = client.post(
        reverse("admin:platforms_platformcase_transition", args=[case.pk, "send_notice"]), {}, follow=True
    )
    assert response.status_code == 200
    assert "No form configuration" not in response.content.decode()
    case.refresh_from_db()
    assert case.state == "monitoring"


@pytest.mark.django_db
def test_a_forged_button_for_a_blocked_step_changes_nothing(client, demo):
    case = ContentCaseFactory(platform=MessengerFactory(), organisation=demo["organisations"]["info_committee"])
    assert {m.name: m.status for m in moves(case, demo["users"]["officer"])}["detect"] == MoveStatus.BLOCKED
    client.force_login(demo["users"]["officer"])
    client.post(reverse("admin:platforms_platformcase_change", args=[case.pk]), {"_fsm_transition_to": "detect"})
    case.refresh_from_db()
    assert case.state == "monitoring"
    assert not TransitionLog.objects.filter(object_id=case.pk).exists()


@pytest.mark.django_db
def test_someone_elses_step_names_who_takes_it(demo):
    case = PlatformCaseFactory(organisation=demo["organisations"]["info_committee"])
    judged = {m.name: m for m in moves(case, demo["users"]["telecom"])}
    assert judged["detect"].status == MoveStatus.OTHERS
    assert str(demo["organisations"]["info_committee"]) in judged["detect"].actor


def test_a_refusal_with_field_errors_is_machine_readable():
    refusal = TransitionRefused.from_validation_error(ValidationError({"answer": ["Жауап міндетті."]}, code="required"))
    response = exception_handler(refusal, {})
    assert response.status_code == 400
    assert response.data == {"code": "transition_refused", "errors": ["Жауап міндетті."], "fields": {"answer": ["Жауап міндетті."]}}


def test_a_django_validation_error_keeps_its_codes_in_the_api():
    response = exception_handler(ValidationError({"imei": [ValidationError("Қате IMEI.", code="luhn")]}), {})
    assert response.status_code == 400
    assert response.data["imei"][0].code == "luhn"


@pytest.mark.django_db
def test_api_step_refusal_names_the_clause(demo):
    case = ContentCaseFactory(platform=MessengerFactory(), organisation=demo["organisations"]["info_committee"])
    api = APIClient()
    api.force_authenticate(demo["users"]["officer"])
    response = api.post(f"/api/v1/platform-cases/{case.pk}/detect/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "transition_refused"
    assert any("Қағидалардың 4-тармағы" in message for message in response.json()["errors"])


@pytest.mark.django_db
def test_a_steps_page_is_titled_with_the_step(client, case, demo):
    from cases.steps import transition_named

    client.force_login(demo["users"]["officer"])
    response = client.get(reverse("admin:platforms_platformcase_transition", args=[case.pk, "withdraw"]))
    assert response.status_code == 200
    label = str(transition_named(PlatformCase, "withdraw").custom["label"])
    title = response.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]
    assert label in title
