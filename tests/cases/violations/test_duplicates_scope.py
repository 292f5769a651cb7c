"""The duplicates panel, the queue's "already confirmed elsewhere" column and the confirmation by
reference are scoped like the lists: a state body learns nothing about another body's reports (no
number, organisation or outcome; no lookup oracle for a fact it types), only the authorised body
sees duplicates across bodies (seed 001 p. 10: "расталған фактілері бойынша уәкілетті орган …
шаралар қабылдайды" — the confirmation is the authorised body's)."""

import pytest
from django.urls import reverse

from cases.steps import take_step
from cases.violations.models import ViolationReport

from .factories import api_for, complete_report

CHANGELIST = reverse("admin:violations_violationreport_changelist")


def change_url(report):
    return reverse("admin:violations_violationreport_change", args=[report.pk])


def confirmed(demo, reporter, facts):
    officer = demo["users"]["officer"]
    report = complete_report(demo, reporter=reporter, facts=facts)
    take_step(report, "submit", demo["users"][reporter])
    take_step(report, "take_into_review", officer)
    take_step(report, "confirm", officer)
    return report


@pytest.fixture
def police_confirmed(demo):
    """The police's confirmed report on a resource the prosecutor's office then types in its own draft."""
    return confirmed(demo, "police_reporter", (("domain", "mysal-secret.kz"),))


@pytest.mark.django_db
def test_state_body_panel_and_queue_say_nothing_of_another_bodys_report(demo, client, police_confirmed):
    probe = complete_report(demo, facts=(("domain", "MYSAL-SECRET.KZ"),))  # a draft typed to probe the fact
    client.force_login(demo["users"]["prosecutor_reporter"])
    page = client.get(change_url(probe)).content.decode()
    assert change_url(police_confirmed) not in page
    assert str(police_confirmed) not in page
    assert demo["organisations"]["police"].name_kk not in page
    rows = client.get(CHANGELIST).context["cl"].result_list
    assert {r.pk: r.has_duplicate for r in rows} == {probe.pk: False}


@pytest.mark.django_db
def test_authorised_body_sees_duplicates_across_bodies(demo, client, police_confirmed):
    probe = complete_report(demo, facts=(("domain", "MYSAL-SECRET.KZ"),))
    client.force_login(demo["users"]["officer"])
    page = client.get(change_url(probe)).content.decode()
    assert change_url(police_confirmed) in page and demo["organisations"]["police"].name_kk in page
    rows = client.get(CHANGELIST).context["cl"].result_list
    assert {r.pk: r.has_duplicate for r in rows}[probe.pk] is True


@pytest.mark.django_db
def test_state_body_sees_its_own_confirmed_duplicates(demo, client):
    own = confirmed(demo, "prosecutor_reporter", (("domain", "own-site.kz"),))
    probe = complete_report(demo, facts=(("domain", "own-site.kz"),))
    client.force_login(demo["users"]["prosecutor_reporter"])
    assert change_url(own) in client.get(change_url(probe)).content.decode()
    rows = client.get(CHANGELIST).context["cl"].result_list
    assert {r.pk: r.has_duplicate for r in rows}[probe.pk] is True


@pytest.mark.django_db
def test_reference_to_another_bodys_report_is_not_named_to_the_state_body(demo, client, police_confirmed):
    officer = demo["users"]["officer"]
    later = complete_report(demo, facts=(("domain", "mysal-secret.kz"),))
    take_step(later, "submit", demo["users"]["prosecutor_reporter"])
    take_step(later, "take_into_review", officer)
    take_step(later, "confirm_by_reference", officer, reference=police_confirmed.pk)
    assert ViolationReport.objects.get(pk=later.pk).reference_report_id == police_confirmed.pk

    reporter = demo["users"]["prosecutor_reporter"]
    client.force_login(reporter)
    page = client.get(change_url(later)).content.decode()
    assert change_url(police_confirmed) not in page and demo["organisations"]["police"].name_kk not in page
    api = api_for(reporter)
    assert api.get(f"/api/v1/violation-reports/{later.pk}/").json()["reference_report"] is None
    assert [r["reference_report"] for r in api.get("/api/v1/violation-reports/").json()["results"]] == [None]

    assert api_for(officer).get(f"/api/v1/violation-reports/{later.pk}/").json()["reference_report"] == police_confirmed.pk
