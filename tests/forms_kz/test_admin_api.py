"""Admin: draft preview (ЖОБА), issue button, refusal naming missing fields (Kazakh), read-only
issued letters, download scoped; API: read-only and scoped."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from forms_kz.models import LetterCounter, LetterState, OutgoingLetter
from forms_kz.services import issue_letter

from .factories import make_draft

pytestmark = pytest.mark.django_db


def admin_url(name, letter):
    return reverse(f"admin:forms_kz_outgoingletter_{name}", args=[letter.pk])


def test_preview_of_draft_is_watermarked(client, demo):
    letter = make_draft(demo, "s004-app1")
    client.force_login(demo["users"]["officer"])
    response = client.get(admin_url("preview", letter))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "ЖОБА" in PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert not OutgoingLetter.objects.get(pk=letter.pk).pdf


def test_issue_button_and_download(client, demo):
    letter = make_draft(demo, "s004-app1")
    client.force_login(demo["users"]["officer"])
    page = client.get(admin_url("change", letter)).content.decode()
    assert admin_url("issue", letter) in page
    assert client.post(admin_url("issue", letter)).status_code == 200  # issuing asks once more
    response = client.post(admin_url("issue", letter), {"confirmed": "1"}, follow=True)
    letter.refresh_from_db()
    assert letter.state == LetterState.ISSUED
    assert letter.register_number in response.content.decode()
    download = client.get(admin_url("download", letter))
    assert b"".join(download.streaming_content) == letter.pdf.read()
    # issued → read-only: the change form posts nothing
    client.post(admin_url("change", letter), {"addressee": "өзгерту", "data": "{}"})
    assert OutgoingLetter.objects.get(pk=letter.pk).addressee != "өзгерту"


def test_issue_refused_names_missing_fields_in_kazakh(client, demo):
    letter = make_draft(demo, "s004-app3", notice_register_number="", limits=[])
    client.force_login(demo["users"]["officer"])
    response = client.post(admin_url("issue", letter), follow=True, HTTP_ACCEPT_LANGUAGE="kk")
    messages = [str(m) for m in response.context["messages"]]
    assert any("notice_register_number" in m and "limits" in m for m in messages)
    assert any("міндетті" in m for m in messages)
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT and not letter.pdf and not LetterCounter.objects.exists()


def test_other_organisation_gets_404_and_addressee_reads_only(client, demo):
    sts = demo["organisations"]["sts"]
    letter = make_draft(demo, "s004-app3", addressee_organisation=sts)
    client.force_login(demo["users"]["kcell"])
    denied = client.get(admin_url("change", letter))  # Django admin: unknown object → back to index
    assert denied.status_code in (302, 403, 404) and letter.addressee not in denied.content.decode()
    for name in ("preview", "download"):
        assert client.get(admin_url(name, letter)).status_code in (403, 404)
    client.force_login(demo["users"]["prosecutor_manager"])
    assert client.post(admin_url("issue", letter)).status_code in (403, 404)
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT
    client.force_login(demo["users"]["sts"])
    assert client.get(admin_url("change", letter)).status_code in (302, 403, 404)  # draft: not yet addressed
    assert client.get(admin_url("preview", letter)).status_code == 404
    issue_letter(letter, by=demo["users"]["officer"])
    assert client.get(admin_url("change", letter)).status_code == 200
    assert client.get(admin_url("download", letter)).status_code == 200
    client.post(admin_url("cancel", letter), {"reason": "жоқ"})
    assert OutgoingLetter.objects.get(pk=letter.pk).state == LetterState.ISSUED


def test_cancel_view(client, demo):
    letter = make_draft(demo, "s004-app2")
    issue_letter(letter, by=demo["users"]["officer"])
    client.force_login(demo["users"]["supervisor"])
    assert client.get(admin_url("cancel", letter)).status_code == 200
    client.post(admin_url("cancel", letter), {"reason": ""})
    assert OutgoingLetter.objects.get(pk=letter.pk).state == LetterState.ISSUED
    client.post(admin_url("cancel", letter), {"reason": "Платформа атауы қате"})
    assert OutgoingLetter.objects.get(pk=letter.pk).state == LetterState.CANCELLED


def test_api_lists_only_visible_letters_and_is_read_only(demo):
    sts = demo["organisations"]["sts"]
    mine = make_draft(demo, "s004-app3", addressee_organisation=sts)
    issue_letter(mine, by=demo["users"]["officer"])
    make_draft(demo, "s000-demand")
    api = APIClient()
    api.force_authenticate(demo["users"]["sts"])
    listing = api.get("/api/v1/letters/")
    assert listing.status_code == 200
    ids = [row["id"] for row in listing.json()["results"]] if "results" in listing.json() else [r["id"] for r in listing.json()]
    assert ids == [mine.pk]
    assert api.get(f"/api/v1/letters/{mine.pk}/pdf/").status_code == 200
    assert api.patch(f"/api/v1/letters/{mine.pk}/", {"addressee": "x"}, format="json").status_code == 405
    api.force_authenticate(demo["users"]["kcell"])
    assert api.get(f"/api/v1/letters/{mine.pk}/").status_code == 404
    assert api.get(f"/api/v1/letters/{mine.pk}/pdf/").status_code == 404
