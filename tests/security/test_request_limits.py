"""No 500 for a user's mistake: request bodies are limited before they are read, JSON bodies
nested too deeply or too large are refused, and a letter's data carrying a NUL character
(PostgreSQL cannot store U+0000 in text or jsonb) is refused on its field."""

import io
from wsgiref.util import is_hop_by_hop

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.violations.models import ViolationReport
from forms_kz.models import LetterCounter, OutgoingLetter
from tests.forms_kz.factories import make_draft
from tests.security.forms import form_data

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def change_url(letter):
    return reverse("admin:forms_kz_outgoingletter_change", args=[letter.pk])


@pytest.mark.parametrize(("label", "value"), [
    ("NUL in a value", "A\u0000B"),
    ("NUL alone", "\u0000"),
])
def test_admin_refuses_bad_letter_data_on_the_field(client, demo, label, value):
    """A draft's data is typed into fields generated from the form's schema (never raw JSON):
    a value PostgreSQL cannot store is refused on its own field, nothing saved, no number taken."""
    letter = make_draft(demo, "s004-app1")
    before = OutgoingLetter.objects.filter(pk=letter.pk).values("data").get()
    counters = list(LetterCounter.objects.order_by("pk").values_list("pk", "last"))
    client.force_login(demo["users"]["officer"])
    page = client.get(change_url(letter))
    data = form_data(page.content.decode(), form_id="outgoingletter_form")
    assert "data__platform_name" in data, sorted(data)
    data["data__platform_name"] = value
    data["_save"] = "1"
    response = client.post(change_url(letter), data)
    assert response.status_code == 200, label
    errors = response.context["adminform"].form.errors
    assert "data__platform_name" in errors, (label, errors)
    assert OutgoingLetter.objects.filter(pk=letter.pk).values("data").get() == before
    assert list(LetterCounter.objects.order_by("pk").values_list("pk", "last")) == counters  # no number taken


def test_api_answers_a_deeply_nested_body_with_400(demo):
    client = APIClient()
    client.force_authenticate(demo["users"]["prosecutor_reporter"])
    response = client.generic("POST", "/api/v1/violation-reports/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"


def test_api_refuses_too_many_values_with_400(demo):
    client = APIClient()
    client.force_authenticate(demo["users"]["prosecutor_reporter"])
    reports = ViolationReport.objects.count()
    response = client.post("/api/v1/violation-reports/", {"facts": list(range(200_000))}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "json_too_large"
    assert ViolationReport.objects.count() == reports


class CountingInput(io.BytesIO):
    """A request body that counts what is read from it."""

    consumed = 0

    def read(self, *args):
        chunk = super().read(*args)
        CountingInput.consumed += len(chunk)
        return chunk

    def readline(self, *args):
        chunk = super().readline(*args)
        CountingInput.consumed += len(chunk)
        return chunk


def test_public_verification_page_refuses_an_oversized_body_before_reading_it(client, demo, tmp_path):
    """An anonymous 200 MB upload is answered 413 from its Content-Length, nothing read or stored."""
    from forms_kz.services import issue_letter

    letter = make_draft(demo, "s004-app1")
    issue_letter(letter, by=demo["users"]["officer"])
    letter.refresh_from_db()
    url = reverse("forms_kz:verify", args=[letter.verification_token])
    body = CountingInput(b"x" * 1024)
    CountingInput.consumed = 0
    response = client.generic(
        "POST", url, b"", content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(200 * 1024 * 1024), **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert CountingInput.consumed == 0
    assert not any(is_hop_by_hop(name) for name in response.headers)  # a WSGI server refuses those
    assert "Request Entity Too Large" not in response.content.decode()  # our page, in the user's language


def test_a_verification_within_the_limit_still_works(client, demo):
    from forms_kz.services import issue_letter

    letter = make_draft(demo, "s004-app1")
    issue_letter(letter, by=demo["users"]["officer"])
    letter.refresh_from_db()
    url = reverse("forms_kz:verify", args=[letter.verification_token])
    response = client.post(url, {"sha256": letter.sha256})
    assert response.status_code == 200
    assert response.context["result"] is True


def test_the_api_limit_answers_in_json(demo):
    client = APIClient()
    client.force_authenticate(demo["users"]["prosecutor_reporter"])
    response = client.generic("POST", "/api/v1/violation-reports/", b"{}", content_type="application/json",
                              CONTENT_LENGTH=str(2 * 1024 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
