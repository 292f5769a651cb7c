"""Uploads (issue 11 item 4): screenshots of notifications and letters' PDFs are checked by
content, size-limited, stored under MEDIA_ROOT (outside the static files) and served only to
users who may see the case (another state body: 404; anonymous: the log-in / 401)."""

import base64
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from cases.violations.demo import tiny_png
from cases.violations.models import MAX_SCREENSHOT_BYTES, Screenshot, ViolationReport, ViolationType

from .forms import form_data

HTML_AS_PNG = b"<html><script>alert(1)</script></html>"


def _payload(shot_bytes, name="shot.png"):
    return {
        "violation_type": ViolationType.objects.filter(is_active=True).first().pk,
        "legal_act": "«Масс-медиа туралы» ҚР Заңы",
        "legal_norm": "2-бап",
        "facts": [{"kind": "domain", "value": "upload-test.example.kz"}],
        "screenshots": [{"name": name, "content": base64.b64encode(shot_bytes).decode()}],
        "lawfulness_confirmed": True,
    }


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_refuses_a_file_that_is_not_an_image_whatever_its_name(world_db):
    count = ViolationReport.objects.count()
    response = _api(world_db["users"]["prosecutor_reporter"]).post(
        "/api/v1/violation-reports/", _payload(HTML_AS_PNG), format="json"
    )
    assert response.status_code == 400
    assert "PNG" in response.json()["screenshots"]["0"]["content"][0]
    assert ViolationReport.objects.count() == count  # nothing half-saved


def test_api_refuses_an_oversized_screenshot(world_db):
    too_big = b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_SCREENSHOT_BYTES
    count = ViolationReport.objects.count()
    response = _api(world_db["users"]["prosecutor_reporter"]).post(
        "/api/v1/violation-reports/", _payload(too_big), format="json"
    )
    assert response.status_code == 400
    assert "10" in response.json()["screenshots"]["0"]["content"][0]
    assert ViolationReport.objects.count() == count


def test_admin_refuses_a_disguised_file_and_saves_nothing(world_db, client):
    report = ViolationReport.objects.filter(state="draft", organisation__bin__startswith="99034000201").first()
    client.force_login(world_db["users"]["prosecutor_reporter"])
    url = reverse("admin:violations_violationreport_change", args=[report.pk])
    data = form_data(client.get(url).content.decode(), form_id="violationreport_form")
    data["add_screenshots"] = SimpleUploadedFile("evidence.png", HTML_AS_PNG, content_type="image/png")
    before = report.screenshots.count()
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the field's message
    assert "PNG" in response.content.decode()
    assert report.screenshots.count() == before


def test_screenshots_are_stored_under_media_root_outside_static(world_db):
    shot = Screenshot.objects.select_related("report").first()
    path = Path(shot.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    static_dirs = [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
    assert not any(path.is_relative_to(d.resolve()) for d in static_dirs)
    assert path.read_bytes().startswith(b"\x89PNG")
    assert shot.content_type == "image/png"
    # the file's URL is the guarded view, never a public /media/ path
    assert not shot.file.url.startswith(settings.MEDIA_URL)


def test_screenshot_is_served_only_to_those_who_see_the_case(world_db, client):
    shot = Screenshot.objects.select_related("report__organisation").filter(report__organisation__bin__startswith="99034000201").first()
    users = world_db["users"]
    url = shot.file.url
    owner = _api(users["prosecutor_reporter"]).get(url)
    assert owner.status_code == 200
    assert owner["Content-Type"] == "image/png"
    assert owner["X-Content-Type-Options"] == "nosniff"
    assert b"".join(owner.streaming_content).startswith(b"\x89PNG")
    assert _api(users["officer"]).get(url).status_code == 200
    assert _api(users["police_reporter"]).get(url).status_code == 404
    assert _api(users["kcell"]).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 403)
    # the raw storage path is not served at all
    assert client.get(settings.MEDIA_URL + shot.file.name).status_code == 404


def test_reading_the_demo_png_helper_gives_a_real_png():
    assert tiny_png().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.fixture
def issued_letter(world_db):
    from forms_kz.models import OutgoingLetter

    return (
        OutgoingLetter.objects.filter(state="issued", addressee_organisation__isnull=False)
        .exclude(pdf="")
        .select_related("organisation", "addressee_organisation")
        .first()
    )


def test_letter_pdfs_are_stored_under_media_root_and_are_pdfs(issued_letter):
    path = Path(issued_letter.pdf.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with issued_letter.pdf.open("rb") as handle:  # stored when the issue commits; this world is rolled back
        assert handle.read().startswith(b"%PDF")


def _user_of(world, organisation):
    from registries.models import UserProfile

    profile = UserProfile.objects.filter(organisation=organisation).select_related("user").first()
    return profile.user if profile else None


def test_letter_pdf_is_served_only_to_issuer_and_addressee(world_db, client, issued_letter):
    from registries.models import Organisation

    users = world_db["users"]
    admin_url = reverse("admin:forms_kz_outgoingletter_download", args=[issued_letter.pk])
    api_url = f"/api/v1/letters/{issued_letter.pk}/pdf/"
    allowed = [u for u in (_user_of(world_db, issued_letter.organisation), _user_of(world_db, issued_letter.addressee_organisation), users["officer"]) if u]
    for user in allowed:
        client.force_login(user)
        response = client.get(admin_url)
        if user.has_perm("forms_kz.view_outgoingletter"):
            assert response.status_code == 200, user
            assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert _api(user).get(api_url).status_code == 200, user
    involved = {issued_letter.organisation_id, issued_letter.addressee_organisation_id}
    outsider_org = Organisation.objects.exclude(pk__in=involved).exclude(kind="AUTHORISED_BODY").exclude(
        parent_id__in=involved).first()
    outsider = _user_of(world_db, outsider_org)
    client.force_login(outsider)
    assert client.get(admin_url).status_code in (403, 404)
    assert client.get(reverse("admin:forms_kz_outgoingletter_preview", args=[issued_letter.pk])).status_code in (403, 404)
    assert _api(outsider).get(api_url).status_code == 404
    client.logout()
    response = client.get(admin_url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert APIClient().get(api_url).status_code in (401, 403)
    assert client.get(settings.MEDIA_URL + issued_letter.pdf.name).status_code == 404


def test_platform_evidence_screenshot_is_checked_by_content(world_db, client):
    """Found by this module: the platforms' evidence screenshot took any file (fixed in cases/platforms/admin.py)."""
    from cases.platforms.models import PlatformCase, PlatformEvidence

    case = PlatformCase.objects.filter(evidence__isnull=False).first()
    client.force_login(world_db["users"]["officer"])
    url = reverse("admin:platforms_platformcase_change", args=[case.pk])
    data = form_data(client.get(url).content.decode(), form_id="platformcase_form")
    blank = data["evidence-INITIAL_FORMS"]
    data[f"evidence-{blank}-url"] = "https://picshare.example/p/upload-test"
    data[f"evidence-{blank}-screenshot"] = SimpleUploadedFile("shot.png", HTML_AS_PNG, content_type="image/png")
    before = PlatformEvidence.objects.filter(case=case).count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "PNG" in response.content.decode()
    assert PlatformEvidence.objects.filter(case=case).count() == before
