"""Screenshots of the detected materials (seed 001 p. 8: "скриншоттарын толық көлемде"): the
file's type read from its content, its size and hash, and a storage served only through the
guarded download view."""

import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_SCREENSHOT_BYTES = 10 * 1024 * 1024

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "application/pdf": "pdf"}


def sniff_content_type(head: bytes) -> str | None:
    """The screenshot's type read from its first bytes (magic numbers), never from its name."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def screenshot_path(instance, filename):
    now = timezone.now()
    extension = EXTENSIONS.get(instance.content_type, "bin")
    return f"violations/screenshots/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def inspect_upload(file) -> tuple[str, int, str]:
    """(content type, size, sha256) of an uploaded file; ValidationError if not PNG/JPEG/WebP/PDF or over 10 MB."""
    size = file.size
    if size is None or size > MAX_SCREENSHOT_BYTES:
        raise ValidationError(_("A screenshot may be at most 10 MB."), code="screenshot_too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="screenshot_empty")
    file.seek(0)
    head = file.read(16)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("Only PNG, JPEG, WebP or PDF files are accepted (recognised by their content, not by the file name)."),
            code="screenshot_type",
        )
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return content_type, size, digest.hexdigest()


def screenshot_storage():
    """The project's file store (local folder or object store: ``cases.uploads.GuardedStorage``),
    whose URL is the guarded download view, never a public path."""
    from cases.uploads import GuardedStorage  # cases.uploads imports this module

    return GuardedStorage("violations:screenshot-file")
