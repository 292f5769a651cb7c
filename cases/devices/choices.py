"""The choices of the device-demand procedure (seed 000, Order No. 546/НҚ, ch. 3-1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemandKind(models.TextChoices):
    """The form of the Appendix serves both: "тоқтата тұру / қалпына келтіру" (p. 20-1, 20-5)."""

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
    """One line of the demand: p. 20-4 / 20-8 are executed device by device."""

    PENDING = "pending", _("Pending")
    NOTIFIED = "notified", _("Operator notified")
    EXECUTED = "executed", _("Executed")


class ServiceStatus(models.TextChoices):
    SUSPENDED = "suspended", _("Service suspended")
    RESTORED = "restored", _("Service restored")


#: Demands "under way": sent, not yet fully executed and not withdrawn.
UNDER_WAY = (DemandState.SENT, DemandState.RECEIVED, DemandState.NOTIFIED)
