"""Suspension and restoration of cellular service of subscriber devices used in the
institutions of the penitentiary system and in detention centres (SIZO) on their territory —
seed 000 (Order No. 546/НҚ of 31.10.2025), chapter 3-1 of the Rules (p. 20-1 … 20-8) and
the Appendix (the demand form).

The chain (the same for a suspension and for a restoration):

1. the penitentiary-system authority sends a demand in the form of the Appendix (one line per
   device: identification code = IMEI and phone number; signed by the head) to the
   identification-code database operator (p. 20-1, 20-2 / 20-5, 20-6) — ``send``;
2. the database operator records its receipt (``receive``) and, within 1 hour of receipt,
   notifies the mobile operator(s) (p. 20-3 / 20-7) — ``notify_operators``;
3. each mobile operator suspends / restores service of ITS devices within 3 working hours of
   the notification, in its own working schedule (p. 20-4 / 20-8) — per device
   (``services.execute_device``), so a partial execution is visible; when the last device is
   executed the demand moves to ``executed`` (``complete_execution``);
4. the requester is informed — the form asks for it within 24 hours of the demand's receipt
   (``inform_requester``).

Deadlines: one "notify" and one "inform" deadline per demand (awaiting the database operator)
and one "execute" deadline per (demand, mobile operator), awaiting that operator and counted in
its own schedule; it is met when the last of that operator's devices is executed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.base import ProcedureCase, precondition
from registries.roles import OrganisationKind, Role
from registries.scoping import ScopedManager, has_role, organisation_of, role_permission
from registries.validators import validate_imei, validate_kz_mobile


class DemandKind(models.TextChoices):
    SUSPEND = "suspend", _("Suspension of service")
    RESTORE = "restore", _("Restoration of service")


class DemandState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the database operator")
    RECEIVED = "received", _("Received by the database operator")
    NOTIFIED = "notified", _("Mobile operators notified")
    EXECUTED = "executed", _("Executed by the mobile operators")
    INFORMED = "informed", _("Requester informed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeviceStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    NOTIFIED = "notified", _("Operator notified")
    EXECUTED = "executed", _("Executed")


# --- preconditions (each names what is missing) -------------------------------------------


@precondition(_("The demand lists no device: add at least one line (IMEI and phone number)."))
def has_devices(demand) -> bool:
    return demand.pk is not None and demand.devices.exists()


@precondition(_("The demand must be signed by the head: give the signatory's position and full name (form of the Appendix)."))
def has_signatory(demand) -> bool:
    return bool(demand.signatory_position.strip() and demand.signatory_name.strip())


@precondition(_("Name the institution (prison or detention centre) where the devices are used."))
def has_institution(demand) -> bool:
    return bool(demand.institution.strip())


@precondition(_("Choose the mobile operator of every device before notifying."))
def every_device_has_operator(demand) -> bool:
    return not demand.devices.filter(operator__isnull=True).exists()


@precondition(_("Not every device has been executed by its mobile operator yet."))
def every_device_executed(demand) -> bool:
    return demand.pk is not None and not demand.devices.exclude(status=DeviceStatus.EXECUTED).exists()


def require(demand, *conditions) -> None:
    """Check preconditions inside a transition, raising ValidationError with their messages.

    Used instead of django-fsm ``conditions=[...]`` so that the step's button stays visible in the
    admin while something is missing (django-fsm hides transitions whose conditions fail): pressing
    it says what is missing. ``run_transition`` turns the ValidationError into a 400 with the
    messages."""
    from django.core.exceptions import ValidationError

    unmet = [str(condition.message) for condition in conditions if not condition(demand)]
    if unmet:
        raise ValidationError(unmet)


def mobile_operator_of_demand(demand, user) -> bool:
    """Permission: a mobile operator's staff with at least one device of this demand."""
    if not has_role(user, Role.MOBILE_OPERATOR):
        return False
    if user.is_superuser:
        return True
    organisation = organisation_of(user)
    return organisation is not None and demand.devices.filter(operator=organisation).exists()


mobile_operator_of_demand.roles = (str(Role.MOBILE_OPERATOR),)


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
    reference = models.CharField(_("outgoing number"), max_length=60, blank=True)
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
    received_at = models.DateTimeField(_("received by the database operator"), null=True, blank=True, db_index=True)
    notified_at = models.DateTimeField(_("mobile operators notified"), null=True, blank=True)
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    informed_at = models.DateTimeField(_("requester informed"), null=True, blank=True)
    answer = models.TextField(_("answer to the requester"), blank=True, default="")
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

    # --- legal steps ------------------------------------------------------------------------

    @transition(
        field=state,
        source=DemandState.DRAFT,
        target=DemandState.SENT,
        permission=role_permission(Role.PENITENTIARY_OFFICER, organisation_field="penitentiary"),
        custom={"admin": True, "label": _("Send the demand to the database operator (p. 20-2 / 20-6)")},
    )
    def send(self, by=None, comment=""):
        from . import services

        require(self, has_devices, has_signatory, has_institution)
        services.on_send(self, by)

    @transition(
        field=state,
        source=[DemandState.DRAFT, DemandState.SENT],
        target=DemandState.WITHDRAWN,
        permission=role_permission(Role.PENITENTIARY_OFFICER, organisation_field="penitentiary"),
        custom={"admin": True, "label": _("Withdraw the demand (before its receipt)")},
    )
    def withdraw(self, by=None, comment=""):
        pass

    @transition(
        field=state,
        source=DemandState.SENT,
        target=DemandState.RECEIVED,
        permission=role_permission(Role.IMEI_DB_OPERATOR, organisation_field="db_operator"),
        custom={
            "admin": True,
            "label": _("Record receipt of the demand (p. 20-2 / 20-6)"),
            "form": "cases.devices.forms.ReceiveForm",
        },
    )
    def receive(self, by=None, comment="", received_at=None):
        from . import services

        services.on_receive(self, received_at)

    @transition(
        field=state,
        source=DemandState.RECEIVED,
        target=DemandState.NOTIFIED,
        permission=role_permission(Role.IMEI_DB_OPERATOR, organisation_field="db_operator"),
        custom={"admin": True, "label": _("Notify the mobile operators (p. 20-3 / 20-7, within 1 hour)")},
    )
    def notify_operators(self, by=None, comment=""):
        from . import services

        require(self, every_device_has_operator)
        services.on_notify(self)

    @transition(
        field=state,
        source=DemandState.NOTIFIED,
        target=DemandState.EXECUTED,
        permission=mobile_operator_of_demand,
    )
    def complete_execution(self, by=None, comment=""):
        require(self, every_device_executed)
        self.executed_at = max(d.executed_at for d in self.devices.all())

    @transition(
        field=state,
        source=DemandState.EXECUTED,
        target=DemandState.INFORMED,
        permission=role_permission(Role.IMEI_DB_OPERATOR, organisation_field="db_operator"),
        custom={
            "admin": True,
            "label": _("Inform the requester (within 24 hours of receipt)"),
            "form": "cases.devices.forms.InformForm",
        },
    )
    def inform_requester(self, by=None, comment="", answer=""):
        from . import services

        services.on_inform(self, answer)


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


class ServiceStatus(models.TextChoices):
    SUSPENDED = "suspended", _("Service suspended")
    RESTORED = "restored", _("Service restored")


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
