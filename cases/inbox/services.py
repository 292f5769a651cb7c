"""Telling the next actor: notices after a step or at a term's reminder point, read marks and
the e-mail preference (keyword-only services).

Who must act after a step: the organisations awaiting the open deadlines the step itself opened
(each with its earliest due time; a term opened by an earlier step was announced by that step, and
its reminder points announce it again) and those the procedure's hook names (``<package>.inbox.next_actors``; see
``cases.inbox.hooks``). The step's own organisation is told too (its colleagues may be the ones
to act), but the acting official has the notice marked read and gets no e-mail of it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Deadline
from registries.language import preferred_language
from registries.scoping import organisation_of

from .hooks import hook_of
from .models import InboxPreference, Notice, NoticeEmail, NoticeEvent, NoticeRead

logger = logging.getLogger(__name__)


# --- who must act -----------------------------------------------------------------------


def next_actors(case, transition: str, *, opened_since: datetime) -> dict[int, tuple]:
    """``{organisation id: (organisation, deadline or None)}`` of who must act after ``transition``:
    the awaiting organisations of the open deadlines written since ``opened_since`` (the step's
    own: earliest due first) and the procedure's hook."""
    found: dict[int, tuple] = {}
    open_deadlines = (
        Deadline.objects.for_case(case)
        .open()
        .filter(awaiting_organisation__isnull=False, created_at__gte=opened_since)
        .select_related("awaiting_organisation")
        .order_by("due")
    )
    for deadline in open_deadlines:
        found.setdefault(deadline.awaiting_organisation_id, (deadline.awaiting_organisation, deadline))
    hook = hook_of(type(case))
    for organisation in hook(case, transition) if hook else ():
        found.setdefault(organisation.pk, (organisation, None))
    return found


# --- e-mail rows --------------------------------------------------------------------------


def email_recipients(organisation, *, language: str | None = None, exclude_user_id: int | None = None) -> list:
    """Active members of ``organisation`` with an address who have not switched e-mail off
    (and, with ``language``, who read that language: kk unless they chose ru)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__organisation=organisation)
        .exclude(email="")
        .exclude(inbox_preference__email=False)
        .select_related("profile")
        .order_by("pk")
    )
    if exclude_user_id:
        users = users.exclude(pk=exclude_user_id)
    return [user for user in users if language is None or preferred_language(user) == language]


def _create_email_rows(notice: Notice) -> int:
    languages = sorted(
        {preferred_language(user) for user in email_recipients(notice.organisation, exclude_user_id=notice.by_id)}
    )
    NoticeEmail.objects.bulk_create(
        [NoticeEmail(notice=notice, language=language) for language in languages], ignore_conflicts=True
    )
    return len(languages)


def _send_soon() -> None:
    """With a broker, send the new e-mails now (a worker); without one (embedded set-up, tests),
    the reminders' job (every 15 minutes, or cron) sends them."""
    if not getattr(settings, "CELERY_BROKER_URL", "") or getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return
    from .tasks import send_notice_emails

    try:
        send_notice_emails.apply_async(retry=False)  # fail fast: the request does not wait for Redis
    except Exception:  # the broker is down: the rows are saved, the next run of the job sends them
        logger.warning("Notice e-mails not queued (broker unreachable): the next run sends them", exc_info=True)


# --- creating notices -------------------------------------------------------------------


def notify_step(
    *, case, transition: str, opened_since: datetime, by=None, happened_at: datetime | None = None
) -> list[Notice]:
    """One notice per organisation that must act after ``transition`` of ``case`` (committed);
    ``opened_since``: when the step began (the deadlines written from then on are the step's)."""
    happened_at = happened_at or timezone.now()
    content_type = ContentType.objects.get_for_model(case)
    by_organisation = organisation_of(by) if by is not None else None
    notices = []
    with transaction.atomic():
        for organisation, deadline in next_actors(case, transition, opened_since=opened_since).values():
            notice = Notice.objects.create(
                organisation=organisation,
                content_type=content_type,
                object_id=case.pk,
                event=NoticeEvent.STEP,
                transition=transition,
                deadline=deadline,
                due=deadline.due if deadline else None,
                happened_at=happened_at,
                by=by if getattr(by, "pk", None) else None,
            )
            if by_organisation is not None and by_organisation.pk == organisation.pk:
                NoticeRead.objects.create(notice=notice, user=by)
            if _create_email_rows(notice):
                transaction.on_commit(_send_soon)
            notices.append(notice)
    return notices


def notify_reminder(*, reminder) -> list[Notice]:
    """The awaiting organisation is shown a term that reached its reminder point; an overdue term
    is also shown to the authorised body (escalation, as the reminder e-mail does). Once per
    (reminder, organisation): retries of the e-mail create nothing more. No e-mail of its own:
    the reminder is the e-mail."""
    from cases.monitoring.models import ReminderPoint
    from cases.monitoring.reminders import authorised_bodies_of
    from registries.models import Organisation

    deadline = reminder.deadline
    organisations = [deadline.awaiting_organisation] if deadline.awaiting_organisation_id else []
    if reminder.point == ReminderPoint.OVERDUE:
        bodies = authorised_bodies_of(deadline.case)
        organisations += list(Organisation.objects.filter(pk__in=bodies).exclude(pk=deadline.awaiting_organisation_id))
    notices = []
    for organisation in organisations:
        try:
            with transaction.atomic():
                notice, _created = Notice.objects.get_or_create(
                    reminder=reminder,
                    organisation=organisation,
                    defaults={
                        "content_type_id": deadline.content_type_id,
                        "object_id": deadline.object_id,
                        "event": NoticeEvent.REMINDER,
                        "deadline": deadline,
                        "due": deadline.due,
                        "happened_at": timezone.now(),
                    },
                )
        except IntegrityError:  # another worker created it at the same moment
            notice = Notice.objects.get(reminder=reminder, organisation=organisation)
        notices.append(notice)
    return notices


# --- reading ----------------------------------------------------------------------------


def mark_read(*, notice: Notice, user) -> None:
    """``notice`` must come from ``selectors.notices_for(user)`` (the caller's 404 scoping)."""
    NoticeRead.objects.get_or_create(notice=notice, user=user)


def mark_all_read(*, user, now: datetime | None = None) -> None:
    """Every notice of the user's organisation created up to now is read (one row per user)."""
    now = now or timezone.now()
    InboxPreference.objects.update_or_create(user=user, defaults={"read_all_before": now})
    NoticeRead.objects.filter(user=user, notice__created_at__lte=now).delete()


def set_email_preference(*, user, email: bool) -> InboxPreference:
    preference, _created = InboxPreference.objects.update_or_create(user=user, defaults={"email": bool(email)})
    return preference
