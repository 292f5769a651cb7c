"""``manage.py take_manual_screenshots``: the only way the manual's screenshots in the repository
change (issue 20 item 4); a plain test run saves them to a temporary directory."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from manual.management.commands import take_manual_screenshots as command
from tests.browser import conftest as browser_conftest


@pytest.fixture
def runs(monkeypatch):
    """The pytest runs the command starts, answered with the given exit code instead of running."""
    calls = type("Calls", (list,), {"exit_code": 0})()

    def fake_run(argv, *, cwd, env, check):
        calls.append({"argv": argv, "cwd": Path(cwd), "env": env})
        return subprocess.CompletedProcess(argv, calls.exit_code)

    monkeypatch.setattr(command.subprocess, "run", fake_run)
    return calls


def test_runs_the_browser_tests_into_the_manuals_directory(runs, settings, tmp_path):
    settings.MANUAL_SCREENSHOT_DIR = tmp_path / "manual-shots"
    call_command("take_manual_screenshots", stdout=(out := io.StringIO()))
    (run,) = runs
    assert run["argv"][:3] == [sys.executable, "-m", "pytest"] and "tests/browser" in run["argv"]
    assert run["cwd"] == Path(settings.BASE_DIR)
    assert run["env"][command.SCREENSHOTS_ENV] == str((tmp_path / "manual-shots").resolve())
    assert run["env"]["CI"] == "1"  # a missing Chromium fails instead of skipping
    assert (tmp_path / "manual-shots").is_dir()
    assert str((tmp_path / "manual-shots").resolve()) in out.getvalue()


def test_only_the_manuals_own_pictures_are_kept(monkeypatch, tmp_path):
    """The browser tests save other pictures too (the crawl, axe-core): the command keeps the ones
    manual/pages.py shows and whatever the directory held before."""
    (tmp_path / "mine.png").write_bytes(b"kept")

    def fake_run(argv, *, cwd, env, check):
        for name in ("home.png", "axe-home-officer-kk.png", "p-admin-kk-home.png"):
            (Path(env[command.SCREENSHOTS_ENV]) / name).write_bytes(b"png")
        return subprocess.CompletedProcess(argv, 0)

    monkeypatch.setattr(command.subprocess, "run", fake_run)
    call_command("take_manual_screenshots", "--output", str(tmp_path), stdout=io.StringIO())

    assert sorted(path.name for path in tmp_path.glob("*.png")) == ["home.png", "mine.png"]


def test_output_option_chooses_the_directory(runs, tmp_path):
    call_command("take_manual_screenshots", "--output", str(tmp_path / "elsewhere"), stdout=io.StringIO())
    assert runs[0]["env"][command.SCREENSHOTS_ENV] == str((tmp_path / "elsewhere").resolve())


def test_failed_browser_tests_fail_the_command(runs, tmp_path):
    runs.exit_code = 1
    with pytest.raises(CommandError):
        call_command("take_manual_screenshots", "--output", str(tmp_path), stdout=io.StringIO())


def test_a_test_run_saves_screenshots_outside_the_repository(monkeypatch, tmp_path, settings):
    """Without the command's variable the browser tests' directory is the test's temporary one."""
    monkeypatch.delenv(command.SCREENSHOTS_ENV, raising=False)
    directory = browser_conftest.screenshot_dir(tmp_path)
    assert directory.is_dir() and directory.is_relative_to(tmp_path)
    assert not directory.resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    monkeypatch.setenv(command.SCREENSHOTS_ENV, str(tmp_path / "asked"))
    assert browser_conftest.screenshot_dir(tmp_path) == tmp_path / "asked"
