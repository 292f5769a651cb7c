"""Admin: officials work the case; the STS sees only what is addressed to it; state bodies nothing."""

import pytest
import time_machine
from django.urls import reverse

from cases.platforms.models import PlatformCase, PlatformCaseState, TrafficStatistic
from cases.steps import take_step as run_step
from cases.steps import transition_named
from registries.models import RegionalObject

from .conftest import local, sample_statistics
from .factories import EvidenceFactory, PlatformCaseFactory

pytestmark = pytest.mark.django_db


def change_form_data(case, transition):
    data = {"_fsm_transition_to": transition}
    for prefix, rows in (("evidence", case.evidence.all()), ("traffic_statistics", case.traffic_statistics.all()),
                         ("throttle_instructions", case.throttle_instructions.all())):
        rows = list(rows)
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-case"] = case.pk
    return data


def change_url(case):
    return reverse("admin:platforms_platformcase_change", args=[case.pk])


@pytest.fixture
def requested(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False) as traveller:
        case = PlatformCaseFactory(organisation=world["committee"], offending_user_data="ЖСН 900101300123")
        EvidenceFactory(case=case)
        run_step(case, "detect", world["officer"])
        case.refresh_from_db()
        run_step(case, "send_notice", world["officer"])
        case.refresh_from_db()
        run_step(case, "request_statistics", world["officer"])
        case.refresh_from_db()
        yield case, traveller


def test_officer_change_form_shows_the_ordered_timeline_with_citations(client, world, requested):
    case, _traveller = requested
    client.force_login(world["officer"])
    response = client.get(change_url(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "timeline-page-link" in html  # the shared timeline panel (cases.admin_mixins)
    for citation in ("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 6-тармағы", "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы", "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы", "2-қосымша"):
        assert citation in html
    # the steps in the order taken, by their labels (no raw method names on the screen)
    timeline = html[html.index('<ol class="timeline">'):]
    labels = [str(transition_named(PlatformCase, name).custom["label"]) for name in ("detect", "send_notice", "request_statistics")]
    assert timeline.index(labels[0]) < timeline.index(labels[1]) < timeline.index(labels[2])
    assert "request_statistics" not in timeline
    assert "ЖСН 900101300123" in html


def test_sts_sees_the_request_without_personal_data_and_enters_statistics(client, world, requested):
    case, _traveller = requested
    hidden = PlatformCaseFactory(organisation=world["committee"])
    client.force_login(world["sts"])
    listing = client.get(reverse("admin:platforms_platformcase_changelist"))
    assert listing.status_code == 200
    assert client.get(change_url(hidden)).status_code in (302, 404)
    page = client.get(change_url(case)).content.decode()
    assert "ЖСН 900101300123" not in page
    region = RegionalObject.objects.order_by("code").first()
    add = reverse("admin:platforms_trafficstatistic_add")
    response = client.post(add, {"case": case.pk, "regional_object": region.pk, "period_start": "00:00",
                                 "period_end": "06:00", "peak_kbps": "-3"})
    assert response.status_code == 200 and "8-тармағы" in response.content.decode()
    assert not TrafficStatistic.objects.exists()
    response = client.post(add, {"case": case.pk, "regional_object": region.pk, "period_start": "00:00",
                                 "period_end": "06:00", "peak_kbps": "1000"})
    assert response.status_code == 302
    response = client.post(add, {"case": case.pk, "regional_object": region.pk, "period_start": "05:00",
                                 "period_end": "07:00", "peak_kbps": "1000"})
    assert response.status_code == 200 and "7-тармағы" in response.content.decode()
    assert TrafficStatistic.objects.count() == 1
    # the STS answers by the transition button on the change form
    response = client.post(change_url(case), change_form_data(case, "submit_statistics"))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    case.refresh_from_db()
    assert case.state == PlatformCaseState.STATISTICS_RECEIVED


@pytest.mark.parametrize("user", ["prosecutor", "prosecutor_manager", "kcell"])
def test_state_bodies_see_nothing_in_the_admin(client, world, requested, user):
    case, _traveller = requested
    sample_statistics(case, world["sts"], n_regions=1)
    client.force_login(world[user])
    assert client.get(change_url(case)).status_code in (302, 403, 404)
    for name in ("platformcase", "trafficstatistic", "throttleinstruction"):
        assert client.get(reverse(f"admin:platforms_{name}_changelist")).status_code == 403
    response = client.post(change_url(case), change_form_data(case, "submit_statistics"))
    assert response.status_code in (302, 403, 404)
    case.refresh_from_db()
    assert case.state == PlatformCaseState.STATISTICS_REQUESTED


def test_officer_refusal_in_the_admin_names_the_clause(client, world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False):
        from .factories import OnlinePlatformFactory

        case = PlatformCaseFactory(organisation=world["committee"], platform=OnlinePlatformFactory(is_foreign=False))
        run_step(case, "detect", world["officer"])
        client.force_login(world["officer"])
        response = client.post(change_url(case), change_form_data(case, "send_notice"), follow=True)
        assert "6-тармағы" in response.content.decode()  # the refusal names the clause
        case.refresh_from_db()
        assert case.state == PlatformCaseState.DETECTED


def test_officer_opens_a_case_in_the_admin(client, world):
    from .factories import OnlinePlatformFactory

    platform = OnlinePlatformFactory()
    client.force_login(world["officer"])
    response = client.post(
        reverse("admin:platforms_platformcase_add"),
        {
            "organisation": world["committee"].pk, "platform": platform.pk, "ground": "no_legal_representative",
            "detection_summary": "x", "complaint_reports_repeated": "",
            "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert platform.cases.get().state == PlatformCaseState.MONITORING
