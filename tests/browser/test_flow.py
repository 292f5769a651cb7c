"""The whole notification flow in a real browser (issue 11 item 6): Playwright driving Debian's
Chromium (headless) against the live server.

1. A state body's reporter (prosecutor_reporter) logs in through the log-in form, files a
   prohibited-content notification with a screenshot (a real PNG) by the letter channel and
   submits it — seed 001 p. 9: the Appendix 2 letter is the state body's own notification,
   signed by its head or a deputy, so it is issued on submission.
2. A reviewer of the authorised body (officer) logs in with password and TOTP code, takes the
   notification into review, confirms it (p. 10) and downloads the Appendix 2 PDF.
3. A user of another state body (police_reporter) cannot open the notification, its letter or
   its screenshot.

Screenshots of the key pages go to the test's temporary directory and are checked there; only
``manage.py take_manual_screenshots`` saves them to docs/manual/screenshots/ (the officials' manual).
Chromium: tests/browser/conftest.py.
"""

import re
import time
from pathlib import Path

import pytest

from .conftest import assert_screenshots, chromium, require_browser, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, base, username, password, otp=None):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    if otp is not None:
        # the official types the code of their authenticator app in the log-in form's own field
        page.fill("input[name=otp_token]", otp)
    page.click("#login-form [type=submit]")
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert "/admin/login/" not in page.url, f"{username} could not log in: {errors}"


def png_bytes() -> bytes:
    from cases.violations.demo import tiny_png

    return tiny_png(64, 48)


@pytest.fixture
def browser_env(live_server, settings, tmp_path, monkeypatch):
    require_browser()
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are
    # synchronous and made between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = True  # the officer passes the real second factor
    from registries.demo import DEMO_PASSWORD, load_demo
    from tests.cases.violations.factories import list_demo_reporters

    world = load_demo()
    list_demo_reporters(world)  # seed 001 p. 5: only staff on their body's accepted list submit
    return live_server.url, world, DEMO_PASSWORD


def test_notification_flow_in_chromium(browser_env, screenshots, tmp_path):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.violations.models import ViolationReport, ViolationType
    from forms_kz.models import OutgoingLetter

    base, world, password = browser_env
    users = world["users"]
    device = TOTPDevice.objects.create(user=users["officer"], name="Authenticator", confirmed=True)
    violation_type = ViolationType.objects.filter(is_active=True).order_by("pk").first()
    screenshot = tmp_path / "screenshot.png"
    screenshot.write_bytes(png_bytes())
    started = time.monotonic()

    with chromium() as browser:
        # --- 1. the state body files and submits the notification ---------------------------
        reporter = browser.new_context(locale="kk-KZ", viewport={"width": 1280, "height": 900})
        page = reporter.new_page()
        page.goto(f"{base}/admin/login/")
        shot(page, screenshots, "login")
        log_in(page, base, "prosecutor_reporter", password)
        page.goto(f"{base}/admin/violations/violationreport/add/")
        page.select_option("select[name=violation_type]", str(violation_type.pk))
        page.fill("input[name=legal_act]", "«Масс-медиа туралы» ҚР Заңы")
        page.fill("input[name=legal_norm]", "2-бап, 3-т.")
        page.fill("textarea[name=description]", "Браузер сынағы: есірткі сату сайты")
        page.select_option("select[name=channel]", "letter")
        page.fill("input[name=signatory_position]", "Бас прокурордың орынбасары")
        page.fill("input[name=signatory_name]", "Әбдірахманов Дәурен Серікұлы")
        page.check("input[name=lawfulness_confirmed]")
        page.select_option("select[name=facts-0-kind]", "url")
        page.fill("input[name=facts-0-raw_value]", "https://qazaq-shop.example.kz/kaz/zakaz")
        page.set_input_files("input[name=add_screenshots]", str(screenshot))
        shot(page, screenshots, "violations-report-form")
        page.click("input[name=_continue]")
        page.wait_for_load_state()
        report = ViolationReport.objects.get(description="Браузер сынағы: есірткі сату сайты")
        assert report.organisation == world["organisations"]["prosecutor"]
        assert report.screenshots.count() == 1 and report.facts.count() == 1
        assert re.search(rf"/violationreport/{report.pk}/change/", page.url), page.url
        page.click("button[name=_fsm_transition_to][value=submit]")
        page.wait_for_load_state()
        report.refresh_from_db()
        assert report.state == "submitted", page.content()[:3000]
        letter = OutgoingLetter.objects.for_case(report).get()
        assert letter.state == "issued" and letter.form_code == "s001-app2"
        shot_url = report.screenshots.get().file.url
        reporter.close()

        # --- 2. the authorised body reviews, confirms and downloads the letter --------------
        officer = browser.new_context(locale="kk-KZ", viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = officer.new_page()
        log_in(page, base, "officer", password, otp=f"{totp(device.bin_key):06d}")
        page.goto(f"{base}/admin/violations/violationreport/")
        shot(page, screenshots, "violations-queue")
        page.goto(f"{base}/admin/violations/violationreport/{report.pk}/change/")
        page.click("button[name=_fsm_transition_to][value=take_into_review]")
        page.wait_for_load_state()
        page.click("a[data-step=confirm]")  # an irreversible decision: its page asks once more
        page.wait_for_load_state()
        page.click("#step-form [name=_take_step]")
        page.wait_for_load_state()
        report.refresh_from_db()
        assert report.state == "confirmed", page.content()[:3000]
        assert report.reviewer == users["officer"]
        shot(page, screenshots, "violations-review")
        image = page.request.get(f"{base}{shot_url}")
        assert image.status == 200 and image.body().startswith(b"\x89PNG")
        with page.expect_download() as download_info:
            page.click(f"a[href$='/forms_kz/outgoingletter/{letter.pk}/download/']")
        pdf = Path(download_info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        officer.close()

        # --- 3. another state body cannot open any of it ----------------------------------
        other = browser.new_context(locale="kk-KZ", viewport={"width": 1280, "height": 900})
        page = other.new_page()
        log_in(page, base, "police_reporter", password)
        response = page.goto(f"{base}/admin/violations/violationreport/{report.pk}/change/")
        # The admin answers a record outside the user's scope as missing (redirect to the index).
        assert f"/violationreport/{report.pk}/change/" not in page.url
        assert "Браузер сынағы" not in page.content()
        for url in (
            f"{base}/admin/forms_kz/outgoingletter/{letter.pk}/download/",
            f"{base}{shot_url}",
            f"{base}/api/v1/letters/{letter.pk}/pdf/",
            f"{base}/api/v1/violation-reports/{report.pk}/",
        ):
            response = page.request.get(url)
            assert response.status in (403, 404), (url, response.status)
        response = page.goto(f"{base}/admin/violations/violationreport/")
        assert "Браузер сынағы" not in page.content()
        other.close()
    assert_screenshots(screenshots, ["login", "violations-report-form", "violations-queue", "violations-review"])
    print(f"browser flow: {time.monotonic() - started:.1f} s")
