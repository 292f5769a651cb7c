"""Suspension and restoration of cellular service of subscriber devices used in the
institutions of the penitentiary system and in detention centres (SIZO) on their territory —
seed 000 (Order No. 546/НҚ of 31.10.2025), chapter 3-1 of the Rules (p. 20-1 … 20-8) and
the Appendix (the demand form).

The chain (the same for a suspension and for a restoration):

1. the penitentiary-system authority sends a demand in the form of the Appendix (one line per
   device: identification code = IMEI and phone number; signed by the head) to the
   identification-code database operator (p. 20-1, 20-2 / 20-5, 20-6) — ``send``; a demand
   opened in error is withdrawn with its reason before its receipt — ``withdraw``;
2. the demand is received: sent through the system it is delivered — received — the moment it is
   sent (the system's step ``deliver``); sent outside the system (on paper, by post) the database
   operator records its receipt with its real time (``receive``). Within 1 hour of receipt the
   database operator notifies the mobile operator(s) (p. 20-3 / 20-7) — ``notify_operators``;
3. each mobile operator suspends / restores service of ITS devices within 3 working hours of
   the notification, in its own working schedule (p. 20-4 / 20-8) — one ``execute_device`` per
   device line, so a partial execution is visible; when the last line is executed the system
   takes ``complete_execution`` (never a button);
4. the requester is informed — the form asks for it within 24 hours of the demand's receipt
   (``inform_requester``, the answer is required text).

Deadlines: one "notify" and one "inform" deadline per demand (awaiting the database operator)
and one "execute" deadline per (demand, mobile operator), awaiting that operator and counted in
its own schedule; it is met when the last of that operator's devices is executed. The steps'
preconditions and permissions are in ``conditions.py``, their side effects in ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase
from cases.steps import CONFIRM_WITHDRAW, step
from registries.roles import OrganisationKind, Role
from registries.scoping import ScopedManager, role_permission
from registries.validators import validate_imei, validate_kz_mobile

from . import rules
from .choices import UNDER_WAY, DemandKind, DemandState, DeviceStatus, ServiceStatus  # noqa: F401  (re-exported)
from .conditions import (  # noqa: F401  (re-exported: the old import path of the preconditions)
    every_device_executed,
    every_device_has_operator,
    has_devices,
    has_institution,
    has_signatory,
    mobile_operator_of_demand,
    mobile_operator_with_lines_to_execute,
    sent_through_system,
)

PENITENTIARY = role_permission(Role.PENITENTIARY_OFFICER, organisation_field="penitentiary")
DATABASE_OPERATOR = role_permission(Role.IMEI_DB_OPERATOR, organisation_field="db_operator")


class DeviceDemand(ProcedureCase):
    """A demand ("ТАЛАП") of the penitentiary-system authority to suspend or restore cellular
    service of subscriber devices by identification code (seed 000, Appendix; p. 20-1, 20-5)."""

    LEGAL_ACT_CODE = "s000"
    FINAL_STATES = (DemandState.INFORMED, DemandState.WITHDRAWN)

    kind = models.CharField(_("demand"), max_length=10, choices=DemandKind.choices, db_index=True)
    state = FSMField(_("state"), default=DemandState.DRAFT, choices=DemandState.choices, protected=True, db_index=True)
    penitentiary = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("penitentiary-system authority"),
        on_delete=models.PROTECT,
        related_name="device_demands",
        limit_choices_to={"kind": OrganisationKind.PENITENTIARY},
    )
    institution = models.CharField(
        _("institution"), max_length=300, help_text=_("The penitentiary institution or detention centre (SIZO).")
    )
    reference = models.CharField(_("outgoing number"), max_length=60, blank=True, db_index=True)
    db_operator = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("identification-code database operator"),
        on_delete=models.PROTECT,
        related_name="received_device_demands",
        limit_choices_to={"kind": OrganisationKind.IMEI_DB_OPERATOR},
    )
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True, default="")
    signatory_name = models.CharField(
        _("signatory's full name"), max_length=200, blank=True, default="", help_text=_("Surname, name, patronymic (if any).")
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_outside_system = models.BooleanField(
        _("sent outside the system"),
        default=False,
        help_text=_("Sent on paper or by post: its receipt is recorded by the database operator with its real time. "
                    "A demand sent through the system is received the moment it is sent."),
    )
    received_at = models.DateTimeField(_("received by the database operator"), null=True, blank=True, db_index=True)
    notified_at = models.DateTimeField(_("mobile operators notified"), null=True, blank=True)
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    informed_at = models.DateTimeField(_("requester informed"), null=True, blank=True)
    answer = models.TextField(_("answer to the requester"), blank=True, default="")
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ScopedManager()

    class Meta:
        verbose_name = _("device demand")
        verbose_name_plural = _("device demands")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["penitentiary", "state"], name="devdemand_pen_state"),
            models.Index(fields=["db_operator", "state"], name="devdemand_db_state"),
        ]

    def __str__(self):
        number = self.pk or "—"
        return f"№ {number} {self.get_kind_display()} — {self.institution}"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """The penitentiary authority sees its demands; the database operator the demands sent to
        it; a mobile operator the demands with at least one device notified to it."""
        operator_demands = DemandDevice.objects.filter(operator=organisation).exclude(status=DeviceStatus.PENDING)
        return (
            Q(penitentiary=organisation)
            | Q(db_operator=organisation, sent_at__isnull=False)
            | Q(pk__in=operator_demands.values("demand_id"))
        )

    # --- progress ---------------------------------------------------------------------------

    def progress(self) -> tuple[int, int]:
        """(executed devices, all devices) — partial execution is visible."""
        devices = list(self.devices.all())
        return sum(d.status == DeviceStatus.EXECUTED for d in devices), len(devices)

    # --- legal steps: each is taken through its one service (services.device_demand_<step>) ---

    @transition(
        field=state,
        source=DemandState.DRAFT,
        target=DemandState.SENT,
        conditions=[has_devices, has_signatory, has_institution],
        permission=PENITENTIARY,
        # sent through the system, now, and delivered at once; a demand sent outside the system
        # (on paper, by post) is entered with its real time and received when the operator says
        custom=step(_("Send the demand to the database operator (p. 20-2 / 20-6)"), rules.CITE_SEND, confirm=_(
            "The demand letter is issued now and delivered to the database operator through the system; its terms "
            "start running and the demand can no longer be changed.")),
    )
    def send(self, by=None, comment="", sent_at=None, outside_system=False):
        self.sent_at = sent_at
        self.sent_outside_system = outside_system

    @transition(
        field=state,
        source=DemandState.SENT,
        target=DemandState.RECEIVED,
        conditions=[sent_through_system],
        permission=PENITENTIARY,
        # p. 20-3 / 20-7 run "талапты алған сәттен бастап": delivered through the system, the
        # demand is received when it is sent — the system records it, nobody presses "receive"
        custom=step(_("Delivered through the system: received when sent (p. 20-3 / 20-7)"), rules.CITE_RECEIVE,
                    button=False),
    )
    def deliver(self, by=None, comment="", received_at=None):
        self.received_at = received_at

    @transition(
        field=state,
        source=[DemandState.DRAFT, DemandState.SENT],
        target=DemandState.WITHDRAWN,
        permission=PENITENTIARY,
        custom=step(
            _("Withdraw the demand (opened in error, before its receipt)"),
            rules.CITE_WITHDRAW,
            form="cases.devices.forms.WithdrawForm",
            afterwards=True,
            confirm=CONFIRM_WITHDRAW,
        ),
    )
    def withdraw(self, by=None, comment="", reason="", withdrawn_at=None):
        self.withdrawal_reason = reason
        self.withdrawn_at = withdrawn_at

    @transition(
        field=state,
        source=DemandState.SENT,
        target=DemandState.RECEIVED,
        permission=DATABASE_OPERATOR,
        custom=step(
            _("Record receipt of the demand (p. 20-2 / 20-6)"),
            rules.CITE_RECEIVE,
            form="cases.devices.forms.ReceiveForm",
            afterwards=True,
        ),
    )
    def receive(self, by=None, comment="", received_at=None):
        self.received_at = received_at

    @transition(
        field=state,
        source=DemandState.RECEIVED,
        target=DemandState.NOTIFIED,
        conditions=[every_device_has_operator],
        permission=DATABASE_OPERATOR,
        custom=step(
            _("Notify the mobile operators (p. 20-3 / 20-7, within 1 hour)"),
            rules.CITE_NOTIFY,
            form="cases.devices.forms.NotifyForm",
            afterwards=True,
        ),
    )
    def notify_operators(self, by=None, comment="", notified_at=None):
        self.notified_at = notified_at

    @transition(
        field=state,
        source=DemandState.NOTIFIED,
        target=DemandState.NOTIFIED,
        permission=mobile_operator_with_lines_to_execute,
        custom=step(
            _("Mark my devices executed (p. 20-4 / 20-8)"),
            rules.CITE_EXECUTE,
            form="cases.devices.forms.ExecuteForm",
            afterwards=True,
        ),
    )
    def execute_device(self, by=None, comment=""):
        """One device line executed by its mobile operator; the line itself is the service's."""

    @transition(
        field=state,
        source=DemandState.NOTIFIED,
        target=DemandState.EXECUTED,
        conditions=[every_device_executed],
        permission=mobile_operator_of_demand,
        custom=step(_("Every device executed"), rules.CITE_EXECUTE, button=False),
    )
    def complete_execution(self, by=None, comment="", executed_at=None):
        self.executed_at = executed_at

    @transition(
        field=state,
        source=DemandState.EXECUTED,
        target=DemandState.INFORMED,
        permission=DATABASE_OPERATOR,
        custom=step(
            _("Inform the requester (within 24 hours of receipt)"),
            rules.INFORM_REQUESTER.citation,
            form="cases.devices.forms.InformForm",
            afterwards=True,
            confirm=_("The requester is informed with the answer given above: the demand is finished and cannot be "
                      "reopened."),
        ),
    )
    def inform_requester(self, by=None, comment="", answer="", informed_at=None):
        self.answer = answer
        self.informed_at = informed_at


class DemandDevice(models.Model):
    """One line of the demand: identification code (IMEI) and phone number, the mobile operator
    it is addressed to, and its own execution status (p. 20-4 / 20-8 are per device)."""

    demand = models.ForeignKey(DeviceDemand, verbose_name=_("demand"), on_delete=models.CASCADE, related_name="devices")
    row = models.PositiveSmallIntegerField(_("line"), default=1)
    imei = models.CharField(_("identification code (IMEI)"), max_length=15, validators=[validate_imei], db_index=True)
    phone = models.CharField(_("phone number"), max_length=16, validators=[validate_kz_mobile])
    operator = models.ForeignKey(
        "registries.Organisation",
        verbose_name=_("mobile operator"),
        on_delete=models.PROTECT,
        related_name="demanded_devices",
        limit_choices_to={"kind": OrganisationKind.MOBILE_OPERATOR},
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.PENDING)
    notified_at = models.DateTimeField(_("operator notified"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(
        _("notification acknowledged"),
        null=True,
        blank=True,
        help_text=_("When the mobile operator confirmed it received the notification (the term still runs from the notification)."),
    )
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("executed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suspension = models.ForeignKey(
        "self",
        verbose_name=_("suspension restored"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restorations",
        help_text=_("For a restoration: the executed suspension of the same IMEI."),
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("device in a demand")
        verbose_name_plural = _("devices in demands")
        ordering = ["demand_id", "row"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "imei"], name="devdevice_unique_imei_per_demand"),
            models.UniqueConstraint(fields=["demand", "row"], name="devdevice_unique_row_per_demand"),
        ]
        indexes = [
            models.Index(fields=["operator", "status"], name="devdevice_operator_status"),
            models.Index(fields=["imei", "status"], name="devdevice_imei_status"),
            models.Index(fields=["phone"], name="devdevice_phone"),  # the header search by phone
            # the changelist's order (demand, row) under its status filter and a mobile operator's scope
            models.Index(fields=["status", "demand", "row"], name="devdevice_status_order"),
            models.Index(fields=["operator", "demand", "row"], name="devdevice_operator_order"),
        ]

    def __str__(self):
        return f"{self.imei} ({self.phone})"

    def label(self) -> str:
        """How errors name this device: its line and IMEI."""
        return _("line %(row)s (IMEI %(imei)s)") % {"row": self.row, "imei": self.imei}

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """The penitentiary authority and the database operator see the devices of their demands;
        a mobile operator only the devices addressed and notified to it."""
        return (
            Q(demand__penitentiary=organisation)
            | Q(demand__db_operator=organisation, demand__sent_at__isnull=False)
            | (Q(operator=organisation) & ~Q(status=DeviceStatus.PENDING))
        )

    @property
    def kind(self) -> str:
        return self.demand.kind


class DeviceServiceState(models.Model):
    """The current state of service of one IMEI, set by the last executed line (suspended since /
    restored since). Its full history: every executed line of that IMEI (``history_rows``) and
    this row's own simple-history."""

    imei = models.CharField(_("identification code (IMEI)"), max_length=15, unique=True, validators=[validate_imei])
    status = models.CharField(_("state of service"), max_length=10, choices=ServiceStatus.choices, db_index=True)
    since = models.DateTimeField(_("since"))
    device = models.ForeignKey(
        DemandDevice, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("device service state")
        verbose_name_plural = _("device service states")
        ordering = ["-since"]

    def __str__(self):
        local = timezone.localtime(self.since)
        return f"{self.imei}: {self.get_status_display()} {local:%d.%m.%Y %H:%M}"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return (
            Q(device__demand__penitentiary=organisation)
            | Q(device__demand__db_operator=organisation)
            | Q(device__operator=organisation)
        )

    def history_rows(self, user=None):
        """Every executed line of this IMEI, oldest first (scoped to ``user`` when given)."""
        rows = DemandDevice.objects.filter(imei=self.imei, status=DeviceStatus.EXECUTED)
        if user is not None:
            rows = rows & DemandDevice.objects.visible_to(user)
        return rows.select_related("demand", "operator").order_by("executed_at", "pk")
