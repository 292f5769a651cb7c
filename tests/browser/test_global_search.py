"""The header's search box in a real browser (issue 19 item 7): typed into on any admin page it
opens the results grouped by procedure, each row linking to its record; at 1366×768 the header
and the results need no horizontal scroll; another organisation finds nothing by an exact IMEI."""

import pytest

from tests.browser.conftest import assert_screenshots, chromium, screenshot_dir, shot
from tests.browser.test_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORT = {"width": 1366, "height": 768}


@pytest.fixture
def search_env(live_demo):
    base, _world, password = live_demo
    return base, password




def _search_from_the_header(page, term):
    page.fill("#header-search-q", term)
    page.press("#header-search-q", "Enter")
    page.wait_for_load_state()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_header_box_finds_a_device_by_imei_and_a_notification_by_domain(search_env, tmp_path):
    from cases.devices.models import DemandDevice, DeviceStatus

    base, password = search_env
    line = DemandDevice.objects.filter(status=DeviceStatus.NOTIFIED).select_related("operator", "demand").first()
    directory = screenshot_dir(tmp_path)
    with chromium() as browser:
        page = browser.new_context(locale="kk-KZ", viewport=VIEWPORT).new_page()
        log_in(page, base, "officer", password)
        page.goto(f"{base}/admin/")
        box = page.locator("#header-search-q")
        assert box.is_visible() and box.get_attribute("placeholder")
        assert page.locator("label[for=header-search-q]").count() == 1
        assert _fits(page)
        shot(page, directory, "header")

        _search_from_the_header(page, line.imei)
        assert "/admin/search/" in page.url
        assert page.locator("#search-devices").count() == 1
        page.locator("#search-devices a", has_text=line.imei).first.click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/admin/devices/devicedemand/{line.demand_id}/change/")

        _search_from_the_header(page, "qazaq-shop.example.kz")
        assert page.locator("#search-violations tbody tr").count() >= 1
        assert _fits(page)
        shot(page, directory, "domain")

        _search_from_the_header(page, "жоқ-нәрсе-zzz")
        assert page.locator("#search-nothing").count() == 1
        shot(page, directory, "nothing")

        other = browser.new_context(locale="kk-KZ", viewport=VIEWPORT).new_page()
        stranger = {"kcell": "beeline", "beeline": "kcell"}[_operator_user(line)]
        log_in(other, base, stranger, password)
        other.goto(f"{base}/admin/")
        _search_from_the_header(other, line.imei)
        assert other.locator("#search-nothing").count() == 1
        assert other.locator("#search-devices").count() == 0
    assert_screenshots(directory, ("header", "domain", "nothing"))


def _operator_user(line) -> str:
    from registries.models import UserProfile

    return UserProfile.objects.filter(organisation=line.operator, user__username__in=("kcell", "beeline")).values_list(
        "user__username", flat=True
    ).get()
