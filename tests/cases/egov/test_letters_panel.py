"""The letters shown on a request's or complaint's page (admin panel, API ``letters``) are only
those the viewer may see: the issuer's own and issued letters addressed to the viewer's
organisation (forms_kz ``OutgoingLetter.visibility_q``) — not every letter of the record."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.egov.services import complaint_forward, complaint_uphold
from forms_kz.models import OutgoingLetter

from .factories import ServiceRequestFactory, make_complaint

ALMATY = ZoneInfo("Asia/Almaty")

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(demo):
    """A complaint about a refused request, upheld by the higher body: the decision letter is the
    body's, addressed to the complainant (no organisation)."""
    with time_machine.travel(datetime(2026, 11, 17, 12, 0, tzinfo=ALMATY), tick=False):
        complaint = make_complaint(demo, received_at=datetime(2026, 11, 16, 10, 0, tzinfo=ALMATY),
                                   service_request=ServiceRequestFactory(
                                       provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"]))
        complaint_forward(case=complaint, actor=demo["users"]["provider"], administrative_case="Әкімшілік іс.")
    with time_machine.travel(datetime(2026, 11, 18, 12, 0, tzinfo=ALMATY), tick=False):
        complaint_uphold(case=complaint, actor=demo["users"]["complaints"], reasons="Негіз бар.")
    return complaint, OutgoingLetter.objects.for_case(complaint).get()


def panel(client, user, complaint) -> str:
    client.force_login(user)
    response = client.get(f"/admin/egov/complaint/{complaint.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_issuer_and_the_supervisor_see_the_decision_letter(demo, client, decided):
    complaint, letter = decided
    assert letter.register_number in panel(client, demo["users"]["complaints"], complaint)
    assert letter.register_number in panel(client, demo["users"]["supervisor"], complaint)


def test_the_provider_does_not_see_the_bodys_letter_on_its_complaint(demo, client, decided):
    complaint, letter = decided
    page = panel(client, demo["users"]["provider"], complaint)
    assert complaint.registration_number in page  # the complaint itself is the provider's
    assert letter.register_number not in page


def test_the_panel_without_a_viewer_shows_nothing(decided):
    from django.contrib import admin

    from cases.egov.admin import ComplaintAdmin

    complaint, letter = decided
    html = ComplaintAdmin(type(complaint), admin.site).letters_panel(complaint)
    assert letter.register_number not in html


def test_the_api_letters_of_a_request_are_the_viewers_only(demo, portal):
    response = portal.post("/api/v1/service-requests/", _refused_payload(), format="json")
    assert response.status_code == 201, response.json()
    request_id = response.json()["id"]
    letter = OutgoingLetter.objects.get(form_code="s002-refusal")
    assert portal.get(f"/api/v1/service-requests/{request_id}/").json()["letters"][0]["register_number"] == letter.register_number
    # another organisation's draft of the same record is not listed
    OutgoingLetter.objects.filter(pk=letter.pk).update(organisation=demo["organisations"]["quality_body"])
    assert portal.get(f"/api/v1/service-requests/{request_id}/").json()["letters"] == []


def _refused_payload():
    from .conftest import request_payload

    return request_payload(result="refused", refusal_ground="no_consent", refusal_reasons="Келісім берілмеген.")
