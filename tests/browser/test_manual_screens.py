"""Screenshots of the procedures' main screens for the officials' manual (manual/pages.py), taken
in Chromium from the demo world so the manual shows the screens as they are today. The
notification flow's own screenshots come from test_flow.py. They are saved to a temporary
directory (conftest.screenshots) unless ``manage.py take_manual_screenshots`` runs the test."""

import pytest
from django.core.management import call_command

from .conftest import assert_screenshots, chromium, require_browser, shot
from .test_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_server(live_server, settings, tmp_path, monkeypatch):
    require_browser()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.DEBUG = True  # load_demo refuses outside a development run (its password is public)
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    from registries.demo import DEMO_PASSWORD

    return live_server.url, DEMO_PASSWORD


def first_change_url(model) -> str:
    case = model.objects.order_by("-pk").first()
    assert case is not None, f"the demo has no {model._meta.label}"
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{case.pk}/change/"


def test_manual_screens_in_chromium(demo_server, screenshots):
    from cases.devices.models import DeviceDemand
    from cases.egov.models import Complaint
    from cases.platforms.models import PlatformCase
    from registries.sweeps.models import AccountSweep

    base, password = demo_server
    # (user, page, screenshot name of manual/pages.py)
    screens = [
        ("admin", "/admin/stafflists/stafflist/import/", "stafflists-import-preview"),
        ("admin", first_change_url(AccountSweep), "sweeps-sweep"),
        ("admin", first_change_url(PlatformCase), "platforms-case"),
        ("sts", "/admin/platforms/trafficstatistic/", "platforms-statistics"),
        ("admin", first_change_url(DeviceDemand), "devices-demand"),
        ("kcell", "/admin/devices/demanddevice/", "devices-lines"),
        ("admin", first_change_url(Complaint), "egov-complaint"),
    ]
    with chromium() as browser:
        for username in dict.fromkeys(user for user, _url, _name in screens):
            context = browser.new_context(locale="kk-KZ", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            log_in(page, base, username, password)
            for user, url, name in screens:
                if user != username:
                    continue
                response = page.goto(f"{base}{url}")
                assert response.status == 200, (url, response.status)
                assert "/admin/login/" not in page.url
                shot(page, screenshots, name)
            context.close()
    assert_screenshots(screenshots, [name for _user, _url, name in screens])
