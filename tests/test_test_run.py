"""The test run leaves the tree and the servers as it found them (issue 20 item 4): what it writes
goes outside the repository (tests/conftest.py)."""

from pathlib import Path

from django.conf import settings


def test_files_written_by_the_run_go_outside_the_repository():
    repository = Path(settings.BASE_DIR).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        directory = Path(getattr(settings, name)).resolve()
        assert directory.is_dir(), name  # STATIC_ROOT exists, as after collectstatic: no WhiteNoise warning
        assert not directory.is_relative_to(repository), name


def test_celery_beat_keeps_its_schedule_outside_the_repository():
    from config.celery import app

    schedule = Path(app.conf.beat_schedule_filename).resolve()
    assert not schedule.is_relative_to(Path(settings.BASE_DIR).resolve())
