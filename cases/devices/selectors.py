"""Reads of the device-demand procedure (seed 000, ch. 3-1) that the services, the admin and
the API share. Nothing here writes."""

import copy
import re

from django.db.models import Count, Max, Q

from cases.models import Deadline
from registries.roles import OrganisationKind, Role
from registries.scoping import has_role, organisation_of, sees_everything

from .choices import UNDER_WAY, DemandKind, DemandState, DeviceStatus
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


def own_lines(user):
    """The lines a mobile operator's staff acts on (p. 20-4 / 20-8: each operator its own
    devices, once notified of them); none for anyone else."""
    if not has_role(user, Role.MOBILE_OPERATOR):
        return DemandDevice.objects.none()
    lines = DemandDevice.objects.visible_to(user).exclude(status=DeviceStatus.PENDING)
    if user.is_superuser:
        return lines
    organisation = organisation_of(user)
    return lines.filter(operator=organisation) if organisation is not None else DemandDevice.objects.none()


def lines_to_execute(demand, user):
    """The lines of ``demand`` notified to the user's mobile operator and not yet executed."""
    return own_lines(user).filter(demand=demand, status=DeviceStatus.NOTIFIED).select_related("operator").order_by("row")


def lines_to_acknowledge(user):
    """The user's mobile operator's notified lines whose notification it has not acknowledged."""
    return own_lines(user).filter(status=DeviceStatus.NOTIFIED, acknowledged_at__isnull=True)


#: Until the mobile operators are notified, the operator of a line may be chosen / corrected.
OPERATOR_CHOOSABLE = (DemandState.DRAFT, DemandState.SENT, DemandState.RECEIVED)


def may_choose_operators(demand, user) -> bool:
    """Who chooses the mobile operator of the demand's lines: the penitentiary authority while it
    drafts the demand (``demand`` None: a new one), the database operator it is addressed to
    once it is sent, until it notifies them (p. 20-3 / 20-7). The same permissions as the steps
    taken in those states (``send`` / ``notify_operators``)."""
    from .models import DATABASE_OPERATOR, PENITENTIARY

    if demand is None or demand.pk is None:
        return has_role(user, Role.PENITENTIARY_OFFICER)
    if demand.state == DemandState.DRAFT:
        return PENITENTIARY(demand, user)
    return demand.state in OPERATOR_CHOOSABLE and DATABASE_OPERATOR(demand, user)


def latest_execution(demand):
    """When the last device of the demand was executed (None while none is)."""
    return demand.devices.filter(status=DeviceStatus.EXECUTED).aggregate(at=Max("executed_at"))["at"]


def operator_lines_left(demand, operator_id) -> bool:
    return demand.devices.filter(operator_id=operator_id).exclude(status=DeviceStatus.EXECUTED).exists()


def with_progress(queryset, user=None):
    """Demands annotated with ``n_devices`` and ``n_executed`` (the "executed / devices" column);
    given ``user``, counting only the lines that user may see (a mobile operator: its own)."""
    lines = Q()
    if user is not None and not sees_everything(user):
        lines = Q(devices__in=DemandDevice.objects.visible_to(user).values("pk"))
    return queryset.annotate(
        n_devices=Count("devices", filter=lines, distinct=True),
        n_executed=Count("devices", filter=lines & Q(devices__status=DeviceStatus.EXECUTED), distinct=True),
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


# --- what a viewer of a demand may read of its log (cases.timeline.case_logs) ---------------

MASK = "•••"
_SEPARATORS = r"[\s\-().]*"


def lines_hidden_from(demand, user) -> list[DemandDevice]:
    """The lines of ``demand`` that ``user`` may not see (none for the parties that see them
    all: the penitentiary authority, the database operator, the authorised body)."""
    if demand.pk is None or sees_everything(user):
        return []
    if hasattr(demand, "all_lines") and hasattr(demand, "visible_devices"):  # prefetched (the API's list)
        shown = {line.pk for line in demand.visible_devices}
        return [line for line in demand.all_lines if line.pk not in shown]
    visible = DemandDevice.objects.visible_to(user).values("pk") if user is not None else DemandDevice.objects.none()
    return list(demand.devices.exclude(pk__in=visible).only("pk", "imei", "phone"))


def _digits(digits: str) -> str:
    return _SEPARATORS.join(digits)


def line_masker(lines):
    """A function that replaces every IMEI and phone number of ``lines`` in a text (written
    with or without spaces, dashes, brackets; the phone with +7, 8 or without) by ``MASK``."""
    patterns = []
    for line in lines:
        if line.imei:
            patterns.append(_digits(line.imei))
        national = re.sub(r"\D", "", line.phone or "")[-10:]
        if len(national) == 10:
            patterns.append(r"(?:\+?7|8)?" + _SEPARATORS + _digits(national))
    if not patterns:
        return lambda text: text
    regex = re.compile(r"(?<!\d)(?:" + "|".join(patterns) + r")(?!\d)")
    return lambda text: regex.sub(MASK, text) if text else text


def mask_hidden_lines(demand, user, text: str) -> str:
    """``text`` without the devices of ``demand`` that ``user`` may not see (a free-text answer
    or comment written by a party that sees every line)."""
    if not text:
        return text
    hidden = lines_hidden_from(demand, user)
    return line_masker(hidden)(text) if hidden else text


def _organisations_of(users) -> dict:
    from registries.models import UserProfile

    ids = {user.pk for user in users if user is not None}
    return dict(UserProfile.objects.filter(user_id__in=ids).values_list("user_id", "organisation_id")) if ids else {}


def visible_logs(demand, user, logs) -> list:
    """The demand's step log as ``user`` may read it (``cases.timeline.case_logs``). A viewer who
    does not see every line (a mobile operator: p. 20-4 / 20-8, its own devices only) reads

    - no execution of a line by another organisation (``execute_device`` names the line);
    - the system's completion without the name of the other operator's employee it was taken for;
    - every comment without the IMEI and phone number of a line it may not see.

    The states the demand passed through stay (no state-changing step is dropped)."""
    hidden = lines_hidden_from(demand, user)
    if not hidden:
        return logs
    mask = line_masker(hidden)
    own = organisation_of(user) if user is not None else None
    actors = _organisations_of(log.by for log in logs)
    shown = []
    for log in logs:
        ours = own is not None and log.by_id is not None and actors.get(log.by_id) == own.pk
        if log.transition == "execute_device" and not ours:
            continue
        log = copy.copy(log)  # never saved: what this viewer reads
        if log.transition == "complete_execution" and not ours:
            log.by = None
        log.comment = mask(log.comment)
        shown.append(log)
    return shown


def service_histories(imeis, user=None) -> dict:
    """The executed lines of each IMEI of a page, oldest first, in one query (the list of service
    states; ``DeviceServiceState.history_rows`` is the same for one IMEI): IMEI -> lines.
    Scoped to ``user`` when given."""
    rows = DemandDevice.objects.filter(imei__in=set(imeis), status=DeviceStatus.EXECUTED)
    if user is not None:
        rows = rows & DemandDevice.objects.visible_to(user)
    histories: dict = {imei: [] for imei in imeis}
    for row in rows.select_related("demand", "operator").order_by("executed_at", "pk"):
        histories[row.imei].append(row)
    return histories
