"""Uploaded files of a case, the one mechanism: the file's type read from its content and its size
and hash (``cases.violations.uploads.inspect_upload``), a random stored name with the extension of
that type, a storage whose URL is a guarded view, and that view answering the bytes only to a user
who may see the record (``Model.objects.visible_to``; everyone else 404).

The notifications' screenshots (``cases.violations.uploads``) and the platform cases' evidence use
it; a model using it keeps ``content_type``, ``size``, ``sha256`` and ``original_name`` fields.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.views import APIView

from cases.violations.uploads import EXTENSIONS, inspect_upload

__all__ = [
    "EXTENSIONS", "GuardedFileView", "GuardedStorage", "RandomName", "inspect_upload", "inspect_into", "open_stored", "type_check",
]


@deconstructible
class RandomName:
    """``upload_to``: ``<prefix>/<YYYY>/<MM>/<random>.<extension of the sniffed type>`` — the
    uploader's name and extension are never used."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        extension = EXTENSIONS.get(getattr(instance, "content_type", ""), "bin")
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


class GuardedStorage(Storage):
    """The project's file store (``STORAGES["default"]``: the local folder MEDIA_ROOT or an
    S3-compatible object store) whose URL is the guarded view ``url_name`` (kwarg ``name``), never a
    public path nor a bucket URL: the bytes are streamed from the store by that view.

    Every operation goes to the configured store as it is now (read on each call, so a changed
    setting, e.g. in a test, is followed)."""

    def __init__(self, url_name: str):
        self.url_name = url_name

    @property
    def backend(self) -> Storage:
        return storages["default"]

    def url(self, name):
        return reverse(self.url_name, kwargs={"name": name})

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def size(self, name):
        return self.backend.size(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def path(self, name):
        return self.backend.path(name)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.backend.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


def inspect_into(instance, field: str, *, allowed_types=None, type_message=None) -> None:
    """Fill ``instance``'s ``content_type``, ``size``, ``sha256`` and ``original_name`` from the
    file in ``field`` (once); field-level ValidationError when the content is refused (or its type
    is not among ``allowed_types``)."""
    file = getattr(instance, field)
    if not file or instance.sha256:
        return
    try:
        content_type, size, sha256 = inspect_upload(file)
        if allowed_types is not None and content_type not in allowed_types:
            raise ValidationError(type_message, code="screenshot_type")
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc
    instance.content_type, instance.size, instance.sha256 = content_type, size, sha256
    instance.original_name = (getattr(file, "name", "") or "").rsplit("/", 1)[-1][:255]


def type_check(allowed_types, type_message):
    """An upload check (``inspect_upload`` narrowed to ``allowed_types``), e.g. for a form's
    ``staging_checks`` (``cases.staging``): a refused type is answered before anything is stored."""

    def check(file):
        content_type, size, sha256 = inspect_upload(file)
        if content_type not in allowed_types:
            raise ValidationError(type_message, code="screenshot_type")
        return content_type, size, sha256

    return check


def open_stored(field_file):
    """``field_file`` opened for reading from the file store (local folder or object store), or 404
    when the store no longer holds it."""
    try:
        if not field_file.storage.exists(field_file.name):
            raise Http404
        return field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc


class GuardedFileView(APIView):
    """A stored file's bytes, only to a user who may see its record (everyone else: 404).
    Subclasses set ``model`` and ``field`` (and ``download_name``)."""

    model = None
    field = "file"
    download_name = "file"

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, name):
        record = self.model.objects.visible_to(request.user).filter(**{self.field: name}).first()
        if record is None:
            raise Http404
        handle = open_stored(getattr(record, self.field))
        response = FileResponse(handle, content_type=record.content_type or "application/octet-stream")
        disposition = "inline" if record.content_type.startswith("image/") else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{self.download_name}-{record.pk}.{name.rsplit(".", 1)[-1]}"'
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
