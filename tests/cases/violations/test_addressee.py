"""Only the addressee decides (seed 001 p. 8: the state body "ақпараттық жүйе арқылы уәкiлеттi
органға хабарлама жiбередi"; p. 10–11: that authorised body confirms or refuses). There are two
authorised bodies in the system: a notification addressed to one is reviewed, confirmed or rejected
only by that one — the other is refused on the admin and the API and its panel names the addressee."""

import pytest
from django.urls import reverse

from cases.services import TransitionRefused
from cases.steps import MoveStatus, moves, take_step
from cases.violations.models import ViolationReport

from .factories import api_for, complete_report


def submitted_to(demo, addressee_key):
    report = complete_report(demo, addressee=demo["organisations"][addressee_key])
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    return report


@pytest.mark.django_db
def test_other_authorised_body_cannot_review_through_the_service_or_the_api(demo):
    report = submitted_to(demo, "info_committee")
    telecom = demo["users"]["telecom"]
    with pytest.raises(TransitionRefused) as refused:
        take_step(report, "take_into_review", telecom)
    assert refused.value.status == 403
    response = api_for(telecom).post(f"/api/v1/violation-reports/{report.pk}/take-into-review/", {}, format="json")
    assert response.status_code == 403
    assert ViolationReport.objects.get(pk=report.pk).state == "submitted"
    take_step(report, "take_into_review", demo["users"]["officer"])  # the addressee may
    for name in ("confirm", "reject", "return-for-completion"):
        response = api_for(telecom).post(
            f"/api/v1/violation-reports/{report.pk}/{name}/", {"grounds": "x", "missing": "x"}, format="json"
        )
        assert response.status_code == 403, name
    assert ViolationReport.objects.get(pk=report.pk).state == "in_review"


@pytest.mark.django_db
def test_other_authorised_body_is_refused_on_the_admin_and_the_panel_names_the_addressee(demo, client):
    report = submitted_to(demo, "telecom_committee")
    officer = demo["users"]["officer"]
    by_name = {move.name: move for move in moves(report, officer)}
    assert by_name["take_into_review"].status == MoveStatus.OTHERS
    assert demo["organisations"]["telecom_committee"].name_kk in by_name["take_into_review"].actor
    client.force_login(officer)
    page = client.get(reverse("admin:violations_violationreport_change", args=[report.pk])).content.decode()
    assert 'value="take_into_review"' not in page
    url = reverse("admin:violations_violationreport_transition", args=[report.pk, "return_for_completion"])
    client.post(url, {"missing": "Скриншот жоқ"})
    assert ViolationReport.objects.get(pk=report.pk).state == "submitted"

    telecom = demo["users"]["telecom"]
    assert {m.name: m.status for m in moves(report, telecom)}["take_into_review"] == MoveStatus.AVAILABLE
    client.force_login(telecom)
    client.post(url, {"missing": "Скриншот жоқ"})
    assert ViolationReport.objects.get(pk=report.pk).state == "returned"
