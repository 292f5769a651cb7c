"""Deadline reminders and escalation (DESIGN, "Background work": every term is watched).

Points (setting ``DEADLINE_REMINDER_POINTS``, default ``["half", "one_working_hour_left",
"overdue"]``):

* ``half`` -- half the term has elapsed: ``due - now <= now - start`` (duration arithmetic
  Django compiles for both SQLite and PostgreSQL);
* ``one_working_hour_left`` -- at most one working hour of the awaiting organisation's own
  schedule is left: ``due <= due_at(now, 1, "working_hours", schedule)``. The horizon is
  computed in Python once per distinct schedule (a handful), the comparison in SQL;
* ``overdue`` -- ``due < now``; the e-mail also goes to the supervisors of the authorised
  body (Role.AUTHORISED_SUPERVISOR) -- escalation.

Nothing is stored in advance: each run selects, in one set-based ``INSERT ... SELECT`` per
point, the open deadlines that reached a point, and inserts the rows; a deadline that already
has its row is skipped by ``ON CONFLICT DO NOTHING`` on the unique (deadline, point)
constraint (two workers create one row). The "not yet reminded" check is that conflict test --
one probe of the unique index per selected deadline -- and never a join in the SELECT: a join
over the table being inserted into is planned from its statistics, and once they say it is
empty (analysed after a purge) the planner picks a nested loop re-reading the growing table
for every row, quadratic in the rows. The plan holds no join over the reminder table, so the
run is linear whatever the planner knows. A point already overtaken by a later one (e.g. a
deadline that became overdue before the job saw its half point) is not sent: the later, more
urgent reminder replaces it. This also covers deadlines inserted in bulk (no signal needed)
and is right whatever the job's rhythm.

Overlapping runs (a slow run and the next beat): on PostgreSQL the creation takes a
transaction-level advisory lock. A run that finds it held waits at most
``DEADLINE_REMINDER_LOCK_TIMEOUT_SECONDS`` (default 10; ``lock_timeout``), then skips creating
-- the other run is creating the same rows -- and only sends what is committed; both the wait
and the skip are logged. Without it, the next run's inserts would wait on each of the slow
run's uncommitted rows until it commits.

Sending (``Outbox``: the same machinery sends the inbox's notice e-mails, ``register_outbox``;
this job drains them after the reminders): rows are claimed (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, then a
conditional ``UPDATE ... WHERE state IN (pending, failed)`` that only one worker can win, on
every backend), then mailed outside any transaction. A failure (SMTP down, no address) leaves
the row ``failed`` with the error and the attempt count; the next run retries it, up to
``DEADLINE_REMINDER_MAX_ATTEMPTS`` (default 20; the admin action "retry" resets). A row
left ``sending`` by a crashed worker is released after ``DEADLINE_REMINDER_STALE_MINUTES``.
A member who switched e-mail off in the inbox preferences gets no reminder (the organisation's
own address and the supervisors' escalation still do); a claimed reminder is also shown in the
awaiting organisation's inbox (signal ``reminder_due``).
Reminders of a deadline met in the meantime are cancelled, not sent.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.db import OperationalError, connection, transaction
from django.db.models import DateTimeField, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from cases.deadlines import ALMATY, DEFAULT_SCHEDULE, due_at
from cases.models import Deadline
from cases.rules import rule_label
from registries.roles import OrganisationKind, Role

from .models import RETRYABLE_STATES, DeadlineReminder, ReminderPoint, ReminderState

logger = logging.getLogger(__name__)

DEFAULT_POINTS = ["half", "one_working_hour_left", "overdue"]
#: Later points overtake earlier ones.
POINT_ORDER = [ReminderPoint.HALF, ReminderPoint.ONE_WORKING_HOUR_LEFT, ReminderPoint.OVERDUE]
BATCH = 200


def configured_points() -> list[str]:
    points = list(getattr(settings, "DEADLINE_REMINDER_POINTS", DEFAULT_POINTS))
    unknown = [p for p in points if p not in ReminderPoint.values]
    if unknown:
        raise ImproperlyConfigured(
            f"DEADLINE_REMINDER_POINTS: unknown point(s) {', '.join(unknown)}; use {', '.join(ReminderPoint.values)}."
        )
    return [p for p in POINT_ORDER if p in points]


def max_attempts() -> int:
    return int(getattr(settings, "DEADLINE_REMINDER_MAX_ATTEMPTS", 20))


# --- selection: set-based SQL ------------------------------------------------------------


def _schedule_key(org: dict):
    return (org["work_weekdays"], org["work_start"], org["work_end"], org["lunch_start"], org["lunch_end"])


def one_working_hour_q(now: datetime) -> Q:
    """Open deadlines with at most one working hour of the awaiting organisation left.

    One horizon per distinct working schedule (a few), compared with ``due`` in SQL."""
    from registries.models import Organisation

    groups: dict[tuple, list[int]] = defaultdict(list)
    for org in Organisation.objects.values("pk", "work_weekdays", "work_start", "work_end", "lunch_start", "lunch_end"):
        groups[_schedule_key(org)].append(org["pk"])
    condition = Q(awaiting_organisation__isnull=True, due__lte=due_at(now, 1, "working_hours", DEFAULT_SCHEDULE))
    for (weekdays, start, end, lunch_start, lunch_end), ids in groups.items():
        schedule = Organisation(
            work_weekdays=weekdays, work_start=start, work_end=end, lunch_start=lunch_start, lunch_end=lunch_end
        ).schedule
        condition |= Q(awaiting_organisation_id__in=ids, due__lte=due_at(now, 1, "working_hours", schedule))
    return condition


def point_q(point: str, now: datetime, points: list[str]) -> Q:
    """Q on open Deadline rows that reached ``point`` at ``now`` and no later configured point."""
    own = {
        ReminderPoint.HALF: Q(half_left__lte=F("half_elapsed"), due__gte=now),
        ReminderPoint.ONE_WORKING_HOUR_LEFT: one_working_hour_q(now) & Q(due__gte=now),
        ReminderPoint.OVERDUE: Q(due__lt=now),
    }
    condition = own[point]
    later = POINT_ORDER[POINT_ORDER.index(point) + 1 :]
    for other in later:
        if other in points:
            condition &= ~own[other]
    return condition


def reached(point: str, now: datetime, points: list[str] | None = None):
    """Open deadlines that reached ``point`` at ``now`` (and no later configured point)."""
    points = points if points is not None else configured_points()
    now_value = Value(now, output_field=DateTimeField())
    return (
        Deadline.objects.filter(met_at__isnull=True)
        .alias(
            half_left=ExpressionWrapper(F("due") - now_value, output_field=DurationField()),
            half_elapsed=ExpressionWrapper(now_value - F("start"), output_field=DurationField()),
        )
        .filter(point_q(point, now, points))
    )


def selection(point: str, now: datetime, points: list[str] | None = None):
    """Open deadlines due a reminder at ``point`` now that have no reminder row for it yet
    (a read: the job's insert does not use it, see ``insert_statement``)."""
    return reached(point, now, points).filter(
        ~Exists(DeadlineReminder.objects.filter(deadline=OuterRef("pk"), point=point))
    )


def insert_statement(point: str, now: datetime, points: list[str]) -> tuple[str, list]:
    """The ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` creating the rows of ``point``.

    The SELECT reads only the deadlines; the unique (deadline, point) index decides, row by
    row, what already exists -- no join over the table being inserted into (module docstring)."""
    select_sql, params = (
        reached(point, now, points)
        .order_by()
        .annotate(selected_id=F("pk"))
        .values("selected_id")
        .query.sql_with_params()
    )
    table = DeadlineReminder._meta.db_table
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"INSERT INTO {table} (deadline_id, point, state, attempts, last_error, recipients, created_at) "  # noqa: S608  # nosec B608
        # SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT (parsing ambiguity).
        f"SELECT selected.selected_id, %s, %s, 0, '', '', %s FROM ({select_sql}) selected WHERE 1 = 1 "
        "ON CONFLICT (deadline_id, point) DO NOTHING"
    )
    return sql, [str(point), str(ReminderState.PENDING), stamp, *params]


#: The advisory lock of the reminder rows' creation (any constant bigint unique in the project).
CREATION_LOCK_KEY = 0x6D6F6E69746F7231  # "monitor1"


def lock_timeout_seconds() -> float:
    return float(getattr(settings, "DEADLINE_REMINDER_LOCK_TIMEOUT_SECONDS", 10))


@contextmanager
def creation_lock():
    """Inside a transaction: yields True when this run may create the reminder rows.

    PostgreSQL: ``pg_try_advisory_xact_lock``; when another run holds it, wait at most
    ``lock_timeout_seconds()`` (``SET LOCAL lock_timeout``) and otherwise yield False. The
    lock ends with the transaction. SQLite serialises writers itself: always True."""
    with transaction.atomic():
        if connection.vendor != "postgresql":
            yield True
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [CREATION_LOCK_KEY])
            acquired = cursor.fetchone()[0]
            if not acquired:
                timeout = lock_timeout_seconds()
                logger.info("Another deadline-reminder run is creating reminders; waiting up to %s s for it.", timeout)
                try:
                    with transaction.atomic():
                        cursor.execute("SELECT current_setting('lock_timeout')")
                        previous = cursor.fetchone()[0]
                        cursor.execute(
                            "SELECT set_config('lock_timeout', %s, true)", [f"{max(1, int(timeout * 1000))}ms"]
                        )
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CREATION_LOCK_KEY])
                        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
                    acquired = True
                    logger.info("The other deadline-reminder run has finished creating; this run goes on.")
                except OperationalError:  # lock_timeout: the other run is still creating
                    logger.warning(
                        "Another deadline-reminder run is still creating reminders after %s s; this run skips "
                        "creating (that run creates the same rows) and only sends the reminders already created.",
                        timeout,
                    )
        yield acquired


def _create(now: datetime) -> dict[str, int] | None:
    """Create the rows every point calls for; None when another run is creating them."""
    points = configured_points()
    created = {}
    with creation_lock() as mine:
        if not mine:
            return None
        with connection.cursor() as cursor:
            for point in points:
                cursor.execute(*insert_statement(point, now, points))
                created[point] = cursor.rowcount
    return created


def create_due_reminders(now: datetime | None = None) -> dict[str, int]:
    """INSERT ... SELECT the reminder rows every point now calls for (create-or-skip); ``{}``
    when another run holds the creation lock past the timeout (logged)."""
    return _create(now or timezone.now()) or {}


# --- sending ------------------------------------------------------------------------------


@dataclass
class RunResult:
    created: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    released: int = 0
    #: Nobody to send it to (e.g. every member switched e-mail off): not retried.
    skipped: int = 0
    #: Another run held the creation lock past the timeout: this run only sent.
    creation_skipped: bool = False
    #: The other registered outboxes drained by the same run, by name.
    others: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        data = {
            "created": self.created,
            "sent": self.sent,
            "failed": self.failed,
            "cancelled": self.cancelled,
            "released": self.released,
            "creation_skipped": self.creation_skipped,
        }
        if self.skipped:
            data["skipped"] = self.skipped
        if self.others:
            data["others"] = self.others
        return data


class Outbox:
    """One kind of e-mail sent by the shared delivery machinery (claim, retry, exactly once).

    ``model`` is a concrete ``Delivery`` model (one row per e-mail, created once thanks to its
    unique constraint); ``deliver(row, connection)`` sends it and returns the addresses (empty:
    nobody to send it to, the row ends ``skipped``) or raises (the row ends ``failed`` and is
    retried on the next run). The deadline reminders are one outbox; other apps register theirs
    with ``register_outbox`` and the same job (``send_deadline_reminders``) drains them all."""

    model: type = DeadlineReminder
    related: tuple = ()
    name = "e-mail"

    def cancel(self) -> int:
        """Withdraw rows no longer to be sent; returns how many."""
        return 0

    def deliver(self, row, mail_connection) -> list[str]:  # pragma: no cover - every outbox defines it
        raise NotImplementedError


_OUTBOXES: list[type[Outbox]] = []


def register_outbox(outbox: type[Outbox]) -> type[Outbox]:
    """Let the reminders' job also drain ``outbox`` (usable as a class decorator; idempotent)."""
    if outbox not in _OUTBOXES:
        _OUTBOXES.append(outbox)
    return outbox


def registered_outboxes() -> list[type[Outbox]]:
    return list(_OUTBOXES)


def _claim(after_pk: int, limit: int, model=DeadlineReminder) -> tuple[list[int], int]:
    """Claim up to ``limit`` retryable rows of ``model`` with pk > ``after_pk`` (a run walks the
    table once, so a row that fails is retried on the next run, not in a loop)."""
    todo = model.objects.filter(state__in=RETRYABLE_STATES, attempts__lt=max_attempts(), pk__gt=after_pk).order_by("pk")
    with transaction.atomic():
        candidates = list(todo.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        claimed = []
        for pk in candidates:
            won = model.objects.filter(pk=pk, state__in=RETRYABLE_STATES).update(
                state=ReminderState.SENDING, attempts=F("attempts") + 1, last_attempt_at=timezone.now()
            )
            if won:
                claimed.append(pk)
    return claimed, (candidates[-1] if candidates else after_pk)


def release_stale(model, run_started: datetime) -> int:
    """Rows left ``sending`` by a crashed worker become retryable again."""
    stale = timedelta(minutes=int(getattr(settings, "DEADLINE_REMINDER_STALE_MINUTES", 30)))
    return model.objects.filter(state=ReminderState.SENDING, last_attempt_at__lt=run_started - stale).update(
        state=ReminderState.FAILED, last_error="Interrupted while sending; will be retried."
    )


def _send_claimed(pks: list[int], outbox: Outbox, result: RunResult) -> None:
    model = outbox.model
    rows = model.objects.filter(pk__in=pks).select_related(*outbox.related).order_by("pk")
    try:
        mail_connection = get_connection(fail_silently=False)
    except Exception as exc:  # a broken backend configuration: every row stays retryable
        logger.exception("Cannot build the e-mail connection")
        model.objects.filter(pk__in=pks).update(state=ReminderState.FAILED, last_error=str(exc)[:2000])
        result.failed += len(pks)
        return
    for row in rows:
        try:
            sent_to = outbox.deliver(row, mail_connection)
        except Exception as exc:  # SMTP down, refused, no address: keep it, retry on the next run
            logger.warning("%s %s failed: %s", outbox.name, row.pk, exc, exc_info=True)
            model.objects.filter(pk=row.pk).update(
                state=ReminderState.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
            )
            result.failed += 1
            continue
        if not sent_to:
            model.objects.filter(pk=row.pk).update(state=ReminderState.SKIPPED, sent_at=None, last_error="")
            result.skipped += 1
            continue
        model.objects.filter(pk=row.pk).update(
            state=ReminderState.SENT, sent_at=timezone.now(), last_error="", recipients=", ".join(sent_to)
        )
        result.sent += 1


def drain(outbox: Outbox, result: RunResult, run_started: datetime | None = None) -> RunResult:
    """Release stale rows, cancel withdrawn ones, then claim and send every retryable row once."""
    result.released += release_stale(outbox.model, run_started or timezone.now())
    result.cancelled += outbox.cancel()
    after_pk = 0
    while True:
        pks, last_pk = _claim(after_pk, BATCH, outbox.model)
        if last_pk == after_pk:
            break
        after_pk = last_pk
        if pks:
            _send_claimed(pks, outbox, result)
    return result


class Recipients:
    """Who gets a reminder: the awaiting organisation's e-mail and its active members; on
    overdue also the supervisors of the authorised body (cached for one run)."""

    def __init__(self):
        self._members: dict[int, list[str]] = {}
        self._supervisors: dict[tuple, list[str]] = {}

    def members(self, organisation) -> list[str]:
        if organisation.pk not in self._members:
            users = (
                get_user_model()
                .objects.filter(is_active=True, profile__organisation=organisation)
                .exclude(email="")
                .exclude(inbox_preference__email=False)  # the member switched e-mail off (cases.inbox)
            )
            self._members[organisation.pk] = sorted(set(users.values_list("email", flat=True)))
        return self._members[organisation.pk]

    def supervisors(self, case) -> list[str]:
        bodies = tuple(sorted(authorised_bodies_of(case)))
        if bodies not in self._supervisors:
            users = (
                get_user_model()
                .objects.filter(
                    is_active=True,
                    profile__role=Role.AUTHORISED_SUPERVISOR,
                    profile__organisation__kind=OrganisationKind.AUTHORISED_BODY,
                )
                .exclude(email="")
            )
            if bodies:
                users = users.filter(profile__organisation_id__in=bodies)
            self._supervisors[bodies] = sorted(set(users.values_list("email", flat=True)))
        return self._supervisors[bodies]


def authorised_bodies_of(case) -> set[int]:
    """The authorised bodies a case names in its organisation foreign keys (a case may also
    define ``supervising_organisation_ids()``); empty = every authorised body's supervisors."""
    if case is None:
        return set()
    if hasattr(case, "supervising_organisation_ids"):
        return set(case.supervising_organisation_ids())
    from registries.models import Organisation

    ids = {
        getattr(case, f.attname)
        for f in case._meta.concrete_fields
        if f.is_relation and f.related_model is Organisation and getattr(case, f.attname)
    }
    if not ids:
        return set()
    return set(
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.AUTHORISED_BODY).values_list("pk", flat=True)
    )


def admin_path_of(content_type, object_id) -> str:
    """The admin change page of a case (by content type and id); "" when it has none."""
    try:
        return reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[object_id])
    except NoReverseMatch:
        return ""


def absolute_url(path: str) -> str:
    """The link an e-mail carries (``config.public_url``: from ``PUBLIC_BASE_URL``); "" for no path."""
    from config.public_url import public_url

    return public_url(path) if path else ""


def case_admin_url(deadline) -> str:
    return absolute_url(admin_path_of(deadline.content_type, deadline.object_id))


def compose(reminder, case) -> tuple[str, str]:
    deadline = reminder.deadline
    model = deadline.content_type.model_class()
    context = {
        "reminder": reminder,
        "deadline": deadline,
        "point": ReminderPoint(reminder.point).label,
        "procedure": model._meta.verbose_name if model else deadline.content_type.model,
        "case": case,
        "case_id": deadline.object_id,
        "due_local": deadline.due.astimezone(ALMATY),
        "start_local": deadline.start.astimezone(ALMATY),
        "url": case_admin_url(deadline),
        "organisation": deadline.awaiting_organisation,
    }
    with translation.override(settings.LANGUAGE_CODE):
        context["rule"] = rule_label(deadline.rule_code)  # what the term is for, never its code
        subject = " ".join(render_to_string("monitoring/reminder_subject.txt", context).split())
        body = render_to_string("monitoring/reminder_body.txt", context)
    return subject, body


#: Sent for every reminder claimed for sending (before its e-mail goes): the inbox shows it to
#: the awaiting organisation (``cases.inbox``). ``sender`` is DeadlineReminder, ``reminder`` the row.
reminder_due = Signal()


class ReminderOutbox(Outbox):
    """The deadline reminders: to the awaiting organisation's address and its active members who
    have not switched e-mail off; on overdue also the supervisors of the authorised body."""

    model = DeadlineReminder
    related = ("deadline", "deadline__content_type", "deadline__awaiting_organisation")
    name = "Deadline reminder"

    def __init__(self):
        self.recipients = Recipients()

    def cancel(self) -> int:
        """Reminders of a deadline met in the meantime are cancelled, not sent."""
        return DeadlineReminder.objects.filter(state__in=RETRYABLE_STATES, deadline__met_at__isnull=False).update(
            state=ReminderState.CANCELLED
        )

    def deliver(self, reminder, mail_connection) -> list[str]:
        try:
            reminder_due.send(sender=DeadlineReminder, reminder=reminder)
        except Exception:  # the inbox must never stop the e-mail
            logger.exception("Inbox notice of deadline reminder %s failed", reminder.pk)
        return _deliver(reminder, self.recipients, mail_connection)


def _deliver(reminder, recipients: Recipients, mail_connection) -> list[str]:
    deadline = reminder.deadline
    organisation = deadline.awaiting_organisation
    case = deadline.case
    to = [organisation.email] if organisation and organisation.email else []
    bcc = [e for e in recipients.members(organisation) if e not in to] if organisation else []
    if reminder.point == ReminderPoint.OVERDUE:
        bcc += [e for e in recipients.supervisors(case) if e not in to and e not in bcc]
    if not to and not bcc:
        raise ValueError("No e-mail address: the awaiting organisation and its users have none.")
    subject, body = compose(reminder, case)
    EmailMessage(subject, body, to=to, bcc=bcc, connection=mail_connection).send(fail_silently=False)
    return to + bcc


def send_deadline_reminders(now: datetime | None = None) -> RunResult:
    """The job (management command ``send_deadline_reminders`` and the Celery task): creates the
    reminder rows that are due, sends them, then drains every registered outbox (the inbox's
    notice e-mails) with the same machinery."""
    run_started = timezone.now()
    now = now or run_started
    result = RunResult()
    result.released = release_stale(DeadlineReminder, run_started)
    reminders = ReminderOutbox()
    result.cancelled = reminders.cancel()
    created = _create(now)
    result.created, result.creation_skipped = created or {}, created is None
    after_pk = 0
    while True:
        pks, last_pk = _claim(after_pk, BATCH)
        if last_pk == after_pk:
            break
        after_pk = last_pk
        if pks:
            _send_claimed(pks, reminders, result)
    for outbox in registered_outboxes():
        result.others[outbox.name] = drain(outbox(), RunResult(), run_started).as_dict()
    return result
