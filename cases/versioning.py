"""Optimistic concurrency for every editable record: a stale form never overwrites a newer one.

A record's *version* is a fingerprint of its concrete field values (``version_of``), so no model
needs a version column: a form carries the version it was drawn from (the admin's hidden
``record_version`` field, the API's ``ETag``), and the write compares it with the row read again
under a lock (``select_for_update``, inside the write's transaction). When they differ the write
is refused with who changed the record and when (from django-simple-history's latest record,
where the model keeps history) and nothing is written.

- The admin: ``cases.admin_mixins.VersionedAdminMixin`` (change forms, one-click steps, step pages).
- The API: ``cases.api.ScopedViewSetMixin`` sends ``ETag`` on a detail GET and honours
  ``If-Match`` on PUT / PATCH and on every step POST (``transition_action``): a stale tag answers
  412 ``{"code": "stale_version", ...}``. A request without ``If-Match`` is not checked
  (integrations written before versions existed keep working); ``If-Match: *`` is the same.
"""

import hashlib
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cases.deadlines import ALMATY

#: The form field carrying the version in the admin's change forms and step pages.
VERSION_FIELD = "record_version"

#: Book-keeping columns written on every request of a user (not an edit of the record).
BOOKKEEPING_FIELDS = frozenset({"last_action_at", "last_login"})


def version_of(obj) -> str:
    """The fingerprint of the record's concrete field values (16 hex characters)."""
    values = {
        field.attname: field.value_from_object(obj)
        for field in type(obj)._meta.concrete_fields
        if field.attname not in BOOKKEEPING_FIELDS
    }
    payload = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def locked(obj):
    """The record read again from the database, locked until the caller's transaction ends
    (outside a transaction: read only); None when it no longer exists."""
    rows = type(obj)._base_manager.filter(pk=obj.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    return rows.first()


def last_change(obj) -> tuple[str, str]:
    """(who, when) of the record's latest change, from its history; ("", "") without history."""
    history = getattr(type(obj), "history", None)
    if history is None or not hasattr(history, "filter"):
        return "", ""
    record = (
        type(obj).history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        .select_related("history_user").order_by("-history_date", "-history_id").first()
    )
    if record is None:
        return "", ""
    user = record.history_user
    who = (user.get_full_name() or user.get_username()) if user else gettext("the system")
    return who, timezone.localtime(record.history_date, ALMATY).strftime("%d.%m.%Y %H:%M")


def stale_message(obj) -> str:
    """What the user is told when their form is older than the record."""
    who, when = last_change(obj)
    if who:
        return gettext(
            "%(who)s changed this record at %(when)s, after you opened it. Nothing was saved: "
            "reload the page, check the new version and enter your changes again."
        ) % {"who": who, "when": when}
    return gettext(
        "This record was changed after you opened it. Nothing was saved: reload the page, check "
        "the new version and enter your changes again."
    )


def stale(obj, submitted: str | None) -> str:
    """"" when ``submitted`` is the record's current version (or no version was submitted);
    otherwise the refusal's message. Locks the row: call it inside the write's transaction."""
    if not submitted or obj.pk is None:
        return ""
    current = locked(obj)
    if current is None or version_of(current) == submitted:
        return ""
    return stale_message(current)


def etag(obj) -> str:
    return f'"{version_of(obj)}"'


def if_match_versions(header: str | None) -> list[str] | None:
    """The versions an ``If-Match`` header names (weak tags compare by value); None when the
    header is absent or ``*`` (no check)."""
    if not header or header.strip() == "*":
        return None
    tags = []
    for part in header.split(","):
        tag = part.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.append(tag.strip('"'))
    return tags
