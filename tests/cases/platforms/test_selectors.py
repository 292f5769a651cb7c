"""One definition of what the STS never sees (p. 7–10 concern traffic only), used by the admin
and the API alike; one check of a statistics row, used by the model and the batch service."""

from datetime import time
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from cases.platforms.models import TrafficStatistic
from cases.platforms.selectors import STS_HIDDEN_FIELDS
from cases.platforms.services import StatisticRow, StatisticsRejected, record_statistics
from cases.steps import take_step
from registries.security import issue_api_token

from .conftest import local, regions
from .factories import EvidenceFactory, PlatformCaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def requested(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False):
        case = PlatformCaseFactory(
            organisation=world["committee"], offending_user_data="ЖСН 900101300123",
            complaint_from="Ержанова Айгерім", complaint_text="Шағым мәтіні", detection_summary="Мониторинг жазбасы",
        )
        EvidenceFactory(case=case)
        take_step(case, "detect", world["officer"])
        case.refresh_from_db()
        take_step(case, "send_notice", world["officer"])
        case.refresh_from_db()
        take_step(case, "request_statistics", world["officer"])
        case.refresh_from_db()
        yield case


def test_the_admin_and_the_api_hide_the_same_fields_from_the_sts(world, requested, client):
    case = requested
    assert {"offending_user_data", "complaint_from", "complaint_text", "complaint_received_at",
            "complaint_reports_repeated", "detection_summary", "evidence"} <= set(STS_HIDDEN_FIELDS)

    api = APIClient()
    _record, token = issue_api_token(world["sts"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    detail = api.get(f"/api/v1/platform-cases/{case.pk}/").json()
    assert not set(STS_HIDDEN_FIELDS) & set(detail), set(STS_HIDDEN_FIELDS) & set(detail)

    client.force_login(world["sts"])
    response = client.get(reverse("admin:platforms_platformcase_change", args=[case.pk]))
    form = response.context["adminform"]
    shown = {name for _title, options in form.fieldsets for name in options["fields"]}
    assert not set(STS_HIDDEN_FIELDS) & shown
    html = response.content.decode()
    for secret in ("ЖСН 900101300123", "Ержанова Айгерім", "Шағым мәтіні", "Мониторинг жазбасы", "video.example.com/watch"):
        assert secret not in html, secret

    officer = APIClient()
    _record, token = issue_api_token(world["officer"])
    officer.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    full = officer.get(f"/api/v1/platform-cases/{case.pk}/").json()
    assert set(STS_HIDDEN_FIELDS) <= set(full)


def test_one_check_of_a_statistics_row_for_the_form_and_the_batch(world, requested):
    case = requested
    region = regions(1)[0]
    record_statistics(case, [StatisticRow(region, time(0), time(6), Decimal(100))])
    overlapping = TrafficStatistic(case=case, regional_object=region, period_start=time(5), period_end=time(7), peak_kbps=Decimal(1))
    with pytest.raises(ValidationError) as error:
        overlapping.clean()
    with pytest.raises(StatisticsRejected) as rejected:
        record_statistics(case, [StatisticRow(region, time(5), time(7), Decimal(1))])
    assert error.value.message_dict == rejected.value.row_errors[0]
    negative = TrafficStatistic(case=case, regional_object=region, period_start=time(12), period_end=time(13), peak_kbps=Decimal(-1))
    with pytest.raises(ValidationError) as error:
        negative.clean()
    with pytest.raises(StatisticsRejected) as rejected:
        record_statistics(case, [StatisticRow(region, time(12), time(13), Decimal(-1))])
    assert error.value.message_dict == rejected.value.row_errors[0]
