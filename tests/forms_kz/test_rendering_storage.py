"""Issued letters on either file store (the local folder MEDIA_ROOT or an S3-compatible object
store): the PDF is written when the issue commits, its SHA-256 is the stored one, a re-render gives
the same bytes, and the permission-checked downloads stream it from the store."""

import hashlib

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from forms_kz.models import OutgoingLetter
from forms_kz.rendering import render_letter
from forms_kz.services import issue_letter
from tests.config.s3 import BUCKET, object_store

from .factories import make_draft

pytestmark = pytest.mark.django_db


def issue(demo, capture, form_code="s004-app2"):
    """Issue a draft; its commit runs the on-commit write of the PDF (as the request's commit does)."""
    letter = make_draft(demo, form_code)
    with capture(execute=True), transaction.atomic():
        issue_letter(letter, by=demo["users"]["officer"])
    return OutgoingLetter.objects.get(pk=letter.pk)


def downloaded(user, letter) -> tuple[int, bytes]:
    api = APIClient()
    api.force_authenticate(user)
    answer = api.get(f"/api/v1/letters/{letter.pk}/pdf/")
    return answer.status_code, b"".join(answer.streaming_content) if answer.status_code == 200 else b""


def check_letter(demo, stored: bytes, letter):
    assert hashlib.sha256(stored).hexdigest() == letter.sha256
    assert render_letter(letter) == stored  # byte-identical re-render from the stored fields
    assert downloaded(demo["users"]["officer"], letter) == (200, stored)
    assert downloaded(demo["users"]["kcell"], letter)[0] == 404  # another organisation's letter


def test_an_issued_letter_in_the_local_folder(demo, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    letter = issue(demo, django_capture_on_commit_callbacks)
    stored = (tmp_path / "media" / letter.pdf.name).read_bytes()
    check_letter(demo, stored, letter)


def test_an_issued_letter_in_the_object_store(demo, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    with object_store(settings) as client:
        letter = issue(demo, django_capture_on_commit_callbacks)
        assert letter.pdf.name.startswith("letters/")
        stored = client.get_object(Bucket=BUCKET, Key=letter.pdf.name)["Body"].read()
        assert stored.startswith(b"%PDF")
        check_letter(demo, stored, letter)
        assert not (tmp_path / "media").exists()  # nothing on the node's own disk


def test_a_letter_whose_upload_failed_is_served_by_re_rendering(
    demo, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The object store down when the issue committed: the letter stays issued and its download
    renders it again from the stored fields (the same bytes, checked against the SHA-256)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with object_store(settings) as client:
        client.delete_bucket(Bucket=BUCKET)  # every write fails
        letter = issue(demo, django_capture_on_commit_callbacks)
        assert letter.register_number and letter.sha256
        status, content = downloaded(demo["users"]["officer"], letter)
        assert status == 200 and hashlib.sha256(content).hexdigest() == letter.sha256
