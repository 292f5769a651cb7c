"""States and other choices of seed 004 (Order No. 267-НҚ of 24.06.2024)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformCaseState(models.TextChoices):
    MONITORING = "monitoring", _("Monitoring")
    DETECTED = "detected", _("Violation detected")
    WARNING_SENT = "warning_sent", _("Warning letter sent")
    CONTENT_REMOVED = "content_removed", _("Information removed (closed)")
    RESTRICTION_ORDERED = "restriction_ordered", _("Access restriction ordered")
    NOTICE_SENT = "notice_sent", _("Legal-representative notice sent")
    REPRESENTATIVE_APPOINTED = "representative_appointed", _("Legal representative appointed (closed)")
    STATISTICS_REQUESTED = "statistics_requested", _("Traffic statistics requested from the STS")
    STATISTICS_RECEIVED = "statistics_received", _("Traffic statistics received")
    THROTTLED = "throttled", _("Throttling in force")
    LIMITS_LIFTED = "limits_lifted", _("Limits lifted (closed)")
    WITHDRAWN = "withdrawn", _("Withdrawn (opened in error or not applicable)")


S = PlatformCaseState

#: The one definition of "finished": no step leads out of these states (the dashboard, "my
#: queue", the API and the legal path count every other state as open).
FINAL_STATES = (
    S.CONTENT_REMOVED,
    S.RESTRICTION_ORDERED,
    S.REPRESENTATIVE_APPOINTED,
    S.LIMITS_LIFTED,
    S.WITHDRAWN,
)

#: The notice road while no limit is in force: the platform's receipt of the notice and the
#: Appendix 2 six-hour restriction belong to it whatever the statistics request has reached.
NOTICE_ROAD = (S.NOTICE_SENT, S.STATISTICS_REQUESTED, S.STATISTICS_RECEIVED, S.THROTTLED)

#: A case opened in error (or under a road the act does not apply to) is withdrawn from any state
#: before limits are in force; limits in force end only by the lifting instruction.
WITHDRAWABLE = (S.MONITORING, S.DETECTED, S.WARNING_SENT, S.NOTICE_SENT, S.STATISTICS_REQUESTED, S.STATISTICS_RECEIVED)


class PlatformCaseGround(models.TextChoices):
    PROHIBITED_INFORMATION = "prohibited_information", _("Prohibited information (p. 5, Appendix 1)")
    NO_LEGAL_REPRESENTATIVE = "no_legal_representative", _("No legal representative (p. 6, Appendix 2)")


class InstructionKind(models.TextChoices):
    """The instructions the authorised body sends the STS on a platform case."""

    THROTTLE = "throttle", _("Throttling (Appendix 3)")
    LIFT = "lift", _("Lifting of the limits")
    RESTRICT = "restrict", _("Access restriction (Art. 41-1)")
