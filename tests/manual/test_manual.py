"""Issue 13 item 5: the officials' manual inside the admin."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from manual.pages import PAGES, SCREENSHOT_NAMES, page_for_model

TEMPLATES_DIR = Path(settings.BASE_DIR) / "manual" / "templates" / "manual"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def shots(settings, tmp_path):
    settings.MANUAL_SCREENSHOT_DIR = tmp_path
    return tmp_path


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.mark.parametrize(("language", "title"), [("kk", "Анықтама"), ("ru", "Справка")])
def test_index_lists_every_page_in_the_language(client, demo, language, title):
    client.force_login(demo["users"]["officer"])
    in_language(client, language)
    response = client.get(reverse("manual:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html and f'<html lang="{language}"' in html
    with translation.override(language):
        for page in PAGES:
            assert reverse("manual:page", args=[page.slug]) in html
            assert str(page.title) in html
    # The header links to the manual.
    assert re.search(rf'<a href="{reverse("manual:index")}" class="manual-link" id="manual-link">{title}</a>', html)


def test_pages_for_the_users_role_come_first(client, demo):
    client.force_login(demo["users"]["kcell"])
    html = client.get(reverse("manual:index")).content.decode()
    first = re.search(r'<li class="for-you"><a href="([^"]+)"', html).group(1)
    assert first in {reverse("manual:page", args=["login"]), reverse("manual:page", args=["answer-device-demand"])}
    assert f'<li class="for-you"><a href="{reverse("manual:page", args=["answer-device-demand"])}"' in html
    assert f'<li class="for-you"><a href="{reverse("manual:page", args=["warning-letter"])}"' not in html


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("slug", [page.slug for page in PAGES])
def test_every_page_renders_in_kazakh_and_russian(client, demo, shots, slug, language):
    client.force_login(demo["users"]["officer"])
    in_language(client, language)
    response = client.get(reverse("manual:page", args=[slug]))
    assert response.status_code == 200
    assert response.context["content_template"] == f"manual/{language}/{slug}.html"
    html = response.content.decode()
    marker = {"kk": ("Кімге", "Кіру"), "ru": ("Для кого", "Вход")}[language]
    assert any(m in html for m in marker)
    # No screenshots on disk: the page renders without images.
    assert "<img" not in html.split('id="content-main"')[1]


def test_both_languages_have_the_same_pages():
    for language in ("kk", "ru"):
        files = {p.stem for p in (TEMPLATES_DIR / language).glob("*.html")}
        assert files == {page.slug for page in PAGES}, language


def ui_msgids():
    found = set()
    for path in TEMPLATES_DIR.glob("*/*.html"):
        found.update(re.findall(r'{% ui "([^"]+)" %}', path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_screen_label_the_manual_names_is_translated(language):
    """The manual names the admin's labels through {% ui %}; each must exist translated, so the
    manual never quotes an English label or one the screens no longer show."""
    msgids = ui_msgids()
    assert len(msgids) > 30
    with translation.override(language):
        untranslated = sorted(m for m in msgids if translation.gettext(m) == m)
    assert untranslated == []


def test_anonymous_is_sent_to_the_log_in_page(client, db):
    for url in (reverse("manual:index"), reverse("manual:page", args=["login"]), reverse("manual:screenshot", args=["login.png"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_user_who_is_not_staff_is_sent_to_the_log_in_page(client, db):
    user = get_user_model().objects.create_user("citizen", password="x-Long-Password-1")
    client.force_login(user)
    assert client.get(reverse("manual:index")).status_code == 302


def test_unknown_page_is_404(client, demo):
    client.force_login(demo["users"]["officer"])
    assert client.get(reverse("manual:page", args=["no-such-page"])).status_code == 404


def test_a_page_shows_its_screenshots_when_the_browser_tests_saved_them(client, demo, shots):
    (shots / "login.png").write_bytes(PNG)
    client.force_login(demo["users"]["officer"])
    html = client.get(reverse("manual:page", args=["login"])).content.decode()
    assert f'<img src="{reverse("manual:screenshot", args=["login.png"])}"' in html
    response = client.get(reverse("manual:screenshot", args=["login.png"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize(
    "name",
    [
        "../../config/settings.py",
        "..%2F..%2Fconfig%2Fsettings.py",
        "%2e%2e%2fsecret.png",
        "..\\secret.png",
        "/etc/passwd",
        "secret.png",  # a PNG in the directory but not on the whitelist
        "login.png%00.txt",
        "violations-queue.png",  # whitelisted but not taken yet
    ],
)
def test_the_screenshot_view_serves_only_whitelisted_existing_pngs(client, demo, shots, name):
    (shots / "secret.png").write_bytes(PNG)
    (shots.parent / "secret.png").write_bytes(PNG)
    client.force_login(demo["users"]["officer"])
    response = client.get(reverse("manual:index") + "screenshots/" + name)
    assert response.status_code == 404


def test_a_symlink_out_of_the_directory_is_refused(client, demo, shots, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "x.png"
    outside.write_bytes(PNG)
    (shots / "login.png").symlink_to(outside)
    client.force_login(demo["users"]["officer"])
    assert client.get(reverse("manual:screenshot", args=["login.png"])).status_code == 404


def test_screenshot_names_are_plain_png_file_names():
    assert SCREENSHOT_NAMES
    for name in SCREENSHOT_NAMES:
        assert re.fullmatch(r"[a-z0-9-]+\.png", name)


@pytest.mark.parametrize(
    ("username", "url_name", "slug"),
    [
        ("prosecutor_reporter", "admin:violations_violationreport_changelist", "file-report"),
        ("officer", "admin:violations_violationreport_changelist", "review-report"),
        ("sts", "admin:platforms_trafficstatistic_changelist", "traffic-statistics"),
        ("kcell", "admin:devices_demanddevice_changelist", "answer-device-demand"),
        ("prosecutor_manager", "admin:stafflists_stafflist_import", "import-staff-list"),
    ],
)
def test_each_procedures_pages_link_to_their_manual_page(client, demo, username, url_name, slug):
    client.force_login(demo["users"][username])
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert f'<a href="{reverse("manual:page", args=[slug])}" class="manual-link"' in response.content.decode()


@pytest.mark.django_db
def test_a_case_change_form_links_to_its_manual_page(client):
    from registries.demo import load_full_demo

    world = load_full_demo()
    from cases.egov.models import Complaint

    complaint = Complaint.objects.filter(state="registered").first()
    client.force_login(world["users"]["provider"])
    response = client.get(reverse("admin:egov_complaint_change", args=[complaint.pk]))
    assert response.status_code == 200
    assert f'<a href="{reverse("manual:page", args=["review-complaint"])}" class="manual-link"' in response.content.decode()


def test_every_procedure_model_has_a_manual_page():
    from django.apps import apps

    from cases.base import ProcedureCase

    for model in apps.get_models():
        if issubclass(model, ProcedureCase):
            assert page_for_model(f"{model._meta.app_label}.{model._meta.model_name}") is not None, model
