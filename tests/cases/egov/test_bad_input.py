"""A user's mistake on a complaint (seed 002 p. 10) answers a field-level message, never a 500,
and saves nothing: admin (Kazakh) and API (machine-readable codes)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cases.egov.models import Complaint
from cases.models import Deadline

from .factories import IIN, make_complaint

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 11, 17, 12, 0, tzinfo=ALMATY)
ADD_URL = "/admin/egov/complaint/add/"
API_URL = "/api/v1/complaints/"

pytestmark = pytest.mark.django_db


def admin_payload(demo, **overrides):
    payload = {
        "reviewing_body": demo["organisations"]["quality_body"].pk,
        "complainant_name": "Нұрланова Айгерім Серікқызы",
        "complainant_iin": IIN,
        "complainant_phone": "+77011235678",
        "subject": "Бас тарту негізсіз.",
        "received_at_0": "2026-11-16", "received_at_1": "10:00:00",
    }
    payload.update(overrides)
    return payload


def api_payload(demo, **overrides):
    payload = {
        "reviewing_body": demo["organisations"]["quality_body"].pk,
        "complainant_name": "Нұрланова Айгерім Серікқызы",
        "complainant_iin": IIN,
        "subject": "Бас тарту негізсіз.",
        "received_at": "2026-11-16T10:00:00+05:00",
    }
    payload.update(overrides)
    return payload


def test_admin_future_arrival_is_a_kazakh_field_error(demo, client):
    """"Шағым ... түскен күннен бастап" (p. 10): the arrival is a real moment, not a future one."""
    client.force_login(demo["users"]["provider"])
    with time_machine.travel(NOW, tick=False):
        response = client.post(ADD_URL, admin_payload(demo, received_at_0="2026-12-20"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "received_at" in errors and "болашақ" in " ".join(errors["received_at"]).lower()
    assert not Complaint.objects.exists() and not Deadline.objects.exists()


def test_admin_future_registration_is_a_field_error(demo, client):
    client.force_login(demo["users"]["provider"])
    with time_machine.travel(NOW, tick=False):
        response = client.post(ADD_URL, admin_payload(demo, registered_at_0="2026-12-20", registered_at_1="10:00:00"))
    assert response.status_code == 200
    assert "registered_at" in response.context["adminform"].form.errors
    assert not Complaint.objects.exists()


def test_api_future_arrival_is_a_coded_field_error(demo, as_user):
    with time_machine.travel(NOW, tick=False):
        response = as_user("provider").post(API_URL, api_payload(demo, received_at="2026-12-20T10:00:00+05:00"),
                                            format="json")
    assert response.status_code == 400
    body = response.json()
    assert "received_at" in body and body["received_at"]
    assert not Complaint.objects.exists() and not Deadline.objects.exists()


def test_admin_change_of_a_complaint_with_a_future_arrival_is_no_500(demo, client):
    """The registration checks run again when the change form is posted; a complaint whose arrival
    now lies in the future (entered at a later clock, or an act whose entry into force moved)
    answers a form-level message naming the field, not "'ProviderForm' has no field named …"."""
    later = datetime(2026, 12, 25, 12, 0, tzinfo=ALMATY)
    with time_machine.travel(later, tick=False):
        complaint = make_complaint(demo, received_at=later - timedelta(days=1))
    client.force_login(demo["users"]["provider"])
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"/admin/egov/complaint/{complaint.pk}/change/", {})
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("шағым келіп түсті" in str(error).lower() or "болашақ" in str(error).lower() for error in errors)
    complaint.refresh_from_db()
    assert timezone.localtime(complaint.received_at).date().isoformat() == "2026-12-24"
