"""Issue 13 item 3: the language switch in the admin header, remembered on the profile."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from registries.demo import DEMO_PASSWORD

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def log_in(client, username, **headers):
    response = client.post(
        reverse("admin:login"), {"username": username, "password": DEMO_PASSWORD, "next": "/admin/"}, **headers
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def officer(demo):
    return demo["users"]["officer"]


def test_header_shows_the_switch_posting_to_the_remembering_view(client, officer):
    log_in(client, "officer")
    html = client.get("/admin/").content.decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="language-switch"', html)
    assert form and form.group(1) == reverse("set_language_remembered")
    assert 'name="language" value="kk"' in html and "Қазақша" in html
    assert 'name="language" value="ru"' in html and "Русский" in html
    # The current language is marked and cannot be chosen again.
    assert re.search(r'value="kk" lang="kk" aria-current="true" disabled>Қазақша', html)


def test_switch_by_post_gives_the_next_page_in_russian_and_remembers_it(client, officer):
    log_in(client, "officer")
    assert html_lang(client.get("/admin/")) == "kk"
    response = client.post(reverse("set_language_remembered"), {"language": "ru", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert response.cookies[COOKIE].value == "ru"
    page = client.get("/admin/")
    assert html_lang(page) == "ru" and page["Content-Language"] == "ru"
    assert "Выйти" in page.content.decode()
    officer.profile.refresh_from_db()
    assert officer.profile.language == "ru"
    # and back
    client.post(reverse("set_language_remembered"), {"language": "kk", "next": "/admin/"})
    officer.profile.refresh_from_db()
    assert officer.profile.language == "kk"
    assert html_lang(client.get("/admin/")) == "kk"


def test_a_new_log_in_gets_the_stored_language_whatever_the_browser_says(officer):
    officer.profile.language = "ru"
    officer.profile.save()
    browser = Client(HTTP_ACCEPT_LANGUAGE="kk")
    browser.cookies[COOKIE] = "kk"  # an old choice on this computer
    response = log_in(browser, "officer")
    assert response.cookies[COOKIE].value == "ru"
    assert html_lang(browser.get("/admin/")) == "ru"


def test_a_new_log_in_without_a_stored_choice_is_kazakh(officer):
    browser = Client(HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    response = log_in(browser, "officer")
    assert response.cookies[COOKIE].value == "kk"
    assert html_lang(browser.get("/admin/")) == "kk"


@pytest.mark.parametrize("accept", ["de-DE,de;q=0.9", "fr", "en-US,en;q=0.9", "zh-CN"])
def test_a_browser_asking_for_a_language_we_do_not_offer_gets_kazakh(db, accept):
    page = Client(HTTP_ACCEPT_LANGUAGE=accept).get(reverse("admin:login"))
    assert page.status_code == 200
    assert html_lang(page) == "kk"
    assert "Кіру" in page.content.decode()  # "Log in"


def test_a_browser_asking_for_russian_gets_russian_before_log_in(db):
    page = Client(HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").get(reverse("admin:login"))
    assert html_lang(page) == "ru"


def test_the_log_in_page_has_the_switch_too(db):
    browser = Client()
    html = browser.get(reverse("admin:login")).content.decode()
    assert 'class="language-switch"' in html
    response = browser.post(reverse("set_language_remembered"), {"language": "ru", "next": reverse("admin:login")})
    assert response.status_code == 302 and response.cookies[COOKIE].value == "ru"
    assert html_lang(browser.get(reverse("admin:login"))) == "ru"


def test_an_explicit_developer_choice_of_english_is_honoured_but_not_stored(client, officer):
    log_in(client, "officer")
    client.post(reverse("set_language_remembered"), {"language": "en", "next": "/admin/"})
    assert html_lang(client.get("/admin/")) == "en"
    officer.profile.refresh_from_db()
    assert officer.profile.language == "kk"


def test_an_unknown_language_changes_nothing(client, officer):
    log_in(client, "officer")
    response = client.post(reverse("set_language_remembered"), {"language": "xx", "next": "/admin/"})
    assert response.status_code == 302
    officer.profile.refresh_from_db()
    assert officer.profile.language == "kk"
    assert html_lang(client.get("/admin/")) == "kk"


def test_the_switch_is_post_only(client, officer):
    log_in(client, "officer")
    assert client.get(reverse("set_language_remembered") + "?language=ru").status_code == 405
    officer.profile.refresh_from_db()
    assert officer.profile.language == "kk"


def test_a_foreign_next_url_is_not_followed(client, officer):
    log_in(client, "officer")
    response = client.post(reverse("set_language_remembered"), {"language": "ru", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


# --- local formats -----------------------------------------------------------------------------


def test_kazakh_dates_and_numbers_use_the_local_formats():
    with translation.override("kk"):
        assert formats.date_format(date(2026, 11, 24), "SHORT_DATE_FORMAT") == "24.11.2026"
        assert formats.date_format(datetime(2026, 11, 24, 9, 5), "SHORT_DATETIME_FORMAT") == "24.11.2026 09:05"
        long_date = formats.date_format(date(2026, 11, 24))
        assert long_date.startswith("24 ") and long_date.endswith("2026 ж."), long_date
        # a decimal comma and a non-breaking space between thousands (USE_THOUSAND_SEPARATOR)
        assert formats.number_format(Decimal("1234.5"), 2) == "1\xa0234,50"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d.%m.%Y"
    with translation.override("ru"):
        assert formats.date_format(date(2026, 11, 24), "SHORT_DATE_FORMAT") == "24.11.2026"
        assert formats.number_format(Decimal("1234.5"), 2) == "1\xa0234,50"


def test_deadline_and_timeline_panels_show_times_with_the_zone(db):
    from cases.models import Deadline, TransitionLog

    utc = ZoneInfo("UTC")
    deadline = Deadline(
        rule_code="s004.warning_letter", citation="№ 267-НҚ бұйрық, 5-т.",
        start=datetime(2026, 11, 24, 4, 0, tzinfo=utc), due=datetime(2026, 11, 27, 13, 0, tzinfo=utc),
        met_at=datetime(2026, 11, 26, 5, 30, tzinfo=utc),
    )
    html = render_to_string("cases/deadlines_panel.html", {"deadlines": [deadline]})
    # 04:00 UTC is 09:00 in Almaty (UTC+5); every time carries its zone.
    assert "24.11.2026 09:00 (Asia/Almaty)" in html
    assert "27.11.2026 18:00 (Asia/Almaty)" in html
    assert "26.11.2026 10:30 (Asia/Almaty)" in html
    log = TransitionLog(transition="send_warning", source="detected", target="warning_sent", at=datetime(2026, 11, 24, 4, 0, tzinfo=utc))
    assert "24.11.2026 09:00 (Asia/Almaty)" in render_to_string("cases/timeline_panel.html", {"logs": [log]})
