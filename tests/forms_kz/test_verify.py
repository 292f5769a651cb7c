"""The public verification page: number, date, issuer and a hash match; nothing else."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forms_kz.services import cancel_letter, issue_letter

from .factories import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(demo):
    letter = make_draft(demo, "s000-demand")
    issue_letter(letter, by=demo["users"]["penitentiary"])
    return letter


def test_page_shows_only_number_date_issuer(client, issued):
    response = client.get(f"/verify/{issued.verification_token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert issued.register_number in html
    assert issued.organisation.name_kk in html
    assert issued.issued_at.astimezone().strftime("%d.%m.%Y") in html
    for secret in ("356938035643809", "+77012345678", "Жұмабеков", issued.addressee, issued.sha256):
        assert secret not in html


def test_matching_hash_and_file(client, issued):
    url = f"/verify/{issued.verification_token}/"
    assert "does NOT match" not in client.post(url, {"sha256": issued.sha256.upper()}).content.decode()
    ok = client.post(url, {"sha256": issued.sha256}).context["result"]
    assert ok is True
    upload = SimpleUploadedFile("letter.pdf", issued.pdf.read(), content_type="application/pdf")
    assert client.post(url, {"file": upload}).context["result"] is True
    tampered = SimpleUploadedFile("letter.pdf", issued.pdf.read() + b"\n%", content_type="application/pdf")
    assert client.post(url, {"file": tampered}).context["result"] is False
    other = hashlib.sha256(b"x").hexdigest()
    assert client.post(url, {"sha256": other}).context["result"] is False


def test_bad_input_gives_field_messages(client, issued):
    response = client.post(f"/verify/{issued.verification_token}/", {"sha256": "not-a-hash"})
    assert response.context["result"] is None
    assert "sha256" in response.context["form"].errors
    response = client.post(f"/verify/{issued.verification_token}/", {})
    assert response.context["form"].non_field_errors()


def test_unknown_token_and_drafts_are_404(client, demo):
    assert client.get("/verify/not-a-real-token/").status_code == 404
    draft = make_draft(demo, "s004-app1")
    assert client.get(f"/verify/{draft.verification_token}/").status_code == 404


def test_csrf_enforced_on_post(issued):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/verify/{issued.verification_token}/", {"sha256": issued.sha256})
    assert response.status_code == 403


def test_cancelled_letter_is_flagged(client, demo, issued):
    user = demo["users"]["penitentiary"]
    cancel_letter(issued, by=user, reason="Қате IMEI")
    html = client.get(f"/verify/{issued.verification_token}/").content.decode()
    assert "Қате IMEI" not in html
    assert client.get(f"/verify/{issued.verification_token}/").context["cancelled"] is True
