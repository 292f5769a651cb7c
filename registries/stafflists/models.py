"""Authorised staff lists (seed 001 — Order No. 409 of 27.09.2022, p. 5 and Appendix 1).

A state body (incl. its subordinate organisations) sends the authorised body the list of its
employees who enter unlawful internet resources into the information system, by the form of
Appendix 1 (No., full name — patronymic if any —, work e-mail, mobile phone; signed by an
authorised official: position, full name), and refreshes it at least once every half-year
("жарты жылда кемінде бір рет жаңартады", p. 5 second paragraph).
"""

import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase
from cases.steps import step
from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.scoping import ScopedManager
from registries.sweeps.halfyear import half_year_label
from registries.validators import validate_kz_mobile

from . import rules
from .choices import DELIVERED_STATES, IN_PROGRESS_STATES, OPEN_STATES, ReminderKind, StaffListState  # noqa: F401  (re-exported)
from .conditions import (
    entered_by_authorised_body,
    has_entries,
    has_signatory,
    newer_list_awaits_acceptance,
    not_older_than_accepted,
)
from .permissions import AUTHORISED_BODY_STEP, STATE_BODY_STEP
from .rules import CITATION_LIST, CITATION_REFRESH  # noqa: F401  (re-exported)

HALF_YEAR_RE = re.compile(r"^(\d{4})-H([12])$")


def validate_half_year(value: str) -> None:
    if not HALF_YEAR_RE.fullmatch(value or ""):
        raise ValidationError(_("Half-year must look like 2026-H2 (year, then H1 or H2)."), code="half_year")


def half_year_of(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def half_year_bounds(half: str) -> tuple[date, date]:
    """First and last day of a half-year such as 2026-H2."""
    validate_half_year(half)
    year, part = int(half[:4]), int(half[-1])
    return (date(year, 1, 1), date(year, 6, 30)) if part == 1 else (date(year, 7, 1), date(year, 12, 31))


def previous_half_year(half: str) -> str:
    year, part = int(half[:4]), int(half[-1])
    return f"{year}-H1" if part == 2 else f"{year - 1}-H2"


def half_year_end(half: str) -> datetime:
    """The moment a half-year ends: midnight (Asia/Almaty) after its last day."""
    last = half_year_bounds(half)[1]
    return timezone.make_aware(datetime.combine(last + timedelta(days=1), time(0, 0)))


def current_half_year(now=None) -> str:
    return half_year_of(timezone.localdate(now or timezone.now()))


def validate_state_body(value):
    organisation = value if isinstance(value, Organisation) else Organisation.objects.filter(pk=value).first()
    if organisation is not None and organisation.kind != OrganisationKind.STATE_BODY:
        raise ValidationError(_("Staff lists are sent by state bodies only (seed 001, p. 5)."), code="not_state_body")


def default_addressee():
    """The authorised body the lists are sent to (the first authorised body of the registry)."""
    return Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY).order_by("pk").values_list("pk", flat=True).first()


class StaffList(ProcedureCase):
    """One list of Appendix 1 for one state body and one half-year."""

    LEGAL_ACT_CODE = "s001"
    FINAL_STATES = (StaffListState.ACCEPTED, StaffListState.SUPERSEDED, StaffListState.WITHDRAWN)
    CITATION = CITATION_LIST

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="staff_lists",
        limit_choices_to={"kind": OrganisationKind.STATE_BODY},
        validators=[validate_state_body],
    )
    half_year = models.CharField(
        _("half-year"), max_length=7, validators=[validate_half_year], help_text=_("E.g. 2026-H2."), db_index=True
    )
    addressee = models.ForeignKey(
        Organisation,
        verbose_name=_("authorised body"),
        on_delete=models.PROTECT,
        related_name="received_staff_lists",
        limit_choices_to={"kind": OrganisationKind.AUTHORISED_BODY},
        default=default_addressee,
        null=True,
        help_text=_("The authorised body the list is sent to; only its officials decide on it (p. 5)."),
    )
    signatory_position = models.CharField(_("authorised official's position"), max_length=300, blank=True)
    signatory_name = models.CharField(_("authorised official's full name"), max_length=300, blank=True)
    state = FSMField(_("state"), default=StaffListState.DRAFT, choices=StaffListState.choices, protected=True, db_index=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    letter_reference = models.CharField(
        _("letter received"), max_length=200, blank=True,
        help_text=_("Registration number and date of the state body's signed letter, when the list came by letter."),
    )
    source_file_name = models.CharField(_("imported file"), max_length=300, blank=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    accounts_note = models.CharField(_("accounts granted"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("accepted / returned"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("staff list")
        verbose_name_plural = _("staff lists")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "half_year", "state"], name="stafflist_org_half_state"),
            models.Index(fields=["state", "half_year"], name="stafflist_state_half"),
        ]
        constraints = [
            # One accepted list per organisation at a time: accepting supersedes the previous one.
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(state="accepted"), name="stafflist_one_accepted_per_org"
            ),
            # One list in progress per state body and half-year: a second confirmation of the
            # same import (a double click) answers with the first list.
            models.UniqueConstraint(
                fields=["organisation", "half_year"], condition=Q(state__in=IN_PROGRESS_STATES),
                name="stafflist_one_in_progress_per_half_year",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {half_year_label(self.half_year)} ({self.get_state_display()})"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """A state body sees its own lists and those of its subordinate organisations."""
        return Q(organisation=organisation) | Q(organisation__parent=organisation)

    def clean(self):
        if self.half_year:
            validate_half_year(self.half_year)
        if self._state.adding and self.organisation_id and self.half_year and StaffList.objects.filter(
            organisation_id=self.organisation_id, half_year=self.half_year, state__in=IN_PROGRESS_STATES
        ).exists():
            raise ValidationError({"half_year": ValidationError(
                _("This state body already has a list for %(half)s in progress; open it instead of adding another.")
                % {"half": self.half_year}, code="list_in_progress",
            )})

    # --- legal steps (each taken through its one service in ``services.steps``) ---------------
    # The bodies change only the list's own fields: accounts, the superseded list and the
    # letters are the services' work.

    @transition(
        field=state,
        source=OPEN_STATES,
        target=StaffListState.SUBMITTED,
        conditions=[has_entries, has_signatory],
        permission=STATE_BODY_STEP,
        custom=step(_("Send to the authorised body"), rules.SUBMIT),
    )
    def submit(self, by=None, comment="", submitted_at=None):
        """Seed 001 p. 5: the state body sends the list to the authorised body."""
        self.submitted_at = submitted_at or timezone.now()
        self.return_reason = ""

    @transition(
        field=state,
        source=OPEN_STATES,
        target=StaffListState.SUBMITTED,
        conditions=[entered_by_authorised_body, has_entries, has_signatory],
        permission=AUTHORISED_BODY_STEP,
        custom=step(
            _("Record the list received by letter (signed Appendix 1)"),
            rules.RECEIVE_BY_LETTER,
            form="registries.stafflists.forms.ReceiveByLetterForm",
            afterwards=True,
        ),
    )
    def receive_by_letter(self, by=None, comment="", received_at=None, letter_reference=""):
        """Seed 001 p. 5: the list the state body sent as a signed letter, entered afterwards."""
        self.submitted_at = received_at or timezone.now()
        self.letter_reference = letter_reference
        self.return_reason = ""

    @transition(
        field=state,
        source=StaffListState.SUBMITTED,
        target=StaffListState.ACCEPTED,
        conditions=[has_entries, has_signatory, not_older_than_accepted],
        permission=AUTHORISED_BODY_STEP,
        custom=step(_("Accept and grant accounts"), rules.ACCEPT, form="registries.stafflists.forms.AcceptForm", confirm=_(
            "The list is accepted: the accounts are created, reactivated and deactivated as shown above, and the "
            "organisation's earlier accepted list is superseded. This cannot be undone.")),
    )
    def accept(self, by=None, comment=""):
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=StaffListState.SUBMITTED,
        target=StaffListState.RETURNED,
        permission=AUTHORISED_BODY_STEP,
        custom=step(_("Return for correction"), rules.RETURN, form="registries.stafflists.forms.ReturnForm"),
    )
    def return_list(self, by=None, comment="", reason=""):
        self.return_reason = reason
        self.decided_at = timezone.now()

    @transition(
        field=state,
        source=StaffListState.ACCEPTED,
        target=StaffListState.SUPERSEDED,
        conditions=[newer_list_awaits_acceptance],
        permission=AUTHORISED_BODY_STEP,
        custom=step(_("Superseded by the newer accepted list"), rules.SUPERSEDE, button=False),
    )
    def supersede(self, by=None, comment=""):
        """Taken by the service that accepts the state body's newer list; never a button."""

    @transition(
        field=state,
        source=[*OPEN_STATES, StaffListState.SUBMITTED],
        target=StaffListState.WITHDRAWN,
        permission=STATE_BODY_STEP,
        custom=step(_("Withdraw the list (sent or prepared in error)"), rules.WITHDRAW, form="registries.stafflists.forms.WithdrawForm",
                    confirm=_("The list ends as withdrawn with the reason you give and can no longer be sent.")),
    )
    def withdraw(self, by=None, comment="", reason=""):
        self.withdrawal_reason = reason


class StaffListEntry(models.Model):
    """One row of Appendix 1: No., full name, work e-mail, mobile phone (+ position and
    subordinate organisation, p. 5: "оның ішінде ведомстволық бағынысты ұйымдардың")."""

    staff_list = models.ForeignKey(StaffList, verbose_name=_("staff list"), on_delete=models.CASCADE, related_name="entries")
    row_number = models.PositiveIntegerField(_("No."))
    full_name = models.CharField(_("full name"), max_length=300)
    email = models.EmailField(_("work e-mail"), max_length=254)
    phone = models.CharField(_("mobile phone"), max_length=16, validators=[validate_kz_mobile])
    position = models.CharField(_("position"), max_length=300, blank=True)
    subordinate_name = models.CharField(_("subordinate organisation"), max_length=500, blank=True)
    subordinate_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("subordinate organisation (registry)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("staff list entry")
        verbose_name_plural = _("staff list entries")
        ordering = ["staff_list", "row_number"]
        constraints = [models.UniqueConstraint(fields=["staff_list", "email"], name="stafflistentry_unique_email")]
        indexes = [
            models.Index(fields=["email"], name="stafflistentry_email"),
            models.Index(fields=["staff_list", "row_number"], name="stafflistentry_order"),  # the changelist's order
        ]

    def __str__(self):
        return f"{self.row_number}. {self.full_name} <{self.email}>"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(staff_list__organisation=organisation) | Q(staff_list__organisation__parent=organisation)


class StaffListReminder(models.Model):
    """A refresh reminder sent to a state body; the unique constraint makes each one exactly-once."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("state body"), on_delete=models.CASCADE, related_name="+")
    half_year = models.CharField(_("half-year"), max_length=7, validators=[validate_half_year])
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    recipient = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("staff-list reminder")
        verbose_name_plural = _("staff-list reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "half_year", "kind"], name="stafflistreminder_once")
        ]

    def __str__(self):
        return f"{self.organisation} — {half_year_label(self.half_year)} — {self.get_kind_display()}"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(organisation=organisation)


class StaffListCompliance(Organisation):
    """The refresh-compliance report: one row per state body (admin changelist)."""

    class Meta:
        proxy = True
        verbose_name = _("staff-list refresh")
        verbose_name_plural = _("staff-list refresh compliance")
