"""The browser tests' Chromium and where they save their screenshots.

A test run modifies no tracked file: the screenshots go to the test's temporary directory and the
tests check them there. Only ``manage.py take_manual_screenshots`` (manual/management/commands)
points ``MANUAL_SCREENSHOTS_DIR`` at ``docs/manual/screenshots/`` to retake the manual's pictures.

Chromium comes from ``scripts/install_browser.sh`` (apt); in CI (CI=true) a missing browser
fails the test instead of skipping it.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from manual.management.commands.take_manual_screenshots import SCREENSHOTS_ENV

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def require_browser():
    missing = []
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing.append(f"{CHROMIUM} (run scripts/install_browser.sh)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install playwright==1.65.2)")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def chromium():
    """Headless Chromium under Playwright's sync API.

    While Playwright runs, an asyncio event loop runs in this thread, and Django then keeps the
    database connections opened meanwhile (the test's ORM calls between browser steps) apart from
    the thread's usual ones (asgiref's Local). The test database's teardown never sees them: they
    are closed here, before the loop stops, or each would leave a session open and PostgreSQL
    could not drop ``test_<name>`` ("database is being accessed by other users").
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


def screenshot_dir(tmp_path: Path) -> Path:
    """The directory the command asked for, else one inside the test's temporary directory."""
    directory = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path / "screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def screenshots(tmp_path) -> Path:
    return screenshot_dir(tmp_path)


def shot(page, directory: Path, name: str) -> None:
    page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


def assert_screenshots(directory: Path, names) -> None:
    """Every named screenshot was taken and is a real, non-empty PNG image."""
    for name in names:
        path = directory / f"{name}.png"
        assert path.is_file(), f"no screenshot {path}"
        with path.open("rb") as image:
            head = image.read(len(PNG_SIGNATURE))
        assert head == PNG_SIGNATURE and path.stat().st_size > 1000, path


@pytest.fixture
def live_demo(live_server, settings, tmp_path, monkeypatch):
    """The full demo (a case at every stage) behind a live server, for a browser logged in without
    the second factor (the pages, not the log-in, are under test): (base URL, world, password)."""
    require_browser()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False
    from registries.demo import DEMO_PASSWORD, load_full_demo

    return live_server.url, load_full_demo(), DEMO_PASSWORD
