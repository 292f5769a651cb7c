"""Half-yearly refresh compliance (seed 001 p. 5, second paragraph: state bodies refresh the
list "жарты жылда кемінде бір рет" — at least once every half-year — and send it).

For each state body: the current half-year's status (accepted / submitted / returned /
missing) and whether it is overdue (the previous half-year ended with no list sent and none
sent since). A subordinate organisation is covered by its parent's list ("ведомстволық бағынысты
ұйымдарды қоса алғанда", p. 5): only the list-submitting bodies are counted and reminded — the
top-level state bodies and the subordinates that send lists of their own. Reminders go to the organisation's e-mail N days before the half-year ends
(``STAFF_LIST_REMINDER_DAYS_BEFORE``, default 14) and after it ends, each exactly once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from registries.models import Organisation
from registries.roles import OrganisationKind

from ..models import (
    CITATION_REFRESH,
    DELIVERED_STATES,
    ReminderKind,
    StaffList,
    StaffListReminder,
    StaffListState,
    current_half_year,
    half_year_end,
    previous_half_year,
)


class RefreshStatus(models.TextChoices):
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    SUBMITTED = "submitted", gettext_lazy("Submitted, awaiting review")
    RETURNED = "returned", gettext_lazy("Returned for correction")
    MISSING = "missing", gettext_lazy("Missing")


def reminder_days_before() -> int:
    return int(getattr(settings, "STAFF_LIST_REMINDER_DAYS_BEFORE", 14))


def _lists(half: str, states) -> Exists:
    return Exists(StaffList.objects.filter(organisation=OuterRef("pk"), half_year=half, state__in=list(states)))


def list_submitting(queryset):
    """The state bodies that submit lists (p. 5): not a subordinate organisation of a state body
    unless it sends lists of its own (its staff are otherwise on its parent's list)."""
    return queryset.filter(kind=OrganisationKind.STATE_BODY).filter(
        Q(parent__isnull=True) | ~Q(parent__kind=OrganisationKind.STATE_BODY)
        | Exists(StaffList.objects.filter(organisation=OuterRef("pk")))
    )


def annotate_refresh(queryset, now=None):
    """Annotate organisations with ``refresh_status`` and ``refresh_overdue`` for the current half-year."""
    now = now or timezone.now()
    half = current_half_year(now)
    previous = previous_half_year(half)
    accepted = _lists(half, [StaffListState.ACCEPTED, StaffListState.SUPERSEDED])
    submitted = _lists(half, [StaffListState.SUBMITTED])
    returned = _lists(half, [StaffListState.RETURNED])
    delivered_now = _lists(half, DELIVERED_STATES)
    delivered_before = _lists(previous, DELIVERED_STATES)
    return list_submitting(queryset).annotate(
        refresh_status=models.Case(
            models.When(accepted, then=Value(RefreshStatus.ACCEPTED.value)),
            models.When(submitted, then=Value(RefreshStatus.SUBMITTED.value)),
            models.When(returned, then=Value(RefreshStatus.RETURNED.value)),
            default=Value(RefreshStatus.MISSING.value),
            output_field=models.CharField(),
        ),
        refresh_overdue=models.Case(
            models.When(~delivered_now & ~delivered_before, then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
    )


@dataclass(frozen=True)
class RefreshRow:
    organisation_id: int
    organisation: str
    bin: str
    email: str
    half_year: str
    status: str
    status_label: str
    overdue: bool
    due: datetime
    citation: str


def refresh_status(now=None, queryset=None) -> list[RefreshRow]:
    """One row per state body for the dashboard (overdue first, then missing, then by name)."""
    now = now or timezone.now()
    half = current_half_year(now)
    due = half_year_end(half)
    queryset = annotate_refresh(queryset if queryset is not None else Organisation.objects.all(), now)
    labels = dict(RefreshStatus.choices)
    order = {RefreshStatus.MISSING: 0, RefreshStatus.RETURNED: 1, RefreshStatus.SUBMITTED: 2, RefreshStatus.ACCEPTED: 3}
    rows = [
        RefreshRow(
            organisation_id=org.pk, organisation=str(org), bin=org.bin, email=org.email, half_year=half,
            status=org.refresh_status, status_label=str(labels[org.refresh_status]), overdue=org.refresh_overdue,
            due=due, citation=CITATION_REFRESH,
        )
        for org in queryset.filter(is_active=True).only("pk", "name_kk", "name_ru", "bin", "email")
    ]
    rows.sort(key=lambda r: (not r.overdue, order[r.status], r.organisation))
    return rows


def _reminder_text(kind: str, organisation, half: str) -> tuple[str, str]:
    end = half_year_end(half) - timedelta(days=1)
    if kind == ReminderKind.BEFORE_END:
        subject = _("Staff list for %(half)s: the half-year ends on %(date)s") % {"half": half, "date": f"{end:%d.%m.%Y}"}
        body = _(
            "%(organisation)s has not yet sent the list of staff who enter unlawful internet resources "
            "into the information system for %(half)s. The list must be refreshed at least once every "
            "half-year and sent to the authorised body (%(citation)s). The half-year ends on %(date)s."
        )
    else:
        subject = _("Staff list for %(half)s was not sent") % {"half": half}
        body = _(
            "%(organisation)s did not send the list of staff who enter unlawful internet resources "
            "into the information system for %(half)s, which ended on %(date)s, and has sent none since. "
            "The list must be refreshed at least once every half-year (%(citation)s). Please send it now."
        )
    return subject, body % {"organisation": organisation.name_kk, "half": half, "date": f"{end:%d.%m.%Y}", "citation": CITATION_REFRESH}


def due_reminders(now=None) -> list[tuple[Organisation, str, str]]:
    """(organisation, half-year, kind) of every reminder due now and not yet sent."""
    now = now or timezone.now()
    half = current_half_year(now)
    previous = previous_half_year(half)
    delivered_now = _lists(half, DELIVERED_STATES)
    delivered_before = _lists(previous, DELIVERED_STATES)
    bodies = list_submitting(Organisation.objects.filter(is_active=True)).exclude(email="")
    wanted = []
    if now >= half_year_end(half) - timedelta(days=reminder_days_before()):
        wanted += [(org, half, ReminderKind.BEFORE_END) for org in bodies.filter(~delivered_now)]
    wanted += [(org, previous, ReminderKind.AFTER_END) for org in bodies.filter(~delivered_now & ~delivered_before)]
    sent = set(
        StaffListReminder.objects.filter(half_year__in=[half, previous]).values_list("organisation_id", "half_year", "kind")
    )
    return [(org, h, kind) for org, h, kind in wanted if (org.pk, h, kind) not in sent]


def send_reminders(now=None) -> int:
    """Send every due reminder once: the StaffListReminder row is written first (unique
    constraint), then the e-mail in the same transaction; a concurrent run loses the race on
    the constraint and sends nothing."""
    now = now or timezone.now()
    sent = 0
    connection = get_connection()
    for organisation, half, kind in due_reminders(now):
        try:
            with transaction.atomic():
                StaffListReminder.objects.create(
                    organisation=organisation, half_year=half, kind=kind, recipient=organisation.email, sent_at=now
                )
                with override(settings.LANGUAGE_CODE):
                    subject, body = _reminder_text(kind, organisation, half)
                # Sent inside the transaction: a failed send rolls the record back and the next run retries.
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [organisation.email], connection=connection).send()
        except IntegrityError:
            continue
        sent += 1
    return sent
