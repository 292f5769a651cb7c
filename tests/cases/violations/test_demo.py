from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import TransitionLog
from cases.violations import demo as violations_demo
from cases.violations.choices import ReportState
from cases.violations.models import RestrictionOrder, ViolationReport


@pytest.mark.django_db
def test_demo_is_idempotent_and_covers_states(demo):
    violations_demo.load(demo)
    violations_demo.load(demo)
    states = set(ViolationReport.objects.values_list("state", flat=True))
    assert states >= {"draft", "submitted", "in_review", "restriction_ordered", "rejected", "returned"}
    assert states == set(ReportState.values)
    assert ViolationReport.objects.count() == len(violations_demo.DEMO_REPORTS)
    assert RestrictionOrder.objects.count() == ViolationReport.objects.filter(state__in=("restriction_ordered", "closed")).count()
    assert all(r.screenshots.exists() for r in ViolationReport.objects.all())


@pytest.mark.django_db
def test_demo_has_a_report_at_every_stage_built_with_past_times(demo):
    violations_demo.load(demo)
    reports = ViolationReport.objects.all()
    assert reports.filter(state="confirmed", reference_report__isnull=False).exists()  # confirmed by reference
    assert reports.filter(state="confirmed", reference_report__isnull=True).exists()
    assert all(r.rejection_grounds.strip() for r in reports.filter(state="rejected"))
    assert all(r.withdrawal_reason.strip() for r in reports.filter(state="withdrawn"))
    assert all(RestrictionOrder.objects.filter(report=r).exists() for r in reports.filter(state="closed"))
    letter = reports.filter(channel="letter").exclude(state="draft").first()
    assert letter is not None
    logs = TransitionLog.objects.filter(content_type__model="violationreport")
    assert logs.exists() and all(log.at < timezone.now() - timedelta(hours=1) for log in logs)
    assert all(r.created_at <= (r.submitted_at or r.created_at) for r in reports)
