import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = "https://compliance.example.kz"


@pytest.fixture
def find(demo):
    """``find(username, term)`` → {app_label: [hit labels]} of what that demo user finds."""
    from cases.search.query import parse
    from cases.search.registry import run_search

    def search(username, term):
        user = demo["users"][username]
        return {
            procedure.app_label: [hit.label for group in procedure.groups for hit in group.hits]
            for procedure in run_search(parse(term), user)
        }

    return search
