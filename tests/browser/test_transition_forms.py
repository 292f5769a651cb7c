"""A legal step's page in a real browser (issue 19 item 4): in Kazakh at 1366×768 the page fits
without horizontal scroll, shows the case it acts on, offers the admin's date and time pickers
with the format to type, answers a mistyped date next to the field keeping everything typed, and
an irreversible decision (confirming a notification) asks once more — cancelling changes nothing.
Chromium and its fixtures come from ``tests/browser``."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from cases.admin_mixins import DATETIME_FORMAT_HINT, INVALID_DATE
from tests.browser.conftest import assert_screenshots, chromium, screenshot_dir, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture
def step_env(live_demo):
    base, _world, password = live_demo
    return base, password


def _log_in(browser, base, username, password):
    context = browser.new_context(locale="kk-KZ", viewport=VIEWPORT, timezone_id="Asia/Almaty")
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_load_state()
    assert "/admin/login/" not in page.url, f"{username} could not log in"
    return page


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_decision_asks_once_more_and_a_mistyped_date_keeps_what_was_typed(step_env, tmp_path):
    from cases.violations.models import ViolationReport

    base, password = step_env
    directory = screenshot_dir(tmp_path)
    in_review = ViolationReport.objects.filter(state="in_review").order_by("pk").first()
    draft = ViolationReport.objects.filter(state="draft").order_by("pk").first()
    with translation.override("kk"):
        confirm_text, cancel_text = gettext("Yes, I confirm"), translation.pgettext("leave the step page", "Cancel")
        invalid_date, hint = str(INVALID_DATE), str(DATETIME_FORMAT_HINT)
    with chromium() as browser:
        # --- confirming a notification: the case page links to the step's page, which asks -----
        page = _log_in(browser, base, "officer", password)
        page.goto(f"{base}/admin/violations/violationreport/{in_review.pk}/change/")
        assert page.locator("button[name=_fsm_transition_to][value=confirm]").count() == 0
        page.click("a[data-step=confirm]")
        page.wait_for_load_state()
        assert "/transition/confirm/" in page.url
        assert page.locator(".case-head").count() == 1 and page.locator(".step-consequence").count() == 1
        assert page.locator(".breadcrumbs a").count() >= 4  # home › procedure › list › case
        submit = page.locator("#step-form [name=_take_step]")
        assert submit.get_attribute("value") == confirm_text
        assert _fits(page)
        shot(page, directory, "step-confirmation")
        page.click(f"#step-form a.cancel-link:has-text('{cancel_text}')")
        page.wait_for_load_state()
        assert page.url.endswith(f"/violationreport/{in_review.pk}/change/")
        in_review.refresh_from_db()
        assert in_review.state == "in_review"
        page.context.close()

        # --- a step done earlier, with its real time mistyped ---------------------------------
        page = _log_in(browser, base, draft.reporter.username, password)
        page.goto(f"{base}/admin/violations/violationreport/{draft.pk}/transition/submit/")
        assert page.locator("#id_occurred_at_0.vDateField").count() == 1  # the admin's date picker
        assert page.locator("#id_occurred_at_1.vTimeField").count() == 1
        assert hint in page.inner_text("#step-form")
        page.fill("#id_comment", "Қағаз хатпен жіберілді")
        page.fill("#id_occurred_at_0", "31.02.2026")
        page.fill("#id_occurred_at_1", "10:15")
        page.click("#step-form [name=_take_step]")
        page.wait_for_load_state()
        row = page.locator(".form-row.field-occurred_at")
        assert invalid_date in row.inner_text()
        assert page.input_value("#id_occurred_at_0") == "31.02.2026"
        assert page.input_value("#id_occurred_at_1") == "10:15"
        assert page.input_value("#id_comment") == "Қағаз хатпен жіберілді"
        assert _fits(page)
        shot(page, directory, "step-mistyped-date")
        page.context.close()
    draft.refresh_from_db()
    assert draft.state == "draft"
    assert_screenshots(directory, ["step-confirmation", "step-mistyped-date"])
