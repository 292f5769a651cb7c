"""The legal steps of seed 001 p. 8–11 taken through their services: roles, organisations,
preconditions, required reasons."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import TransitionLog
from cases.services import TransitionRefused
from cases.steps import take_step
from cases.violations.models import RestrictionOrder, ViolationReport
from cases.violations.services import create_report
from registries.models import LegalAct

from .factories import PNG, ScreenshotFactory, ViolationFactFactory, ViolationReportFactory, complete_report


def state_of(report):
    return ViolationReport.objects.get(pk=report.pk).state


def to_review(report, demo):
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    take_step(report, "take_into_review", demo["users"]["officer"])
    return report


@pytest.mark.django_db
def test_full_path_to_closed_with_restriction_order_and_log(demo):
    report = to_review(complete_report(demo), demo)
    officer = demo["users"]["officer"]
    take_step(report, "confirm", officer)
    take_step(report, "order_restriction", officer, measure="")
    take_step(report, "close", officer)
    report.refresh_from_db()
    assert report.state == "closed"
    assert report.submitted_at and report.lawfulness_confirmed_at and report.decided_at
    assert report.reviewer == officer
    order = RestrictionOrder.objects.get(report=report)
    assert "41-1" in order.legal_basis and order.ordered_by == officer
    assert list(TransitionLog.objects.filter(object_id=report.pk).values_list("transition", flat=True)) == [
        "submit", "take_into_review", "confirm", "order_restriction", "close",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "fragment"),
    [("facts", "8-тармағы"), ("screenshots", "скриншот"), ("confirmation", "8-тармағы")],
)
def test_submit_requires_facts_screenshots_and_confirmation(demo, missing, fragment):
    user = demo["users"]["prosecutor_reporter"]
    report = ViolationReportFactory(organisation=user.profile.organisation, reporter=user, lawfulness_confirmed=missing != "confirmation")
    if missing != "facts":
        ViolationFactFactory(report=report)
    if missing != "screenshots":
        ScreenshotFactory(report=report)
    with pytest.raises(TransitionRefused) as exc:
        take_step(report, "submit", user)
    assert exc.value.status == 400
    assert len(exc.value.messages) == 1
    assert state_of(report) == "draft"


@pytest.mark.django_db
def test_letter_channel_requires_signatory(demo):
    report = complete_report(demo, channel="letter")
    with pytest.raises(TransitionRefused) as exc:
        take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    assert "9-тармағы" in exc.value.messages[0]
    assert state_of(report) == "draft"


@pytest.mark.django_db
def test_other_state_body_and_reviewer_cannot_submit(demo):
    report = complete_report(demo)
    for username in ("police_reporter", "officer", "kcell"):
        with pytest.raises(TransitionRefused) as exc:
            take_step(report, "submit", demo["users"][username])
        assert exc.value.status == 403
    assert state_of(report) == "draft"


@pytest.mark.django_db
def test_only_authorised_body_reviews(demo):
    report = complete_report(demo)
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    for username in ("prosecutor_manager", "prosecutor_reporter", "sts"):
        with pytest.raises(TransitionRefused) as exc:
            take_step(report, "take_into_review", demo["users"][username])
        assert exc.value.status == 403
    assert state_of(report) == "submitted"
    take_step(report, "take_into_review", demo["users"]["supervisor"])
    assert state_of(report) == "in_review"


@pytest.mark.django_db
def test_reject_requires_grounds(demo):
    report = to_review(complete_report(demo), demo)
    with pytest.raises(TransitionRefused) as exc:
        take_step(report, "reject", demo["users"]["officer"], grounds="  ")
    assert "11-тармағы" in " ".join(exc.value.messages)
    assert state_of(report) == "in_review"
    report.refresh_from_db()
    take_step(report, "reject", demo["users"]["officer"], grounds="Сайттағы материал заңға қайшы емес.")
    report.refresh_from_db()
    assert report.state == "rejected" and report.rejection_grounds.startswith("Сайттағы")


@pytest.mark.django_db
def test_return_requires_what_is_missing_then_resubmit(demo):
    report = to_review(complete_report(demo), demo)
    with pytest.raises(TransitionRefused):
        take_step(report, "return_for_completion", demo["users"]["officer"], missing="")
    report.refresh_from_db()
    take_step(report, "return_for_completion", demo["users"]["officer"], missing="Толық скриншот жоқ")
    report.refresh_from_db()
    assert report.state == "returned" and report.return_reason == "Толық скриншот жоқ"
    first_submitted = report.submitted_at
    take_step(report, "resubmit", demo["users"]["prosecutor_manager"])
    report.refresh_from_db()
    assert report.state == "submitted" and report.submitted_at == first_submitted


@pytest.mark.django_db
def test_confirm_by_reference_records_the_earlier_report(demo):
    officer = demo["users"]["officer"]
    earlier = to_review(complete_report(demo, facts=(("domain", "Мысал.ҚАЗ"),)), demo)
    take_step(earlier, "confirm", officer)
    later = to_review(complete_report(demo, facts=(("url", "https://example.kz/x"), ("domain", "xn--80awbu3c.xn--80ao21a"))), demo)
    assert [f.report_id for f in later.duplicate_facts()] == [earlier.pk]
    unrelated = to_review(complete_report(demo, facts=(("ip", "10.1.1.1"),)), demo)
    with pytest.raises(TransitionRefused) as exc:
        take_step(unrelated, "confirm_by_reference", officer, reference=earlier.pk)
    assert state_of(unrelated) == "in_review" and exc.value.messages
    with pytest.raises(TransitionRefused):
        take_step(later, "confirm_by_reference", officer, reference=unrelated.pk)
    later.refresh_from_db()
    take_step(later, "confirm_by_reference", officer, reference=earlier.pk)
    later.refresh_from_db()
    assert later.state == "confirmed" and later.reference_report_id == earlier.pk


@pytest.mark.django_db
def test_state_is_protected(demo):
    report = complete_report(demo)
    with pytest.raises(AttributeError):
        report.state = "confirmed"


@pytest.mark.django_db
def test_create_report_is_all_or_nothing(demo):
    user = demo["users"]["prosecutor_reporter"]
    count = ViolationReport.objects.count()
    with pytest.raises(ValidationError):
        create_report(
            reporter=user,
            facts=[("domain", "ok.kz"), ("imei", "356938035643808")],
            screenshots=[("a.png", PNG)],
            violation_type=ViolationReportFactory.violation_type.function(),
            legal_act="Заң", legal_norm="1-бап",
        )
    assert ViolationReport.objects.count() == count


@pytest.mark.django_db
def test_repealed_act_refuses_new_reports(demo):
    from datetime import date

    LegalAct.objects.filter(code="s001").update(status="repealed", repealed_on=date(2026, 1, 1), repealed_by="Тест")
    with pytest.raises(ValidationError) as exc:
        create_report(
            reporter=demo["users"]["prosecutor_reporter"], facts=[], screenshots=[],
            violation_type=ViolationReportFactory.violation_type.function(), legal_act="Заң", legal_norm="1-бап",
        )
    assert exc.value.code == "legal_act_not_in_force"
