"""/api/v1/service-requests/: the integrations record requests with their steps (seed 002 p. 5–9)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.egov.models import PersonalDataAccess, ServiceRequest
from cases.egov.privacy import mask_iin

from .conftest import request_payload
from .factories import IIN, ServiceRequestFactory, make_provider, make_user

URL = "/api/v1/service-requests/"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("channel", "kind"), [("portal", "link"), ("egov_mobile", "link"), ("bank_app", "link"),
                                               ("portal", "number_change"), ("egov_mobile", "number_change")])
def test_portal_records_a_linked_request(portal, channel, kind):
    extra = {"kind": kind, "previous_phone": "+77771234567"} if kind == "number_change" else {}
    response = portal.post(URL, request_payload(channel, **extra), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["applicant_iin"] == IIN
    assert body["phone"] == "+77011235678"  # normalised
    assert body["within_term"] is True
    assert body["duration_seconds"] > 0
    request = ServiceRequest.objects.get(pk=body["id"])
    assert request.provider.kind == "SERVICE_PROVIDER"
    assert request.kind == kind
    assert request.otp_passed is True


def test_wrong_otp_is_recorded_as_not_registered(portal):
    response = portal.post(URL, request_payload("egov_mobile", result="not_registered", fail="otp"), format="json")
    assert response.status_code == 201, response.json()
    request = ServiceRequest.objects.get()
    assert request.result == "not_registered" and request.otp_passed is False and request.biometrics_at is None


@pytest.mark.parametrize(("overrides", "field"), [
    ({"applicant_iin": "900101300035"}, "applicant_iin"),  # wrong check digit
    ({"applicant_iin": "12345"}, "applicant_iin"),
    ({"phone": "+7 727 254 5000"}, "phone"),  # landline, not mobile
    ({"phone": "hello"}, "phone"),
    ({"channel": "telegram"}, "channel"),
    ({"result": "not_registered"}, "result"),  # no failed step
    ({"kind": "number_change"}, "previous_phone"),  # the old number is missing
    ({"refusal_ground": "no_consent"}, "refusal_ground"),  # a ground without a refusal
])
def test_bad_input_is_refused_and_nothing_saved(portal, overrides, field):
    response = portal.post(URL, request_payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert ServiceRequest.objects.count() == 0


def test_eds_before_otp_is_refused(portal):
    payload = request_payload()
    payload["steps"][1]["step"], payload["steps"][2]["step"] = "eds", "otp"
    response = portal.post(URL, payload, format="json")
    assert response.status_code == 400
    assert "steps" in response.json()
    assert ServiceRequest.objects.count() == 0


def test_result_without_its_required_step_is_refused(portal):
    payload = request_payload()
    payload["steps"] = payload["steps"][:2]  # no EDS signature
    response = portal.post(URL, payload, format="json")
    assert response.status_code == 400
    assert "result" in response.json()
    assert ServiceRequest.objects.count() == 0


def test_reasoned_refusal_needs_ground_and_reasons(portal):
    response = portal.post(URL, request_payload(result="refused"), format="json")
    assert response.status_code == 400
    assert {"refusal_ground", "refusal_reasons"} <= set(response.json())
    assert ServiceRequest.objects.count() == 0


def test_duplicate_request_number_is_refused(portal):
    assert portal.post(URL, request_payload(), format="json").status_code == 201
    response = portal.post(URL, request_payload(), format="json")
    assert response.status_code == 400 and "request_number" in response.json()
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize("username", ["officer", "prosecutor_manager", "kcell", "complaints", "quality", "sts"])
def test_only_the_provider_records_requests(as_user, username):
    response = as_user(username).post(URL, request_payload(), format="json")
    assert response.status_code == 403
    assert ServiceRequest.objects.count() == 0


def test_unauthenticated_is_refused(client):
    assert client.get(URL).status_code in (401, 403)


@pytest.mark.parametrize("username", ["prosecutor_manager", "kcell", "complaints", "quality", "sts", "penitentiary"])
def test_others_see_nothing(demo, as_user, username):
    request = ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"])
    client = as_user(username)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{request.pk}/").status_code == 404
    assert PersonalDataAccess.objects.count() == 0


def test_other_provider_sees_nothing(demo):
    from .conftest import api_client

    other = make_user("other_provider_user", make_provider(), "service_provider")
    request = ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"])
    client = api_client(other)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{request.pk}/").status_code == 404


def test_list_is_masked_for_the_authorised_body_and_full_for_the_provider(demo, as_user):
    ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"])
    officer_row = as_user("officer").get(URL).json()["results"][0]
    assert officer_row["applicant_iin"] == mask_iin(IIN) and officer_row["phone"] == "+7701***5678"
    provider_row = as_user("provider").get(URL).json()["results"][0]
    assert provider_row["applicant_iin"] == IIN and provider_row["phone"] == "+77011235678"
    assert PersonalDataAccess.objects.count() == 0  # lists are not full records


def test_retrieve_shows_the_full_record_and_logs_the_view(demo, as_user):
    request = ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"])
    response = as_user("officer").get(f"{URL}{request.pk}/")
    assert response.status_code == 200
    assert response.json()["applicant_iin"] == IIN
    access = PersonalDataAccess.objects.get()
    assert access.user == demo["users"]["officer"] and access.record == request and access.via == "api"


def test_filters_by_day_and_term(demo, as_user):
    provider = demo["organisations"]["gov_for_citizens"]
    start = timezone.now() - timedelta(hours=1)
    ServiceRequestFactory(provider=provider, created_by=demo["users"]["provider"], submitted_at=start)
    ServiceRequestFactory(provider=provider, created_by=demo["users"]["provider"], submitted_at=start,
                          completed_at=start + timedelta(minutes=11))
    client = as_user("provider")
    assert client.get(URL, {"within_term": "false"}).json()["count"] == 1
    assert client.get(URL, {"day": timezone.localdate(start).isoformat()}).json()["count"] == 2
    assert client.get(URL, {"day": "2020-01-01"}).json()["count"] == 0
    assert client.get(URL, {"day": "yesterday"}).status_code == 400
