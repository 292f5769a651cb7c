"""Reads of the inbox, always scoped to the reader's own organisation (the authorised body too:
an inbox shows what is addressed to one's organisation, never everyone's)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from cases.rules import rule_label
from cases.steps import transition_named
from registries.language import profile_of

from .models import InboxPreference, Notice, NoticeEvent, NoticeRead

#: Before any notice: the watermark of a user who never marked everything read.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _organisation_id(user):
    """The user's organisation id without loading the organisation (the profile is loaded by
    every admin page already; ``organisation_of`` caches the organisation when it was read)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_cached_organisation", False)
    if cached is not False:
        return cached.pk if cached is not None else None
    profile = profile_of(user)
    return profile.organisation_id if profile is not None else None


def notices_for(user):
    """The notices addressed to the user's organisation (none without one)."""
    organisation_id = _organisation_id(user)
    if organisation_id is None:
        return Notice.objects.none()
    return Notice.objects.filter(organisation_id=organisation_id)


def _watermark(user):
    return Coalesce(
        Subquery(InboxPreference.objects.filter(user_id=user.pk).values("read_all_before")[:1]), Value(EPOCH)
    )


def _read_by(user):
    return Exists(NoticeRead.objects.filter(notice=OuterRef("pk"), user_id=user.pk))


def unread(user):
    """The user's unread notices: newer than their "all read" mark and not read one by one."""
    return notices_for(user).filter(created_at__gt=_watermark(user)).exclude(_read_by(user))


#: The header counts at most this many (shown "99+"): the count stays bounded however many
#: notices a user has let pile up.
COUNT_CAP = 100


def unread_count(user, cap: int | None = None) -> int | None:
    """One indexed count: a range of (organisation, created_at) after the user's "all read" mark,
    each row probed in the unique (notice, user) index of the read marks; at most ``cap`` rows
    when given. None for a user without an organisation."""
    if _organisation_id(user) is None:
        return None
    queryset = unread(user).order_by()
    return (queryset[:cap] if cap else queryset).count()


def inbox_page(user):
    """The notices with ``is_read`` for this user, newest first, case and deadline loaded."""
    return (
        notices_for(user)
        .annotate(
            is_read=Case(
                When(Q(created_at__lte=_watermark(user)) | Q(_read_by(user)), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("content_type", "deadline", "reminder", "by")
        .prefetch_related("case")
        .order_by("-created_at", "-pk")
    )


def what_happened(notice) -> str:
    """The step's human label (in the active language), or the reminder point and the term's
    label; never a transition or rule code."""
    from django.utils.translation import gettext as _

    if notice.event == NoticeEvent.REMINDER and notice.reminder_id:
        from cases.monitoring.models import ReminderPoint

        point = ReminderPoint(notice.reminder.point).label
        term = rule_label(notice.deadline.rule_code) if notice.deadline_id else ""
        if term and term != getattr(notice.deadline, "rule_code", None):
            return _("Term reminder (%(point)s): %(term)s") % {"point": point, "term": term}
        return _("Term reminder (%(point)s)") % {"point": point}
    model = notice.content_type.model_class()
    transition = transition_named(model, notice.transition) if model and notice.transition else None
    label = (transition.custom or {}).get("label") if transition is not None else None
    return str(label) if label else _("A step was taken on the case")


def procedure_of(notice) -> str:
    model = notice.content_type.model_class()
    return str(model._meta.verbose_name) if model else ""
