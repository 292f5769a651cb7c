"""A case list's export buttons and saved filters in a real browser (issue 19 item 8), in
Kazakh at 1366×768: the buttons sit in the list's tools without horizontal scroll, the saved
filters panel saves, lists and deletes a view, and the CSV downloaded starts with the BOM and
its Kazakh headings. Chromium and its fixtures come from ``tests/browser``."""

from pathlib import Path

import pytest

from tests.browser.conftest import chromium, screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORT = {"width": 1366, "height": 768}
LIST = "/admin/platforms/platformcase/"


@pytest.fixture
def exports_env(live_demo):
    base, _world, password = live_demo
    return base, password


def test_export_buttons_and_saved_filters(exports_env, tmp_path):
    from cases.exports.models import SavedView

    base, password = exports_env
    directory = screenshot_dir(tmp_path)
    with chromium() as browser:
        context = browser.new_context(locale="kk-KZ", viewport=VIEWPORT, accept_downloads=True)
        page = context.new_page()
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", "officer")
        page.fill("#id_password", password)
        page.click("#login-form [type=submit]")
        page.wait_for_load_state()
        page.goto(f"{base}{LIST}?o=-1")
        assert page.locator("#export-csv").is_visible()
        assert page.locator("#export-xlsx").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

        page.click("#saved-views summary")
        assert page.locator(".exports-panel").is_visible()
        page.fill("#saved-view-name", "Менің тізімім")
        page.click(".exports-save button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".messagelist .success", has_text="Менің тізімім").count() == 1
        assert SavedView.objects.filter(name="Менің тізімім", query_string="o=-1").exists()
        page.click("#saved-views summary")
        assert page.locator(".exports-view-list a", has_text="Менің тізімім").is_visible()
        page.screenshot(path=str(directory / "exports-saved-filters-kk.png"))

        with page.expect_download() as download:
            page.click("#export-csv")
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        heading = data.decode("utf-8-sig").splitlines()[0]
        assert "күйі" in heading

        if not page.locator(".exports-delete").is_visible():  # the download left the panel as it was
            page.click("#saved-views summary")
        page.click(".exports-delete")
        page.wait_for_load_state()
        assert not SavedView.objects.filter(name="Менің тізімім").exists()
        context.close()
