"""The notification form keeps its screenshots through a validation error (cases.staging):
several chosen at once, listed as attached on the returned form, saved with it once it is right;
a wrong file refused next to the field in Kazakh; nobody else's staged file is ever reachable."""

import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.egov.admin import ComplaintAdmin
from cases.egov.models import Complaint
from cases.staging import REMOVE_SUFFIX, TOKEN_SUFFIX
from cases.violations.forms import ADD_SCREENSHOTS
from cases.violations.models import ViolationReport, ViolationType
from tests.security.forms import form_data

from .factories import PNG, complete_report

ADD = reverse("admin:violations_violationreport_add")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
GIF = b"GIF89a" + b"\x00" * 30
TOKENS = ADD_SCREENSHOTS + TOKEN_SUFFIX


def shot(name, content=PNG):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def notification(demo, **overrides):
    data = {
        "violation_type": ViolationType.objects.get(code="drugs").pk,
        "legal_act": "«Есірткі… туралы» ҚР Заңы",
        "legal_norm": "15-бап",
        "description": "Есірткі сату сайты",
        "channel": "system",
        "addressee": demo["organisations"]["info_committee"].pk,
        "signatory_position": "",
        "signatory_name": "",
        "lawfulness_confirmed": "on",
        "facts-TOTAL_FORMS": "1",
        "facts-INITIAL_FORMS": "0",
        "facts-MIN_NUM_FORMS": "0",
        "facts-MAX_NUM_FORMS": "1000",
        "facts-0-kind": "domain",
        "facts-0-raw_value": "qazaq-shop.example.kz",
    }
    data.update(overrides)
    return data


def staged_tokens(response):
    return [s.token for s in response.context["adminform"].form.staged.get(ADD_SCREENSHOTS, [])]


@pytest.mark.django_db
def test_two_screenshots_survive_an_empty_required_field_and_are_saved_once_it_is_filled(
    demo, client, django_capture_on_commit_callbacks
):
    client.force_login(demo["users"]["prosecutor_reporter"])
    first = client.post(ADD, notification(demo, legal_norm="", **{ADD_SCREENSHOTS: [shot("бірінші.png"), shot("екінші.jpg", JPEG)]}))
    assert first.status_code == 200 and ViolationReport.objects.count() == 0
    assert "legal_norm" in first.context["adminform"].form.errors
    html = first.content.decode()
    assert "бірінші.png" in html and "екінші.jpg" in html  # listed as attached
    assert "Есірткі сату сайты" in html and "qazaq-shop.example.kz" in html  # nothing typed is lost
    tokens = staged_tokens(first)
    assert len(tokens) == 2 and all(f'value="{t}"' in html for t in tokens)
    thumbnail = re.search(r'<img src="([^"]+/staged/[^"]+)"', html).group(1)
    assert client.get(thumbnail).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(ADD, notification(demo, **{TOKENS: tokens}))
    assert second.status_code == 302, second.context["adminform"].form.errors if second.context else second
    report = ViolationReport.objects.get()
    shots = list(report.screenshots.order_by("pk"))
    assert [(s.original_name, s.content_type) for s in shots] == [("бірінші.png", "image/png"), ("екінші.jpg", "image/jpeg")]
    assert shots[1].file.read() == JPEG
    assert client.get(thumbnail).status_code == 404  # the staged copy is consumed


@pytest.mark.django_db
def test_several_screenshots_are_chosen_at_once_on_a_draft(demo, client):
    report = complete_report(demo)
    before = report.screenshots.count()
    client.force_login(demo["users"]["prosecutor_reporter"])
    url = reverse("admin:violations_violationreport_change", args=[report.pk])
    page = client.get(url).content.decode()
    assert re.search(rf'<input type="file" name="{ADD_SCREENSHOTS}"[^>]*multiple', page)
    data = form_data(page, form_id="violationreport_form")
    data[ADD_SCREENSHOTS] = [shot("a.png"), shot("b.png")]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert report.screenshots.count() == before + 2


@pytest.mark.django_db
def test_a_wrong_file_is_refused_next_to_the_field_in_kazakh_and_the_rest_is_kept(demo, client):
    client.force_login(demo["users"]["prosecutor_reporter"])
    client.cookies["django_language"] = "kk"
    response = client.post(
        ADD, notification(demo, **{ADD_SCREENSHOTS: [shot("дұрыс.png"), shot("сурет.gif", GIF)]}), HTTP_ACCEPT_LANGUAGE="kk"
    )
    assert response.status_code == 200 and ViolationReport.objects.count() == 0
    errors = " ".join(response.context["adminform"].form.errors[ADD_SCREENSHOTS])
    assert "сурет.gif" in errors and "мазмұны бойынша" in errors
    html = response.content.decode()
    assert "дұрыс.png" in html and len(staged_tokens(response)) == 1
    assert "15-бап" in html


@pytest.mark.django_db
def test_an_oversized_file_is_refused_and_nothing_is_saved(demo, client):
    client.force_login(demo["users"]["prosecutor_reporter"])
    too_big = PNG + b"\x00" * (10 * 1024 * 1024)
    response = client.post(ADD, notification(demo, **{ADD_SCREENSHOTS: [shot("үлкен.png", too_big)]}), HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 200 and ViolationReport.objects.count() == 0
    assert "үлкен.png" in " ".join(response.context["adminform"].form.errors[ADD_SCREENSHOTS])
    assert staged_tokens(response) == []


@pytest.mark.django_db
def test_a_removed_staged_screenshot_is_not_saved(demo, client):
    client.force_login(demo["users"]["prosecutor_reporter"])
    first = client.post(ADD, notification(demo, legal_norm="", **{ADD_SCREENSHOTS: [shot("a.png"), shot("b.png")]}))
    keep, drop = staged_tokens(first)
    second = client.post(ADD, notification(demo, **{TOKENS: [keep, drop], ADD_SCREENSHOTS + REMOVE_SUFFIX: [drop]}))
    assert second.status_code == 302
    assert list(ViolationReport.objects.get().screenshots.values_list("original_name", flat=True)) == ["a.png"]


@pytest.mark.django_db
def test_another_users_staged_screenshots_are_neither_shown_nor_saved(demo, client):
    client.force_login(demo["users"]["prosecutor_reporter"])
    first = client.post(ADD, notification(demo, legal_norm="", **{ADD_SCREENSHOTS: [shot("құпия.png")]}))
    tokens = staged_tokens(first)
    thumbnail = re.search(r'<img src="([^"]+/staged/[^"]+)"', first.content.decode()).group(1)

    client.force_login(demo["users"]["police_reporter"])
    assert client.get(thumbnail).status_code == 404
    refused = client.post(ADD, notification(demo, legal_norm="", **{TOKENS: tokens}))
    assert "құпия.png" not in refused.content.decode()
    saved = client.post(ADD, notification(demo, **{TOKENS: tokens}))
    assert saved.status_code == 302
    assert not ViolationReport.objects.get().screenshots.exists()


@pytest.mark.django_db
def test_a_reader_gets_no_upload_field(demo, client):
    report = complete_report(demo)
    client.force_login(demo["users"]["officer"])
    page = client.get(reverse("admin:violations_violationreport_change", args=[report.pk])).content.decode()
    assert f'name="{ADD_SCREENSHOTS}"' not in page


@pytest.mark.django_db
def test_the_case_page_has_one_letters_panel(demo, client):
    report = complete_report(demo)
    client.force_login(demo["users"]["prosecutor_reporter"])
    response = client.get(reverse("admin:violations_violationreport_change", args=[report.pk]))
    names = {t.name for t in response.templates}
    assert "cases/case_files_letters.html" in names and "violations/letters_panel.html" not in names
    assert response.content.decode().count('class="module case-letters"') == 1


def test_the_complaint_page_draws_no_second_letters_panel():
    complaint_admin = ComplaintAdmin(Complaint, admin.site)
    assert "letters_panel" not in complaint_admin.readonly_detail
