"""Half-yearly sweeps of inactive accounts (seed 001, Order No. 409, p. 6).

"Уәкілетті орган жарты жылда бір рет белсенділік белгілері жоқ және ақпараттық жүйені
қолданбайтын пайдаланушыларды есепке алу жазбаларының тізімін қалыптастырады."
The authorised body, once every half-year, forms the list of user accounts that show no sign
of activity and do not use the information system. Review, deactivation (never deletion) and
reactivation are this system's procedure around that list.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase
from cases.steps import step
from registries.roles import AUTHORISED_OFFICIALS, Role
from registries.scoping import ScopedManager

from . import rules
from .choices import REVIEWABLE_STATES, ListingReason, SweepState  # noqa: F401  (re-exported)
from .conditions import exclusions_are_reasoned
from .halfyear import half_year_label
from .permissions import authorised_body_role
from .rules import CITATION, CITATION_KK  # noqa: F401  (re-exported: cases.legal_path imports CITATION_KK)

DEFAULT_MIN_ACCOUNT_AGE_DAYS = 30


class AccountSweep(ProcedureCase):
    """One sweep per half-year; its rule ("what is inactive") is stored with it."""

    LEGAL_ACT_CODE = "s001"
    FINAL_STATES = (SweepState.CLOSED,)

    half_year = models.CharField(_("half-year"), max_length=7, unique=True, help_text=_("E.g. 2026-H1."))
    state = FSMField(_("state"), default=SweepState.FORMED, choices=SweepState.choices, protected=True, db_index=True)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(
        _("cut-off"),
        help_text=_("The end of the half-year, or the moment of forming if the half-year had not ended."),
    )
    min_account_age_days = models.PositiveSmallIntegerField(
        _("minimum account age (days)"), default=DEFAULT_MIN_ACCOUNT_AGE_DAYS
    )
    rule_text = models.TextField(_("rule for “inactive”"))
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("formed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    entries_count = models.PositiveIntegerField(_("accounts listed"), default=0)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    deactivated_count = models.PositiveIntegerField(_("accounts deactivated"), default=0)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("inactive-account sweep")
        verbose_name_plural = _("inactive-account sweeps")
        ordering = ["-half_year"]

    def __str__(self):
        return str(_("Sweep %(half)s") % {"half": half_year_label(self.half_year)})

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """Only the authorised body (which sees everything) sees sweeps; nobody else."""
        return Q(pk__in=[])

    @property
    def citation(self):
        return CITATION_KK

    # Legal steps (each taken through its one service in ``services``); the bodies change only
    # the sweep's own fields: the deactivations are the apply service's work.

    @transition(
        field=state, source=SweepState.FORMED, target=SweepState.UNDER_REVIEW,
        permission=authorised_body_role(*AUTHORISED_OFFICIALS),
        custom=step(_("Start review"), rules.START_REVIEW),
    )
    def start_review(self, by=None, comment=""):
        """The list goes to review: reviewers may exclude entries with a reason."""

    @transition(
        field=state, source=SweepState.UNDER_REVIEW, target=SweepState.APPLIED,
        conditions=[exclusions_are_reasoned],
        permission=authorised_body_role(Role.AUTHORISED_SUPERVISOR),
        custom=step(_("Apply: deactivate the listed accounts"), rules.APPLY, confirm=_(
            "Every listed account that was not excluded is deactivated now; an account is given back only by the "
            "supervisor's reactivation with a reason.")),
    )
    def apply(self, by=None, comment="", applied_at=None):
        self.applied_at = applied_at
        self.applied_by = by if getattr(by, "pk", None) else None

    @transition(
        field=state, source=SweepState.APPLIED, target=SweepState.CLOSED,
        permission=authorised_body_role(*AUTHORISED_OFFICIALS),
        custom=step(_("Close the list"), rules.CLOSE),
    )
    def close(self, by=None, comment=""):
        """The sweep is done; its list stays as the record."""

    @property
    def is_reviewable(self) -> bool:
        return self.state in REVIEWABLE_STATES


class AccountSweepEntry(models.Model):
    """One listed account: who, of which organisation, its last login and last action, why listed."""

    # Indexed by the unique (sweep, user) constraint.
    sweep = models.ForeignKey(
        AccountSweep, verbose_name=_("sweep"), on_delete=models.CASCADE, related_name="entries",
        db_index=False, db_constraint=False,
    )
    # The entries are a snapshot written only by one INSERT … SELECT from the live user and
    # profile tables, in the transaction that creates the sweep, so every referenced row exists
    # by construction; per-row database FK checks and extra indexes on 100,000+ rows would
    # triple the forming time on PostgreSQL. CASCADE / PROTECT are still enforced by the ORM
    # (and sweeps and accounts are never deleted). Lookups go through (sweep, user).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+",
        db_constraint=False, db_index=False,
    )
    organisation = models.ForeignKey(
        "registries.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False,
    )
    last_login = models.DateTimeField(_("last login"), null=True, blank=True)
    last_action_at = models.DateTimeField(_("last action"), null=True, blank=True)
    date_joined = models.DateTimeField(_("account created"))
    reason = models.CharField(_("why listed"), max_length=20, choices=ListingReason.choices)
    excluded = models.BooleanField(_("excluded"), default=False)
    exclusion_reason = models.TextField(_("reason for exclusion"), blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("excluded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False,
    )
    excluded_at = models.DateTimeField(_("excluded at"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("sweep entry")
        verbose_name_plural = _("sweep entries")
        ordering = ["sweep", "organisation", "user"]
        constraints = [models.UniqueConstraint(fields=["sweep", "user"], name="sweep_entry_unique_user")]

    def __str__(self):
        return f"{half_year_label(self.sweep.half_year)}: {self.user}"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(pk__in=[])

    def clean(self):
        if self.excluded and not self.exclusion_reason.strip():
            raise ValidationError({"exclusion_reason": _("Give the reason why this account is excluded from the sweep.")})


class AccountDeactivation(models.Model):
    """Who deactivated or reactivated an account, when and why (the account's own record): by an
    inactive-account sweep (seed 001 p. 6) or by an accepted staff list the person was dropped
    from (p. 5); either is reversed from here."""

    class Action(models.TextChoices):
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    sweep = models.ForeignKey(
        AccountSweep, verbose_name=_("sweep"), null=True, blank=True, on_delete=models.PROTECT, related_name="deactivations"
    )
    staff_list = models.ForeignKey(
        "stafflists.StaffList", verbose_name=_("staff list"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="account_changes",
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), db_index=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("account deactivation / reactivation")
        verbose_name_plural = _("account deactivations and reactivations")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self):
        return f"{self.user}: {self.get_action_display()} ({self.at:%d.%m.%Y})"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(pk__in=[])
