import os

import pytest


def pytest_configure(config):
    """The test run reads the production settings (DEBUG off): give it the key and the plain HTTP
    the test client speaks. Set once, before any client, server or signed value exists."""
    from django.conf import settings

    if not os.environ.get("SECRET_KEY"):
        settings.SECRET_KEY = "tests-only-secret-key-" + "0123456789abcdef" * 3
    settings.SECURE_SSL_REDIRECT = False


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
