import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _demo_reporters_listed(request):
    """Seed 001 p. 5 with p. 8: only listed staff submit — the demo reporters are on their bodies'
    accepted lists in these tests (tests/cases/violations/test_listed_staff.py proves the refusal)."""
    if "demo" not in request.fixturenames:
        return
    from .factories import list_demo_reporters

    list_demo_reporters(request.getfixturevalue("demo"))
