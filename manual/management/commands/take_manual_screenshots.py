"""Retake the officials' manual screenshots (``docs/manual/screenshots/``) in Chromium.

The browser tests (``tests/browser/``) drive the screens the manual shows (manual/pages.py) from
the demo world. A plain test run saves their screenshots to a temporary directory, so it modifies
no tracked file; this command runs the same tests with ``MANUAL_SCREENSHOTS_DIR`` pointing at the
manual's directory, so the pictures in the repository change only when someone asks for it.
Needs the development requirements (pytest, Playwright) and Debian's Chromium
(``scripts/install_browser.sh``); a missing browser fails the command instead of skipping.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from manual.pages import SCREENSHOT_NAMES
from manual.views import screenshot_dir

#: The variable the browser tests read (tests/browser/conftest.py): where to save the screenshots.
SCREENSHOTS_ENV = "MANUAL_SCREENSHOTS_DIR"


def pytest_command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-m", "browser", "tests/browser", *extra]


class Command(BaseCommand):
    help = "Retake the manual's screenshots in Chromium (runs tests/browser; needs the dev requirements)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="directory to save to (default: the manual's screenshot directory)",
        )

    def handle(self, *args, output=None, **options):
        directory = (output or screenshot_dir()).resolve()
        directory.mkdir(parents=True, exist_ok=True)
        # CI=1: a missing browser fails the tests instead of skipping them (tests/browser/test_flow.py).
        env = {**os.environ, SCREENSHOTS_ENV: str(directory), "CI": "1"}
        before = set(directory.glob("*.png"))
        # A fixed argument list of this interpreter and the repository's own tests: no shell, no user input.
        result = subprocess.run(pytest_command(), cwd=settings.BASE_DIR, env=env, check=False)  # noqa: S603
        # the browser tests also save pictures the manual does not show (the crawl, axe-core): only
        # the manual's own (manual/pages.py) are kept
        for path in directory.glob("*.png"):
            if path.name not in SCREENSHOT_NAMES and path not in before:
                path.unlink()
        if result.returncode != 0:
            raise CommandError(
                _("The browser tests failed (exit code %(code)s): the screenshots were not all retaken.")
                % {"code": result.returncode}
            )
        self.stdout.write(self.style.SUCCESS(_("Screenshots saved to %(directory)s") % {"directory": directory}))
