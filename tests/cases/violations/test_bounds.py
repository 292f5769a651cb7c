"""Sane maximum lengths: a 20 MB description and 10,000 facts per report were accepted. Text fields
are bounded (10,000 characters for the description, 4,000 for a step's written answer) and a
notification holds at most 500 facts (Appendix 2 item 3: one numbered line per fact — "жолдардың саны
… анықталған фактілерінің санына байланысты"; more are sent as another notification). The admin
answers in Kazakh at the field, the API with machine-readable codes, and nothing is half-saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.steps import take_step
from cases.violations import conditions
from cases.violations.conditions import MAX_ANSWER, MAX_DESCRIPTION, MAX_FACTS
from cases.violations.models import Screenshot, ViolationFact, ViolationReport, ViolationType
from cases.violations.services import create_report

from .factories import api_for, complete_report
from .test_admin import ADD, add_form
from .test_api import media_files, payload

URL = "/api/v1/violation-reports/"


def nothing_saved(settings):
    """No record and no stored file -- but the screenshots attached to the refused form, which stay
    attached for the user's next try (``cases.staging``, under ``staging/``)."""
    root = settings.MEDIA_ROOT
    stored = [path for path in media_files(settings) if path.relative_to(root).parts[0] != "staging"]
    return not ViolationReport.objects.exists() and not ViolationFact.objects.exists() \
        and not Screenshot.objects.exists() and not stored


@pytest.mark.django_db
def test_api_refuses_a_huge_description_at_the_field(demo, settings):
    api = api_for(demo["users"]["prosecutor_reporter"])
    response = api.post(URL, payload(description="ы" * (MAX_DESCRIPTION + 1)), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["description"]
    assert nothing_saved(settings)
    assert api.post(URL, payload(description="ы" * MAX_DESCRIPTION), format="json").status_code == 201


@pytest.mark.django_db
def test_api_refuses_too_many_facts_before_reading_them(demo, settings):
    api = api_for(demo["users"]["prosecutor_reporter"])
    facts = [{"kind": "domain", "value": f"site{i}.kz"} for i in range(MAX_FACTS + 1)]
    response = api.post(URL, payload(facts=facts), format="json")
    assert response.status_code == 400
    assert str(MAX_FACTS) in response.json()["facts"][0]
    assert nothing_saved(settings)


@pytest.mark.django_db
def test_service_refuses_too_many_facts_and_saves_nothing(demo, settings):
    with pytest.raises(ValidationError) as refused:
        create_report(
            reporter=demo["users"]["prosecutor_reporter"],
            facts=[("domain", f"site{i}.kz") for i in range(MAX_FACTS + 1)], screenshots=[],
            violation_type=ViolationType.objects.get(code="drugs"), legal_act="Заң", legal_norm="1-бап",
        )
    assert refused.value.error_dict["facts"][0].code == "too_many_facts"
    assert nothing_saved(settings)


@pytest.mark.django_db
def test_admin_refuses_a_huge_description_in_kazakh(demo, client, settings):
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.post(ADD, add_form(demo, [("domain", "ok.kz")], description="ы" * (MAX_DESCRIPTION + 1)))
    assert response.status_code == 200
    assert "description" in response.context["adminform"].form.errors
    assert f"Ең көбі {MAX_DESCRIPTION} таңба" in response.content.decode()
    assert nothing_saved(settings)


@pytest.mark.django_db
def test_admin_refuses_too_many_facts_in_kazakh(demo, client, settings, monkeypatch):
    monkeypatch.setattr(conditions, "MAX_FACTS", 2)
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.post(ADD, add_form(demo, [("domain", "a.kz"), ("domain", "b.kz"), ("domain", "c.kz")]))
    assert response.status_code == 200
    assert "Бір хабарламада ең көбі 2 факт" in response.content.decode()
    assert nothing_saved(settings)


@pytest.mark.django_db
def test_step_answers_are_bounded_and_the_step_is_not_taken(demo, client):
    officer = demo["users"]["officer"]
    report = complete_report(demo)
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    take_step(report, "take_into_review", officer)
    response = api_for(officer).post(f"{URL}{report.pk}/reject/", {"grounds": "ы" * (MAX_ANSWER + 1)}, format="json")
    assert response.status_code == 400 and "grounds" in response.json()
    client.force_login(officer)
    url = reverse("admin:violations_violationreport_transition", args=[report.pk, "reject"])
    response = client.post(url, {"grounds": "ы" * (MAX_ANSWER + 1)})
    assert response.status_code == 200 and response.context["transition_form"].errors["grounds"]
    assert ViolationReport.objects.get(pk=report.pk).state == "in_review"
