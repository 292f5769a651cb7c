"""Uploads that survive a form's validation error (staging).

A browser never sends a chosen file twice: when a form with file fields is refused (a required
field empty, a fact mistyped), the files of that request would be lost and the record could then
be saved without them. Here every accepted upload of such a form is *staged* at once:

- checked as any upload of the project (``cases.uploads.inspect_upload``: its type read from its
  content, its size), a refused file answered next to its field and never stored;
- stored through the guarded file store (``cases.uploads.GuardedStorage``) under ``staging/``
  with a random name;
- known to the form only by a signed token (``django.core.signing``) naming the stored file and
  the user who uploaded it: the re-displayed form carries the tokens in hidden fields and shows
  "attached: name, size, thumbnail — remove"; a token is honoured only for its own uploader and
  for ``MAX_AGE`` (anyone else, or later: as if it did not exist; the thumbnail answers 404);
- consumed when the form is saved (the staged copy deleted once the transaction commits);
  staged files nobody came back for are deleted after ``MAX_AGE`` (``purge_expired``, run with
  every new upload).

Use: ``StagedUploadsAdminMixin`` on a model admin makes every file field of its form and of its
inlines' forms staged (and mounts the thumbnail view); a plain form gets the same with
``staging_form(form_class, user)``. ``MultipleFileField`` lets several files be chosen at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from tempfile import SpooledTemporaryFile

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from cases.uploads import EXTENSIONS, GuardedStorage, inspect_upload

#: Where staged files are kept in the file store.
PREFIX = "staging"
#: How long a staged file waits for its form to be sent again.
MAX_AGE = timedelta(hours=12)
#: The thumbnail / download view of a staged file (``admin:`` namespace, kwarg ``token``).
URL_NAME = "staged_upload"
#: Hidden inputs of the re-displayed form: ``<field's html name>__staged`` = token;
#: a ``<field's html name>__unstage`` checkbox with the token removes it.
TOKEN_SUFFIX = "__staged"  # nosec B105 - a form field name suffix, not a secret
REMOVE_SUFFIX = "__unstage"

_SALT = "cases.staging.upload"
_SPOOL_BYTES = 2 * 1024 * 1024


def _store():
    return GuardedStorage("admin:" + URL_NAME)


@dataclass(frozen=True)
class StagedFile:
    """One staged upload as its token describes it."""

    token: str
    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def url(self) -> str:
        try:
            return reverse("admin:" + URL_NAME, kwargs={"token": self.token})
        except NoReverseMatch:  # no admin mounts the view: no thumbnail, the name still shows
            return ""

    def exists(self) -> bool:
        return _store().exists(self.stored_name)

    def as_upload(self) -> UploadedFile:
        """A fresh copy of the staged bytes as an uploaded file (as if sent again), named as the
        uploader named it."""
        copy = SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (handed over open, as an upload is)
        with _store().open(self.stored_name, "rb") as stored:
            for chunk in iter(lambda: stored.read(64 * 1024), b""):
                copy.write(chunk)
        copy.seek(0)
        return UploadedFile(copy, name=self.original_name, content_type=self.content_type, size=self.size)

    def discard(self) -> None:
        _store().delete(self.stored_name)


def stage(upload, owner, *, check=inspect_upload) -> StagedFile:
    """Check ``upload`` (``check``: ValidationError if refused) and keep it for ``owner``."""
    content_type, size, sha256 = check(upload)
    purge_expired()
    extension = EXTENSIONS.get(content_type, "bin")
    upload.seek(0)
    stored_name = _store().save(f"{PREFIX}/{uuid.uuid4().hex}.{extension}", upload)
    original_name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:255]
    payload = {"n": stored_name, "o": original_name, "t": content_type, "s": size, "h": sha256, "u": owner.pk}
    return _from_payload(signing.dumps(payload, salt=_SALT, compress=True), payload)


def _from_payload(token, payload) -> StagedFile:
    return StagedFile(token, payload["n"], payload["o"], payload["t"], int(payload["s"]), payload["h"])


def staged_file(token: str, owner) -> StagedFile | None:
    """The staged file of ``token`` if ``owner`` uploaded it, it is not older than ``MAX_AGE`` and
    it is still stored; else None (someone else's token is never honoured)."""
    if owner is None or getattr(owner, "pk", None) is None or not token:
        return None
    try:
        payload = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # tampered, someone's guess, or expired
        return None
    if not isinstance(payload, dict) or payload.get("u") != owner.pk or not str(payload.get("n", "")).startswith(PREFIX + "/"):
        return None
    staged = _from_payload(token, payload)
    return staged if staged.exists() else None


def staged_files(tokens, owner) -> list[StagedFile]:
    """``staged_file`` of each token, in order, without repeats and without the refused ones."""
    found, seen = [], set()
    for token in tokens:
        staged = staged_file(token, owner) if token not in seen else None
        seen.add(token)
        if staged is not None:
            found.append(staged)
    return found


def purge_expired(*, now=None) -> int:
    """Delete the staged files older than ``MAX_AGE`` (their tokens no longer open them); the
    number deleted."""
    store = _store()
    limit = (now or timezone.now()) - MAX_AGE
    try:
        _dirs, names = store.listdir(PREFIX)
    except (FileNotFoundError, NotImplementedError):
        return 0
    deleted = 0
    for name in names:
        stored = f"{PREFIX}/{name}"
        try:
            if store.get_modified_time(stored) < limit:
                store.delete(stored)
                deleted += 1
        except (FileNotFoundError, NotImplementedError):
            continue
    return deleted


def serve_staged(request, token):
    """A staged file's bytes, only to the user who uploaded it (everyone else: 404)."""
    staged = staged_file(token, request.user)
    if staged is None:
        raise Http404
    response = FileResponse(_store().open(staged.stored_name, "rb"), content_type=staged.content_type)
    disposition = "inline" if staged.is_image else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="staged.{staged.stored_name.rsplit(".", 1)[-1]}"'
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- several files at once (Django's documented pattern) ---------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once; cleaned to a list of files (empty when none and not required)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            files = [single(item, initial) for item in data if item]
            if not files and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return files
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


# --- forms -------------------------------------------------------------------------------------


class StagedFilesMedia:
    css = {"all": ["config/file_picker.css"]}


class StagedWidgetMixin:
    """A file widget that also draws the files staged for it (``staged``: hidden tokens, name,
    size, thumbnail and a remove box; config/templates/config/file_picker.html)."""

    staged: list = ()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["staged"] = list(self.staged)
        context["widget"]["token_name"] = name + TOKEN_SUFFIX
        context["widget"]["remove_name"] = name + REMOVE_SUFFIX
        return context


_STAGED_WIDGET_CLASSES: dict[type, type] = {}


def _make_staged(widget):
    cls = type(widget)
    if not issubclass(cls, StagedWidgetMixin):
        staged_cls = _STAGED_WIDGET_CLASSES.get(cls)
        if staged_cls is None:
            staged_cls = type(f"Staged{cls.__name__}", (StagedWidgetMixin, cls), {"Media": StagedFilesMedia})
            _STAGED_WIDGET_CLASSES[cls] = staged_cls
        widget.__class__ = staged_cls
    widget.staged = []
    return widget


def _multi(values):
    """``values`` (a QueryDict, a MultiValueDict or a plain dict) as something with ``getlist``."""
    if hasattr(values, "getlist"):
        return values
    multi = MultiValueDict()
    for key, value in values.items():
        multi.setlist(key, list(value) if isinstance(value, (list, tuple)) else [value])
    return multi


def _refused(upload, error: ValidationError) -> ValidationError:
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    return ValidationError(
        _("“%(name)s” was not attached: %(reason)s"),
        code=getattr(error, "code", None) or "upload_refused",
        params={"name": name, "reason": " ".join(str(m) for m in error.messages)},
    )


class StagingFormMixin:
    """Every file field of the form is staged for ``staging_owner`` before the form is cleaned
    (see the module): the fields then see the staged copies as if they had been sent again.
    ``staging_checks`` maps a field name to its check (default ``inspect_upload``)."""

    staging_owner = None
    # ``staging_checks`` is read from the form class (this mixin comes first in its MRO: no default here)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.staged = {}
        self._staging_errors = {}
        self._staging_done = False
        if self.staging_owner is not None:
            for field in self.fields.values():
                if isinstance(field, forms.FileField):
                    _make_staged(field.widget)

    def file_field_names(self) -> list[str]:
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField) and not field.disabled]

    def full_clean(self):
        if self.is_bound and not self._staging_done and self.staging_owner is not None:
            self._staging_done = True
            self._stage_uploads()
        super().full_clean()
        for name, errors in self._staging_errors.items():
            if name in self.fields:
                if self._errors is not None:
                    self._errors.pop(name, None)  # the refusal says more than "required"
                self.add_error(name, errors)

    def _stage_uploads(self):
        # a formset hands its forms ``{}`` for an empty request.FILES: read as an empty MultiValueDict
        self.data, self.files = _multi(self.data), _multi(self.files)
        for name in self.file_field_names():
            html_name = self.add_prefix(name)
            token_key, remove_key = html_name + TOKEN_SUFFIX, html_name + REMOVE_SUFFIX
            uploads = [u for u in self.files.getlist(html_name) if u]
            if not uploads and token_key not in self.data and remove_key not in self.data:
                continue
            owner = self.staging_owner
            removed = set(self.data.getlist(remove_key))
            tokens = self.data.getlist(token_key)
            kept = []
            for staged in staged_files(tokens, owner):
                if staged.token in removed:
                    staged.discard()
                else:
                    kept.append(staged)
            check = getattr(self, "staging_checks", {}).get(name, inspect_upload)
            errors, new = [], []
            for upload in uploads:
                try:
                    new.append(stage(upload, owner, check=check))
                except ValidationError as error:
                    errors.append(_refused(upload, error))
            multiple = getattr(self.fields[name].widget, "allow_multiple_selected", False)
            if multiple:
                kept += new
            elif new:  # one file: the newly chosen one replaces the one staged before
                for old in kept:
                    old.discard()
                kept = new[-1:]
            self._replace_sent(html_name, token_key, remove_key, kept, multiple)
            self.staged[name] = kept
            self.fields[name].widget.staged = kept
            if errors:
                self._staging_errors[name] = errors

    def _replace_sent(self, html_name, token_key, remove_key, kept, multiple):
        data, files = self.data.copy(), self.files.copy()
        data.setlist(token_key, [staged.token for staged in kept])
        data.pop(remove_key, None)
        copies = [staged.as_upload() for staged in kept]
        if multiple:
            files.setlist(html_name, copies)
        elif copies:
            files[html_name] = copies[0]
        else:
            files.pop(html_name, None)
        self.data, self.files = data, files

    def discard_staged(self):
        """The staged copies are no longer needed: deleted once the transaction commits."""
        for staged_list in self.staged.values():
            for staged in staged_list:
                transaction.on_commit(staged.discard)
        self.staged = {}

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        self.discard_staged()
        return result


def staging_form(form_class, owner):
    """``form_class`` whose file fields are staged for ``owner`` (a user)."""
    if owner is None:
        return form_class
    bases = (form_class,) if issubclass(form_class, StagingFormMixin) else (StagingFormMixin, form_class)
    staged = type(form_class.__name__, bases, {"staging_owner": owner, "__module__": form_class.__module__})
    staged.__qualname__ = form_class.__qualname__
    return staged


class StagedUploadsAdminMixin:
    """A model admin whose form and inlines' forms keep their uploads through a validation error
    (the form and every inline row are staged for the user), with the thumbnail view mounted."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return staging_form(super().get_form(request, obj, change=change, **kwargs), request.user)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = staging_form(formset.form, request.user)
            yield formset, inline

    def get_urls(self):
        view = self.admin_site.admin_view(serve_staged)
        return [path("staged/<str:token>/", view, name=URL_NAME), *super().get_urls()]
