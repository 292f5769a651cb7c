import os
import shutil
import tempfile
from pathlib import Path

import pytest

_run_dir = None


def pytest_configure(config):
    """The test run reads the production settings (DEBUG off): give it the key and the plain HTTP
    the test client speaks. Set once, before any client, server or signed value exists.

    The run leaves the tree as it found it: uploads and issued letters go to a MEDIA_ROOT of its
    own outside the repository, removed at its end (tests that look at the files still set their
    own ``tmp_path``). With DEBUG off WhiteNoise serves STATIC_ROOT, which a production start fills
    with ``collectstatic`` (config.production): the run gets an empty one of its own there too (the
    test client and the live server find static files through the finders)."""
    global _run_dir
    from django.conf import settings

    if not os.environ.get("SECRET_KEY"):
        settings.SECRET_KEY = "tests-only-secret-key-" + "0123456789abcdef" * 3
    settings.SECURE_SSL_REDIRECT = False
    _run_dir = Path(tempfile.mkdtemp(prefix="compliance-tests-"))
    settings.MEDIA_ROOT = _run_dir / "media"
    settings.STATIC_ROOT = _run_dir / "static"
    for directory in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        directory.mkdir()


def pytest_unconfigure(config):
    if _run_dir is not None:
        shutil.rmtree(_run_dir, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests run when DATABASE_URL points at PostgreSQL; with REQUIRE_POSTGRES
    set (CI) they must run there, never silently skip."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL-only: runs in the PostgreSQL pass of .ci/run"))


@pytest.fixture
def demo(db):
    """The demo world: organisations of every kind and one user per role."""
    from registries.demo import load_demo

    return load_demo()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (kk) and leaves no language active behind it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_content_types_in_transactional_tests(request):
    """A transactional test's flush recreates content types with new ids: the process-wide
    ContentType cache must not hand an earlier test's ids to the next one."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
    )
    if transactional:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fast hashing; the authorised body's second factor is switched off except in the tests
    of log-in security (tests/registries/test_security.py), which switch it back on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False


@pytest.fixture(autouse=True)
def _close_client_responses(monkeypatch):
    """The test client, like a WSGI server, closes every response when the test ends.

    A test that looks only at a download's status leaves the FileResponse's file open until the
    garbage collector finds it (``ResourceWarning: unclosed file``): Django's test client closes a
    streamed response only once its content has been read to the end."""
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.test.client import Client

    responses = []
    request = Client.request

    def request_and_keep(self, *args, **kwargs):
        response = request(self, *args, **kwargs)
        responses.append(response)
        return response

    monkeypatch.setattr(Client, "request", request_and_keep)
    yield
    # As the test client does: closing fires request_finished, which must not close the test's
    # database connection (it may hold the test's transaction).
    request_finished.disconnect(close_old_connections)
    try:
        for response in responses:
            if response.streaming:
                response.close()
    finally:
        request_finished.connect(close_old_connections)
