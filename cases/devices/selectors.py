"""Reads of the device-demand procedure (seed 000, ch. 3-1) that the services, the admin and
the API share. Nothing here writes."""

from django.db.models import Count, Max, Q

from cases.models import Deadline
from registries.roles import OrganisationKind
from registries.scoping import organisation_of, sees_everything

from .choices import UNDER_WAY, DemandKind, DeviceStatus
from .models import DemandDevice


def suspension_in_force(imei: str):
    """The executed suspension of ``imei`` not yet restored, or None."""
    return (
        DemandDevice.objects.filter(imei=imei, demand__kind=DemandKind.SUSPEND, status=DeviceStatus.EXECUTED)
        .exclude(restorations__status=DeviceStatus.EXECUTED)
        .select_related("demand")
        .order_by("-executed_at")
        .first()
    )


def lines_under_way(imei: str, kind: str, exclude_demand=None):
    """Lines of ``imei`` in other demands of ``kind`` sent and not yet executed."""
    lines = DemandDevice.objects.filter(imei=imei, demand__kind=kind, demand__state__in=UNDER_WAY).exclude(
        status=DeviceStatus.EXECUTED
    )
    return lines.exclude(demand_id=exclude_demand) if exclude_demand else lines


def lines_to_execute(demand, user):
    """The lines of ``demand`` notified to the user's mobile operator and not yet executed."""
    lines = DemandDevice.objects.visible_to(user).filter(demand=demand, status=DeviceStatus.NOTIFIED)
    if not user.is_superuser:
        lines = lines.filter(operator=organisation_of(user))
    return lines.select_related("operator").order_by("row")


def latest_execution(demand):
    """When the last device of the demand was executed (None while none is)."""
    return demand.devices.filter(status=DeviceStatus.EXECUTED).aggregate(at=Max("executed_at"))["at"]


def operator_lines_left(demand, operator_id) -> bool:
    return demand.devices.filter(operator_id=operator_id).exclude(status=DeviceStatus.EXECUTED).exists()


def with_progress(queryset):
    """Demands annotated with ``n_devices`` and ``n_executed`` (the "executed / devices" column)."""
    return queryset.annotate(
        n_devices=Count("devices", distinct=True),
        n_executed=Count("devices", filter=Q(devices__status=DeviceStatus.EXECUTED), distinct=True),
    )


def mobile_operator_only(user):
    """(True, its organisation) for a mobile operator's staff: it reads only its own lines and
    the terms that await it (p. 20-4 / 20-8), never the other operators'."""
    organisation = organisation_of(user)
    own = not sees_everything(user) and organisation is not None and organisation.kind == OrganisationKind.MOBILE_OPERATOR
    return own, organisation


def deadlines_for(user):
    """The deadlines queryset of demands as ``user`` may read them (ordered by due)."""
    deadlines = Deadline.objects.select_related("awaiting_organisation").order_by("due")
    own, organisation = mobile_operator_only(user)
    return deadlines.filter(awaiting_organisation=organisation) if own else deadlines


def visible_deadlines(demand, user) -> list:
    return list(deadlines_for(user).for_case(demand))
