"""The home page in a real browser (issue 19 item 1): as each role, in Kazakh and in Russian, at
1366×768 the page needs no horizontal scroll and shows no raw rule code (``s004.warning_letter``)
-- only the rules' human labels. Chromium and its fixtures come from ``tests/browser``."""

import re

import pytest

from tests.browser.conftest import chromium, screenshot_dir
from tests.browser.test_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = ("officer", "supervisor", "sts", "kcell", "imei_db", "penitentiary", "prosecutor_reporter")
RAW_RULE_CODE = re.compile(r"\bs\d{3}\.[a-z_]+\b")
VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture
def home_env(live_demo):
    base, _world, password = live_demo
    return base, password




def _switch_language(page, language):
    button = page.locator(f"#language-switch button[value={language}]")
    if button.is_enabled():
        button.click()
        page.wait_for_load_state()


def test_home_fits_1366_and_shows_only_human_labels(home_env, tmp_path):
    base, password = home_env
    directory = screenshot_dir(tmp_path)
    problems = []
    with chromium() as browser:
        for username in ROLES:
            context = browser.new_context(locale="kk-KZ", viewport=VIEWPORT)
            page = context.new_page()
            log_in(page, base, username, password)
            for language in ("kk", "ru"):
                _switch_language(page, language)
                page.goto(f"{base}/admin/")
                assert page.locator("#home").count() == 1, f"{username}/{language}: no home page"
                assert page.evaluate("document.documentElement.lang") == language
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    problems.append(f"{username}/{language}: {overflow} px of horizontal scroll")
                text = page.inner_text("body")
                codes = sorted(set(RAW_RULE_CODE.findall(text)))
                if codes:
                    problems.append(f"{username}/{language}: raw rule codes {codes}")
                # the app list is there, folded below the home page
                assert page.locator("details#home-apps").count() == 1
                assert page.evaluate("document.querySelector('details#home-apps').open") is False
                page.screenshot(path=str(directory / f"home-{username}-{language}.png"), full_page=True)
            _switch_language(page, "kk")  # leave the remembered language as it was
            context.close()
    assert not problems, "\n".join(problems)
