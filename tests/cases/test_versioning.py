"""A stale form never overwrites a newer one (cases.versioning): the admin's change forms, one-click
steps and step pages, and the API's ETag / If-Match. A refusal names who changed the record and
when, and nothing is written."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import TransitionLog
from cases.versioning import VERSION_FIELD, if_match_versions, version_of
from cases.violations.models import ViolationReport
from tests.cases.violations.factories import complete_report, list_demo_reporters
from tests.security.forms import form_data

FORM_ID = "violationreport_form"


def change_url(report):
    return reverse("admin:violations_violationreport_change", args=[report.pk])


def detail(report):
    return f"/api/v1/violation-reports/{report.pk}/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_the_version_follows_the_row(demo):
    report = complete_report(demo)
    before = version_of(report)
    assert version_of(ViolationReport.objects.get(pk=report.pk)) == before
    report.description = "Түзетілген сипаттама"
    assert version_of(report) != before
    assert if_match_versions('W/"abc", "def"') == ["abc", "def"]
    assert if_match_versions("*") is None and if_match_versions(None) is None


# --- the admin: two tabs --------------------------------------------------------------------------


def opened(client, report):
    """A tab: the change form as the browser holds it."""
    page = client.get(change_url(report))
    assert page.status_code == 200
    data = form_data(page.content.decode(), form_id=FORM_ID)
    assert data.get(VERSION_FIELD), "the change form carries the record's version"
    return data


@pytest.mark.django_db
def test_two_tabs_the_stale_save_is_refused(demo, client):
    """Tab A opens the report, tab B saves a correction, then A saves its old form: A is told
    who changed the report and when, and B's correction stays."""
    report = complete_report(demo)
    reporter, manager = demo["users"]["prosecutor_reporter"], demo["users"]["prosecutor_manager"]
    client.force_login(reporter)
    tab_a = opened(client, report)

    other = type(client)()
    other.force_login(manager)
    tab_b = opened(other, report)
    response = other.post(change_url(report), {**tab_b, "description": "B: түзетілген мәтін", "_continue": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.description == "B: түзетілген мәтін"
    history = report.history.count()

    response = client.post(change_url(report), {**tab_a, "description": "A: ескі мәтін", "_continue": "1"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors and manager.get_full_name() in errors[0]
    report.refresh_from_db()
    assert report.description == "B: түзетілген мәтін"
    assert report.history.count() == history


@pytest.mark.django_db
def test_a_fresh_save_still_works(demo, client):
    report = complete_report(demo)
    client.force_login(demo["users"]["prosecutor_reporter"])
    data = opened(client, report)
    response = client.post(change_url(report), {**data, "description": "Жаңа мәтін", "_continue": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.description == "Жаңа мәтін"


@pytest.mark.django_db
def test_two_tabs_a_stale_one_click_step_is_refused(demo, client):
    """A one-click step posts the change form: from a stale tab it is refused, nothing logged."""
    report = complete_report(demo)
    client.force_login(demo["users"]["prosecutor_reporter"])
    tab_a = opened(client, report)
    ViolationReport.objects.get(pk=report.pk).save()  # B: a newer version (same values, new "updated")
    report.refresh_from_db()
    changed = {**tab_a, "description": "B: түзетілген мәтін"}
    ViolationReport.objects.filter(pk=report.pk).update(description=changed["description"])
    logs = TransitionLog.objects.count()
    response = client.post(change_url(report), {**tab_a, "_fsm_transition_to": "submit"})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.state == "draft"
    assert report.description == "B: түзетілген мәтін"
    assert TransitionLog.objects.count() == logs


@pytest.mark.django_db
def test_a_stale_step_page_is_refused(demo, client):
    """A step's page carries the version too: posted after the case changed, it is refused."""
    list_demo_reporters(demo)
    report = complete_report(demo)
    user = demo["users"]["prosecutor_reporter"]
    client.force_login(user)
    url = reverse("admin:violations_violationreport_transition", args=[report.pk, "submit"])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode())
    assert data.get(VERSION_FIELD)
    ViolationReport.objects.filter(pk=report.pk).update(description="B: түзетілген мәтін")
    logs = TransitionLog.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["transition_form"].non_field_errors()
    report.refresh_from_db()
    assert report.state == "draft"
    assert TransitionLog.objects.count() == logs

    fresh = form_data(client.get(url).content.decode())
    response = client.post(url, fresh)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"


# --- the API: ETag and If-Match -------------------------------------------------------------------


@pytest.mark.django_db
def test_api_stale_patch_answers_412_and_writes_nothing(demo):
    report = complete_report(demo)
    reporter, manager = demo["users"]["prosecutor_reporter"], demo["users"]["prosecutor_manager"]
    first = api(reporter).get(detail(report))
    assert first.status_code == 200
    tag = first["ETag"]
    assert tag.strip('"') == version_of(report)

    second = api(manager).patch(detail(report), {"description": "B: түзетілген мәтін"}, format="json", HTTP_IF_MATCH=tag)
    assert second.status_code == 200, second.content
    assert second["ETag"] != tag

    stale = api(reporter).patch(detail(report), {"description": "A: ескі мәтін"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    body = stale.json()
    assert body["code"] == "stale_version"
    assert manager.get_full_name() in body["detail"]
    assert body["version"] == second["ETag"].strip('"')
    report.refresh_from_db()
    assert report.description == "B: түзетілген мәтін"


@pytest.mark.django_db
def test_api_stale_step_answers_412_and_takes_no_step(demo):
    list_demo_reporters(demo)
    report = complete_report(demo)
    reporter = demo["users"]["prosecutor_reporter"]
    tag = api(reporter).get(detail(report))["ETag"]
    ViolationReport.objects.filter(pk=report.pk).update(description="B: түзетілген мәтін")
    logs = TransitionLog.objects.count()
    response = api(reporter).post(f"{detail(report)}submit/", {}, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 412
    assert response.json()["code"] == "stale_version"
    report.refresh_from_db()
    assert report.state == "draft"
    assert TransitionLog.objects.count() == logs

    fresh = api(reporter).get(detail(report))["ETag"]
    response = api(reporter).post(f"{detail(report)}submit/", {}, format="json", HTTP_IF_MATCH=fresh)
    assert response.status_code == 200, response.content
    assert response["ETag"] != fresh


@pytest.mark.django_db
def test_api_without_if_match_is_not_checked(demo):
    """Documented: a client that sends no If-Match (written before versions existed) is not checked."""
    report = complete_report(demo)
    response = api(demo["users"]["prosecutor_reporter"]).patch(detail(report), {"description": "x"}, format="json")
    assert response.status_code == 200
