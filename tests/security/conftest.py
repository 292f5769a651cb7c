"""The shared demo world of the security tests.

The whole demo (``manage.py load_demo``: the organisations, one user per role, and every app's
``demo.load(world)``) is loaded once for this package inside one transaction that is rolled back
when its last test ends, so the access matrix runs against rows owned by many organisations without
reloading them for every cell, and no test outside tests/security sees them.
"""

import shutil
import tempfile
from importlib import import_module

import pytest
from django.apps import apps
from django.db import transaction
from django.test.utils import override_settings


def load_full_demo():
    """What ``manage.py load_demo`` does: the registries' world, then every app's ``demo.load``."""
    from registries.demo import load_demo

    world = load_demo()
    for config in apps.get_app_configs():
        if config.name == "registries":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        module.load(world)
    return world


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
