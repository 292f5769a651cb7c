"""The one service of each step (seed 001 p. 8–11): letters, documents and required answers in
the step's own transaction; a notification recorded in error withdrawn with its reason; a letter
sent outside the system recorded with its real time; forged steps refused everywhere alike."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.rules import DeadlineRule
from cases.services import TransitionRefused, open_deadline
from cases.steps import take_step
from cases.violations import services
from cases.violations.models import RestrictionOrder, ViolationReport
from forms_kz.models import OutgoingLetter

from .factories import complete_report

LETTER = {"channel": "letter", "signatory_position": "Бас прокурордың орынбасары", "signatory_name": "Тұрсынов Марат Қайратұлы"}
URL = "/api/v1/violation-reports/"


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def step_url(report, name):
    return reverse("admin:violations_violationreport_transition", args=[report.pk, name])


def state_of(report):
    return ViolationReport.objects.get(pk=report.pk).state


def in_review(demo, **kwargs):
    report = complete_report(demo, **kwargs)
    services.violation_report_submit(case=report, actor=demo["users"]["prosecutor_reporter"])
    services.violation_report_take_into_review(case=report, actor=demo["users"]["officer"])
    return report


# --- required answers: the grounds of a refusal (p. 11) -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("grounds", ["", "   "])
def test_rejection_needs_its_grounds_through_the_service(demo, grounds):
    report = in_review(demo)
    with pytest.raises(TransitionRefused) as exc:
        services.violation_report_reject(case=report, actor=demo["users"]["officer"], grounds=grounds)
    assert exc.value.status == 400 and "grounds" in exc.value.errors
    assert "11-тармағы" in " ".join(exc.value.errors["grounds"])
    assert state_of(report) == "in_review" and report.state == "in_review"
    assert not TransitionLog.objects.filter(object_id=report.pk, transition="reject").exists()


@pytest.mark.django_db
def test_return_needs_what_is_missing_through_the_service(demo):
    report = in_review(demo)
    with pytest.raises(TransitionRefused) as exc:
        services.violation_report_return_for_completion(case=report, actor=demo["users"]["officer"], missing=" ")
    assert "missing" in exc.value.errors
    assert state_of(report) == "in_review"


# --- the restriction order is a document of the case (p. 10, Art. 41-1) ---------------------------


@pytest.mark.django_db
def test_restriction_order_is_a_document_the_case_shows(demo, client):
    officer = demo["users"]["officer"]
    report = in_review(demo, facts=(("url", "https://мысал.қаз/жол"), ("ip", "185.12.44.17")))
    services.violation_report_confirm(case=report, actor=officer)
    services.violation_report_order_restriction(case=report, actor=officer, measure="Қолжетімділікті шектеу")
    order = RestrictionOrder.objects.get(report=report)
    assert order.ordered_by == officer and "41-1" in order.legal_basis and order.measure == "Қолжетімділікті шектеу"
    client.force_login(officer)
    page = client.get(reverse("admin:violations_violationreport_change", args=[report.pk])).content.decode()
    assert str(order) in page and "Қолжетімділікті шектеу" in page and order.legal_basis in page
    assert reverse("admin:violations_restrictionorder_csv", args=[order.pk]) in page
    body = api_for(officer).get(f"{URL}{report.pk}/").json()
    assert body["restriction_order"]["number"] == order.pk
    assert body["restriction_order"]["measure"] == "Қолжетімділікті шектеу"
    services.violation_report_close(case=report, actor=officer)
    assert state_of(report) == "closed"


@pytest.mark.django_db
def test_a_failed_side_effect_leaves_nothing_written(demo, monkeypatch):
    officer = demo["users"]["officer"]
    report = in_review(demo)
    services.violation_report_confirm(case=report, actor=officer)

    def broken(**kwargs):
        from django.core.exceptions import ValidationError

        raise ValidationError({"measure": ["broken"]})

    monkeypatch.setattr(services, "record_restriction_order", broken)
    with pytest.raises(TransitionRefused):
        services.violation_report_order_restriction(case=report, actor=officer)
    assert state_of(report) == "confirmed" and report.state == "confirmed"
    assert not RestrictionOrder.objects.filter(report=report).exists()


# --- letters (Appendix 2, p. 9) and the real time of a letter sent outside the system ---------------


@pytest.mark.django_db
def test_letter_recorded_afterwards_keeps_its_real_time(demo):
    reporter = demo["users"]["prosecutor_reporter"]
    report = complete_report(demo, **LETTER)
    sent = timezone.now() - timedelta(days=3, hours=2)
    services.violation_report_submit(case=report, actor=reporter, occurred_at=sent, comment="ЭҚАЖ арқылы жіберілді")
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_at == sent and report.lawfulness_confirmed_at == sent
    log = TransitionLog.objects.get(object_id=report.pk, transition="submit")
    assert log.at == sent and log.recorded_afterwards and log.by == reporter and log.entered_at > sent
    assert OutgoingLetter.objects.for_case(report).get().form_code == "s001-app2"


@pytest.mark.django_db
@pytest.mark.parametrize("when", ["future", "before_act"])
def test_real_time_is_not_in_the_future_nor_before_the_act(demo, when):
    report = complete_report(demo, **LETTER)
    occurred_at = timezone.now() + timedelta(hours=1) if when == "future" else timezone.now().replace(year=2020)
    with pytest.raises(TransitionRefused) as exc:
        services.violation_report_submit(case=report, actor=demo["users"]["prosecutor_reporter"], occurred_at=occurred_at)
    assert exc.value.status == 400 and "occurred_at" in exc.value.errors
    assert state_of(report) == "draft"
    assert not OutgoingLetter.objects.for_case(report).exists()


@pytest.mark.django_db
def test_admin_and_api_offer_the_real_time_of_a_submission(demo, client):
    reporter = demo["users"]["prosecutor_reporter"]
    report = complete_report(demo, **LETTER)
    client.force_login(reporter)
    page = client.get(step_url(report, "submit"))
    assert page.status_code == 200 and "occurred_at" in page.content.decode()
    sent = timezone.localtime(timezone.now() - timedelta(days=1)).replace(second=0, microsecond=0)
    response = client.post(step_url(report, "submit"), {
        "comment": "", "occurred_at_0": sent.strftime("%d.%m.%Y"), "occurred_at_1": sent.strftime("%H:%M"),
    })
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_at == sent
    other = complete_report(demo, **LETTER)
    response = api_for(reporter).post(f"{URL}{other.pk}/submit/", {"occurred_at": sent.isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    assert TransitionLog.objects.get(object_id=other.pk, transition="submit").recorded_afterwards


# --- withdrawal of a notification recorded in error -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["draft", "submitted", "returned"])
def test_reporter_withdraws_a_notification_recorded_in_error(demo, stage):
    reporter = demo["users"]["prosecutor_manager"]
    report = complete_report(demo)
    if stage != "draft":
        services.violation_report_submit(case=report, actor=reporter)
    if stage == "returned":
        services.violation_report_return_for_completion(case=report, actor=demo["users"]["officer"], missing="Скриншот жоқ")
    term = open_deadline(report, DeadlineRule("test.term", 3, "working_days", "тест"), awaiting=report.organisation)
    services.violation_report_withdraw(case=report, actor=reporter, reason="Қате тіркелді: басқа хабарламаның көшірмесі")
    report.refresh_from_db()
    assert report.state == "withdrawn" and report.is_final
    assert report.withdrawal_reason == "Қате тіркелді: басқа хабарламаның көшірмесі"
    term = Deadline.objects.get(pk=term.pk)
    assert term.outcome == DeadlineOutcome.NOT_APPLICABLE and term.met_at is not None


@pytest.mark.django_db
def test_withdrawal_needs_a_reason_and_the_reporters_organisation_before_review(demo):
    report = complete_report(demo)
    reporter = demo["users"]["prosecutor_reporter"]
    with pytest.raises(TransitionRefused) as exc:
        services.violation_report_withdraw(case=report, actor=reporter, reason="  ")
    assert exc.value.status == 400 and "reason" in exc.value.errors
    for username in ("police_reporter", "officer"):
        with pytest.raises(TransitionRefused) as exc:
            services.violation_report_withdraw(case=report, actor=demo["users"][username], reason="Қате")
        assert exc.value.status == 403
    services.violation_report_submit(case=report, actor=reporter)
    services.violation_report_take_into_review(case=report, actor=demo["users"]["officer"])
    with pytest.raises(TransitionRefused) as exc:
        services.violation_report_withdraw(case=report, actor=reporter, reason="Қате")
    assert exc.value.status == 409
    assert state_of(report) == "in_review"


@pytest.mark.django_db
def test_withdrawal_through_the_admin_and_the_api(demo, client):
    reporter = demo["users"]["prosecutor_reporter"]
    report = complete_report(demo)
    client.force_login(reporter)
    response = client.post(step_url(report, "withdraw"), {"reason": "", "comment": ""})
    assert response.status_code == 200 and response.context["transition_form"].errors["reason"]
    assert state_of(report) == "draft"
    assert client.post(step_url(report, "withdraw"), {"reason": "Қате тіркелді"}).status_code == 302
    assert state_of(report) == "withdrawn"
    other = complete_report(demo)
    api = api_for(reporter)
    response = api.post(f"{URL}{other.pk}/withdraw/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api.post(f"{URL}{other.pk}/withdraw/", {"reason": "Қате тіркелді"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    assert response.json()["withdrawal_reason"] == "Қате тіркелді"


# --- forged steps: refused through the admin URL, the API and the service, nothing changed ----------


FORGED = [
    # (step, who, status): wrong role, another organisation, wrong state, unmet condition
    ("take_into_review", "prosecutor_reporter", 403),
    ("submit", "police_reporter", 403),
    ("confirm", "officer", 409),
    ("confirm_by_reference", "officer", 409),
    ("submit", "prosecutor_reporter", 400),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "username", "status"), FORGED)
def test_forged_step_is_refused_everywhere_and_changes_nothing(demo, client, name, username, status):
    user = demo["users"][username]
    report = complete_report(demo)
    if status == 400:
        report.facts.all().delete()  # nothing to notify: the p. 8 precondition is unmet
    elif name == "take_into_review":
        services.violation_report_submit(case=report, actor=demo["users"]["prosecutor_reporter"])
    before = (state_of(report), TransitionLog.objects.count(), OutgoingLetter.objects.count())
    with pytest.raises(TransitionRefused) as exc:
        take_step(report, name, user)
    assert exc.value.status == status
    if status == 400:
        assert any("8-тармағы" in str(message) for message in exc.value.messages)
    response = api_for(user).post(f"{URL}{report.pk}/{name.replace('_', '-')}/", {"reference": 1}, format="json")
    # another organisation's case is not even visible to it: 404
    assert response.status_code == (404 if username == "police_reporter" else status)
    client.force_login(user)
    response = client.post(step_url(report, name), {"reference": 1})
    assert response.status_code in (302, 404)
    assert (state_of(report), TransitionLog.objects.count(), OutgoingLetter.objects.count()) == before
