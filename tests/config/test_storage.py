"""Uploads and issued letters go through Django's STORAGES: the local folder MEDIA_ROOT by default,
an S3-compatible object store when ``S3_BUCKET`` is set; downloads stay behind the
permission-checked views (never a bucket URL)."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from rest_framework.test import APIClient

from cases.platforms.models import PlatformEvidence
from cases.uploads import GuardedStorage
from config.production import production_problems, require_production_settings
from registries.scoping import organisation_of

from .s3 import BUCKET, object_store

ROOT = Path(__file__).resolve().parent.parent.parent


def settings_value(expression, **variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "DJANGO_SETTINGS_MODULE"))}
    env.update({"DEBUG": "0", "SECRET_KEY": "x" * 50, **variables})
    code = f"import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; from django.conf import settings; print({expression})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_local_folder_is_the_default_store():
    assert settings_value("settings.STORAGES['default']['BACKEND']") == "django.core.files.storage.FileSystemStorage"


def test_s3_bucket_selects_the_object_store_with_private_objects():
    options = settings_value(
        "sorted(settings.STORAGES['default']['OPTIONS'].items())",
        S3_BUCKET="letters",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        S3_ACCESS_KEY_ID="id",
        S3_SECRET_ACCESS_KEY="secret",
    )
    backend = settings_value("settings.STORAGES['default']['BACKEND']", S3_BUCKET="letters")
    assert backend == "storages.backends.s3.S3Storage"
    assert "('bucket_name', 'letters')" in options and "('endpoint_url', 'http://127.0.0.1:9000')" in options
    assert "('default_acl', None)" in options and "('file_overwrite', False)" in options


@pytest.mark.parametrize("store", ["local", "s3"])
def test_guarded_storage_keeps_files_in_the_configured_store(settings, tmp_path, store):
    settings.MEDIA_ROOT = tmp_path / "media"
    storage = GuardedStorage("platform-evidence-file")
    if store == "local":
        name = storage.save("platforms/evidence/2026/12/a.png", ContentFile(b"\x89PNG local"))
        assert isinstance(storage.backend, FileSystemStorage)
        assert (tmp_path / "media" / name).read_bytes() == b"\x89PNG local"
        assert storage.open(name).read() == b"\x89PNG local"
        assert storage.url(name).startswith("/api/v1/platform-evidence/")
        return
    with object_store(settings) as client:
        name = storage.save("platforms/evidence/2026/12/a.png", ContentFile(b"\x89PNG s3"))
        assert client.get_object(Bucket=BUCKET, Key=name)["Body"].read() == b"\x89PNG s3"
        assert not (tmp_path / "media").exists()  # nothing on the node's disk
        assert storage.exists(name) and storage.size(name) == len(b"\x89PNG s3")
        assert storage.open(name).read() == b"\x89PNG s3"
        # a second file of the same name never overwrites the first
        other = storage.save("platforms/evidence/2026/12/a.png", ContentFile(b"other"))
        assert other != name and storage.open(name).read() == b"\x89PNG s3"
        # the URL is the guarded view, never the bucket's
        url = storage.url(name)
        assert url.startswith("/api/v1/platform-evidence/") and BUCKET not in url and "amazonaws" not in url
        # the object is private: no grant to everyone
        grants = client.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
        assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")]


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["local", "s3"])
def test_evidence_on_either_store_is_streamed_only_to_who_may_see_the_case(demo, settings, tmp_path, store):
    from tests.cases.platforms.factories import ContentCaseFactory
    from tests.cases.platforms.test_evidence import png

    settings.MEDIA_ROOT = tmp_path / "media"
    officer = demo["users"]["officer"]
    committee = organisation_of(officer)
    content = png()

    def scenario():
        case = ContentCaseFactory(organisation=committee)
        item = PlatformEvidence(
            case=case, url="https://video.example.com/watch?v=1", screenshot=ContentFile(content, name="shot.png")
        )
        item.full_clean()
        item.save()
        api = APIClient()
        api.force_authenticate(officer)
        answer = api.get(item.screenshot.url)
        assert answer.status_code == 200 and b"".join(answer.streaming_content) == content
        assert hashlib.sha256(content).hexdigest() == item.sha256
        stranger = APIClient()
        stranger.force_authenticate(demo["users"]["kcell"])
        assert stranger.get(item.screenshot.url).status_code == 404
        item.screenshot.storage.delete(item.screenshot.name)
        assert api.get(item.screenshot.url).status_code == 404  # gone from the store: 404, not 500
        return item

    if store == "local":
        item = scenario()
        assert item.screenshot.name.startswith("platforms/evidence/")
    else:
        with object_store(settings) as client:
            scenario()
            assert not (tmp_path / "media").exists()
            assert client.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0  # deleted above


def test_storages_default_follows_the_setting(settings):
    with object_store(settings):
        assert type(storages["default"]).__name__ == "S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert isinstance(storages["default"], FileSystemStorage)


# --- start-up refusals (config.production) --------------------------------------------------------

GOOD = {
    "SECRET_KEY": "s" * 50,
    "ALLOWED_HOSTS": "compliance.example.kz",
    "PUBLIC_BASE_URL": "https://compliance.example.kz",
}


def test_a_complete_production_environment_passes(settings):
    settings.DEBUG = False
    assert production_problems(GOOD, static=False) == []


@pytest.mark.parametrize("missing", ["ALLOWED_HOSTS", "PUBLIC_BASE_URL"])
def test_a_missing_production_variable_is_named(settings, missing):
    settings.DEBUG = False
    environ = {k: v for k, v in GOOD.items() if k != missing}
    [problem] = production_problems(environ, static=False)
    assert problem.startswith(f"{missing} is not set")


def test_the_public_base_url_must_be_https(settings):
    settings.DEBUG = False
    [problem] = production_problems({**GOOD, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}, static=False)
    assert "PUBLIC_BASE_URL must be an https:// address" in problem


def test_static_files_not_collected_are_named_with_the_command(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    [problem] = production_problems(GOOD)
    assert "staticfiles.json is missing" in problem and "collectstatic" in problem
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text("{}")
    assert production_problems(GOOD) == []


def test_development_needs_none_of_them(settings):
    settings.DEBUG = True
    assert production_problems({}) == []


def test_require_production_settings_lists_every_problem(settings, monkeypatch):
    settings.DEBUG = False
    for name in ("ALLOWED_HOSTS", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ImproperlyConfigured) as error:
        require_production_settings(static=False)
    assert "ALLOWED_HOSTS is not set" in str(error.value) and "PUBLIC_BASE_URL is not set" in str(error.value)
