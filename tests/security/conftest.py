"""The shared demo world of the security tests.

The whole demo (``manage.py load_demo``: the organisations, one user per role, and every app's
``demo.load(world)``) is loaded once for this package inside one transaction that is rolled back
when its last test ends, so the access matrix runs against rows owned by many organisations without
reloading them for every cell, and no test outside tests/security sees them.
"""

import shutil
import tempfile

import pytest
from django.db import transaction
from django.test.utils import override_settings

from registries.demo import load_full_demo


@pytest.fixture(scope="package")
def media_root():
    path = tempfile.mkdtemp(prefix="security-media-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, media_root):
    """The demo world, loaded once for tests/security and rolled back after it."""
    with django_db_blocker.unblock(), override_settings(
        MEDIA_ROOT=media_root,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        OTP_REQUIRED_FOR_AUTHORISED_BODY=False,
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_full_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world_db(world, db, settings, media_root):
    """Use the module's world inside the test's own (nested) transaction."""
    settings.MEDIA_ROOT = media_root
    return world
