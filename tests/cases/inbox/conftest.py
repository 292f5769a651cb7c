import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://compliance.example.kz"


@pytest.fixture
def world(demo):
    """The demo world with the state bodies' reporters on their accepted staff lists (seed 001
    p. 5: only listed staff submit)."""
    from tests.cases.violations.factories import list_demo_reporters

    list_demo_reporters(demo)
    return demo


@pytest.fixture
def report(world):
    from tests.cases.violations.factories import complete_report

    return complete_report(world)


@pytest.fixture
def steps(django_capture_on_commit_callbacks):
    """Take a step through its service and run what waits for the commit (the notices)."""

    def take(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return take
