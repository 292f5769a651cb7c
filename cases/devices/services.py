"""Side effects and rules of the device-demand procedure (seed 000, ch. 3-1).

Rules on the lines of a demand (each error names the line and the IMEI):
- identification code: an IMEI, 15 digits with a valid Luhn check digit;
- phone number: a Kazakh mobile number (+7 7xx xxx xx xx);
- no IMEI twice in one demand;
- suspension: an IMEI whose suspension is in force (executed and not restored) cannot be
  suspended again, nor one already in another demand under way;
- restoration: must refer to an executed suspension of the same IMEI that is still in force
  (found automatically when not given), otherwise it is refused with the reason.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Deadline, TransitionLog
from cases.services import TransitionRefused, meet_deadlines, open_deadline, run_transition
from registries.models import LegalAct
from registries.roles import OrganisationKind, Role
from registries.scoping import has_role, organisation_of
from registries.validators import normalise_imei, normalise_kz_mobile

from . import rules
from .models import (
    DemandDevice,
    DemandKind,
    DemandState,
    DeviceDemand,
    DeviceServiceState,
    DeviceStatus,
    ServiceStatus,
)

#: Demands "under way": sent, not yet fully executed and not withdrawn.
UNDER_WAY = (DemandState.SENT, DemandState.RECEIVED, DemandState.NOTIFIED)


def device_label(row, imei) -> str:
    return _("line %(row)s (IMEI %(imei)s)") % {"row": row, "imei": imei or "—"}


# --- rules on one line ------------------------------------------------------------------------


def suspension_in_force(imei: str):
    """The executed suspension of ``imei`` not yet restored, or None."""
    return (
        DemandDevice.objects.filter(imei=imei, demand__kind=DemandKind.SUSPEND, status=DeviceStatus.EXECUTED)
        .exclude(restorations__status=DeviceStatus.EXECUTED)
        .select_related("demand")
        .order_by("-executed_at")
        .first()
    )


def rule_errors(kind: str, imei: str, suspension=None, demand_id=None):
    """Check the act's rules for one (already normalised) IMEI. Returns (errors, suspension):
    ``errors`` a list of messages (without the line label), ``suspension`` the suspension a
    restoration refers to."""
    errors = []
    others = DemandDevice.objects.filter(imei=imei, demand__state__in=UNDER_WAY).exclude(status=DeviceStatus.EXECUTED)
    if demand_id:
        others = others.exclude(demand_id=demand_id)
    if kind == DemandKind.SUSPEND:
        in_force = suspension_in_force(imei)
        if in_force:
            errors.append(
                _("service of this IMEI is already suspended since %(since)s (demand № %(demand)s); it cannot be suspended again")
                % {"since": f"{timezone.localtime(in_force.executed_at):%d.%m.%Y %H:%M}", "demand": in_force.demand_id}
            )
        pending = others.filter(demand__kind=DemandKind.SUSPEND).first()
        if pending:
            errors.append(_("a suspension of this IMEI is already under way (demand № %(demand)s)") % {"demand": pending.demand_id})
        return errors, None
    # restoration
    if suspension is None:
        suspension = suspension_in_force(imei)
        if suspension is None:
            errors.append(
                _("this IMEI has no executed suspension in force: there is nothing to restore (p. 20-5 requires a suspended device)")
            )
            return errors, None
    else:
        if suspension.imei != imei:
            errors.append(_("the suspension referred to concerns another IMEI (%(other)s)") % {"other": suspension.imei})
        elif suspension.demand.kind != DemandKind.SUSPEND:
            errors.append(_("the line referred to is not a suspension"))
        elif suspension.status != DeviceStatus.EXECUTED:
            errors.append(_("the suspension referred to has not been executed by the mobile operator yet"))
        elif suspension.restorations.filter(status=DeviceStatus.EXECUTED).exists():
            errors.append(_("the suspension referred to has already been restored"))
    if not errors:
        pending = others.filter(demand__kind=DemandKind.RESTORE).first()
        if pending:
            errors.append(_("a restoration of this IMEI is already under way (demand № %(demand)s)") % {"demand": pending.demand_id})
    return errors, suspension


class LinesInvalid(ValidationError):
    """Some lines of a demand are wrong: ``rows`` holds one dict of field errors per line (empty
    for a good line), as the API returns them; ``messages`` all of them, each naming its line."""

    def __init__(self, rows):
        self.rows = rows
        flat = [m for row in rows for messages in row.values() for m in messages] if isinstance(rows, list) else []
        super().__init__(flat or [str(r) for r in rows])


@dataclass
class DeviceLine:
    imei: str
    phone: str
    operator: object = None
    suspension: object = None


def clean_lines(kind: str, lines: list[dict], demand_id=None) -> list[DeviceLine]:
    """Normalise and check the lines of a demand. Raises ValidationError with
    one dict of field errors per line (empty for good lines) as ``LinesInvalid``, every message naming the line and
    the IMEI; returns the cleaned lines when all are good."""
    if not lines:
        raise LinesInvalid([{"imei": [_("The demand lists no device: add at least one line (IMEI and phone number).")]}])
    cleaned: list[DeviceLine] = []
    row_errors: list[dict] = []
    seen: dict[str, int] = {}
    for index, line in enumerate(lines, start=1):
        errors: dict[str, list[str]] = {}
        raw_imei = str(line.get("imei") or "").strip()
        label = device_label(index, raw_imei)
        imei = None
        try:
            imei = normalise_imei(raw_imei)
        except ValidationError as exc:
            errors["imei"] = [f"{label}: {m}" for m in exc.messages]
        try:
            phone = normalise_kz_mobile(str(line.get("phone") or ""))
        except ValidationError as exc:
            phone = None
            errors["phone"] = [f"{label}: {m}" for m in exc.messages]
        operator = line.get("operator")
        if operator is not None and operator.kind != OrganisationKind.MOBILE_OPERATOR:
            errors["operator"] = [f"{label}: " + _("the organisation chosen is not a mobile operator")]
        suspension = line.get("suspension")
        if imei:
            if imei in seen:
                errors.setdefault("imei", []).append(
                    f"{label}: " + _("this IMEI is already on line %(row)s of this demand") % {"row": seen[imei]}
                )
            else:
                seen[imei] = index
                problems, suspension = rule_errors(kind, imei, suspension, demand_id)
                if problems:
                    errors.setdefault("imei", []).extend(f"{label}: {p}" for p in problems)
        if kind == DemandKind.SUSPEND and line.get("suspension") is not None:
            errors["suspension"] = [f"{label}: " + _("only a restoration refers to a suspension")]
        row_errors.append(errors)
        cleaned.append(DeviceLine(imei=imei, phone=phone, operator=operator, suspension=suspension))
    if any(row_errors):
        raise LinesInvalid(row_errors)
    return cleaned


def check_demand_lines(demand: DeviceDemand) -> None:
    """Re-check every stored line of a demand (when it is sent); ValidationError naming lines."""
    messages = []
    devices = list(demand.devices.select_related("suspension__demand").order_by("row"))
    if not devices:
        raise ValidationError(_("The demand lists no device: add at least one line (IMEI and phone number)."))
    seen = set()
    for device in devices:
        label = device.label()
        if device.imei in seen:
            messages.append(f"{label}: " + _("this IMEI appears twice in this demand"))
            continue
        seen.add(device.imei)
        problems, suspension = rule_errors(demand.kind, device.imei, device.suspension, demand.pk)
        messages.extend(f"{label}: {p}" for p in problems)
        if not problems and demand.kind == DemandKind.RESTORE and device.suspension_id is None:
            device.suspension = suspension
            device.save(update_fields=["suspension"])
    if messages:
        raise ValidationError(messages)


# --- creating a demand -----------------------------------------------------------------------


@transaction.atomic
def create_demand(*, kind, penitentiary, db_operator, institution, signatory_position="", signatory_name="",
                  reference="", lines, created_by=None) -> DeviceDemand:
    """Create a draft demand with its lines, all or nothing (ValidationError naming the lines)."""
    LegalAct.objects.get(code=DeviceDemand.LEGAL_ACT_CODE).ensure_applicable()
    errors = {}
    if penitentiary.kind != OrganisationKind.PENITENTIARY:
        errors["penitentiary"] = [_("Only the penitentiary-system authority sends this demand (p. 20-2).")]
    if db_operator.kind != OrganisationKind.IMEI_DB_OPERATOR:
        errors["db_operator"] = [_("The demand is addressed to the identification-code database operator (p. 20-2).")]
    try:
        cleaned = clean_lines(kind, lines)
    except LinesInvalid as exc:
        if not errors:
            raise
        errors["devices"] = exc.messages
    if errors:
        raise ValidationError(errors)
    demand = DeviceDemand.objects.create(
        kind=kind,
        penitentiary=penitentiary,
        db_operator=db_operator,
        institution=institution,
        signatory_position=signatory_position,
        signatory_name=signatory_name,
        reference=reference,
        created_by=created_by,
    )
    DemandDevice.objects.bulk_create(
        DemandDevice(demand=demand, row=i, imei=c.imei, phone=c.phone, operator=c.operator, suspension=c.suspension)
        for i, c in enumerate(cleaned, start=1)
    )
    return demand


# --- transitions' side effects ---------------------------------------------------------------


def on_send(demand: DeviceDemand, by) -> None:
    """p. 20-2 / 20-6: the demand goes to the database operator; its lines are re-checked and the
    demand letter (form of the Appendix) is issued when the letters module is available."""
    LegalAct.objects.get(code=DeviceDemand.LEGAL_ACT_CODE).ensure_applicable()
    check_demand_lines(demand)
    demand.sent_at = timezone.now()
    from . import letters

    letters.issue_demand_letter(demand, by)


def on_receive(demand: DeviceDemand, received_at=None) -> None:
    """p. 20-2 / 20-6: receipt by the database operator starts the 1-hour notification term
    (p. 20-3 / 20-7) and the 24-hour information term of the form."""
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationError({"received_at": _("The time of receipt cannot be in the future.")})
    if demand.sent_at and received_at < demand.sent_at:
        raise ValidationError({"received_at": _("The demand cannot be received before it was sent.")})
    demand.received_at = received_at
    open_deadline(demand, rules.notify_rule(demand.kind), start=received_at, awaiting=demand.db_operator)
    open_deadline(demand, rules.INFORM_REQUESTER, start=received_at, awaiting=demand.db_operator)


def on_notify(demand: DeviceDemand) -> None:
    """p. 20-3 / 20-7: every mobile operator concerned is notified; for each, a 3-working-hour
    term in ITS OWN schedule opens (p. 20-4 / 20-8)."""
    now = timezone.now()
    demand.notified_at = now
    demand.devices.update(status=DeviceStatus.NOTIFIED, notified_at=now)
    meet_deadlines(demand, rules.notify_rule(demand.kind), at=now)
    operators = {d.operator_id: d.operator for d in demand.devices.select_related("operator")}
    for operator in sorted(operators.values(), key=lambda o: o.pk):
        open_deadline(demand, rules.execute_rule(demand.kind), start=now, awaiting=operator)


def on_inform(demand: DeviceDemand, answer: str = "") -> None:
    now = timezone.now()
    demand.informed_at = now
    if answer:
        demand.answer = answer
    meet_deadlines(demand, rules.INFORM_REQUESTER, at=now)


# --- the mobile operator's execution, device by device --------------------------------------


def execute_devices(demand: DeviceDemand, device_ids, user, executed_at=None, comment="") -> list[DemandDevice]:
    """Mark several devices of one demand executed, all or nothing (p. 20-4 / 20-8)."""
    with transaction.atomic():
        done = [execute_device(demand, device_id, user, executed_at=executed_at, comment=comment) for device_id in device_ids]
    return done


def execute_device(demand: DeviceDemand, device_id, user, executed_at=None, comment="") -> DemandDevice:
    """The mobile operator has suspended / restored service of one device (p. 20-4 / 20-8).

    Refusals raise TransitionRefused naming the device: 404 (not a device addressed to the user),
    403 (not the device's operator), 409 (not in a state to execute), 400 (bad time / rule)."""
    with transaction.atomic():
        demand = DeviceDemand.objects.select_for_update().get(pk=demand.pk)
        device = (
            DemandDevice.objects.select_for_update()
            .filter(pk=device_id, demand=demand)
            .first()
        )
        visible = device is not None and DemandDevice.objects.visible_to(user).filter(pk=device.pk).exists()
        if not visible:
            raise TransitionRefused([_("No such device in this demand.")], status=404)
        label = device.label()
        organisation = organisation_of(user)
        if not has_role(user, Role.MOBILE_OPERATOR) or not (
            user.is_superuser or (organisation is not None and device.operator_id == organisation.pk)
        ):
            raise TransitionRefused([f"{label}: " + _("only the mobile operator the device is addressed to marks it executed.")], 403)
        if device.status == DeviceStatus.EXECUTED:
            raise TransitionRefused([f"{label}: " + _("already executed.")], status=409)
        if demand.state != DemandState.NOTIFIED or device.status != DeviceStatus.NOTIFIED:
            raise TransitionRefused([f"{label}: " + _("the operator has not been notified of this device yet.")], status=409)
        now = timezone.now()
        executed_at = executed_at or now
        if executed_at > now:
            raise TransitionRefused([f"{label}: " + _("the time of execution cannot be in the future.")], status=400)
        if executed_at < device.notified_at:
            raise TransitionRefused([f"{label}: " + _("the device cannot be executed before the operator was notified.")], 400)
        if demand.kind == DemandKind.SUSPEND:
            in_force = suspension_in_force(device.imei)
            if in_force and in_force.pk != device.pk:
                raise TransitionRefused([f"{label}: " + _("service of this IMEI is already suspended by demand № %(demand)s.")
                                         % {"demand": in_force.demand_id}], status=409)
        else:
            suspension = device.suspension
            if suspension is None or suspension.restorations.filter(status=DeviceStatus.EXECUTED).exists():
                raise TransitionRefused([f"{label}: " + _("there is no suspension in force to restore.")], status=409)
        device.status = DeviceStatus.EXECUTED
        device.executed_at = executed_at
        device.executed_by = user
        device.save(update_fields=["status", "executed_at", "executed_by"])
        DeviceServiceState.objects.update_or_create(
            imei=device.imei,
            defaults={
                "status": ServiceStatus.SUSPENDED if demand.kind == DemandKind.SUSPEND else ServiceStatus.RESTORED,
                "since": executed_at,
                "device": device,
            },
        )
        TransitionLog.objects.create(
            case=demand,
            transition="execute_device",
            source=DeviceStatus.NOTIFIED,
            target=DeviceStatus.EXECUTED,
            by=user,
            comment=f"{label}" + (f": {comment}" if comment else ""),
            at=now,
        )
        operator_left = demand.devices.filter(operator_id=device.operator_id).exclude(status=DeviceStatus.EXECUTED)
        if not operator_left.exists():
            (
                Deadline.objects.for_case(demand)
                .open()
                .filter(rule_code=rules.execute_rule(demand.kind).code, awaiting_organisation_id=device.operator_id)
                .update(met_at=executed_at)
            )
        if not demand.devices.exclude(status=DeviceStatus.EXECUTED).exists():
            run_transition(demand, "complete_execution", user, comment=_("Every device executed."))
    return device


def acknowledge_devices(devices, user) -> int:
    """The mobile operator confirms it received the notification of its devices (recorded per
    device; the 3-working-hour term of p. 20-4 / 20-8 still runs from the notification itself)."""
    organisation = organisation_of(user)
    if not has_role(user, Role.MOBILE_OPERATOR) or (organisation is None and not user.is_superuser):
        raise TransitionRefused([_("Only a mobile operator acknowledges a notification.")], status=403)
    queryset = DemandDevice.objects.visible_to(user).filter(pk__in=[d.pk for d in devices])
    if not user.is_superuser:
        queryset = queryset.filter(operator=organisation)
    pending = [d for d in devices if d.status == DeviceStatus.PENDING]
    if pending:
        raise TransitionRefused(
            [f"{d.label()}: " + _("the operator has not been notified of this device yet.") for d in pending], status=409
        )
    return queryset.filter(status=DeviceStatus.NOTIFIED, acknowledged_at__isnull=True).update(acknowledged_at=timezone.now())


def set_device_operator(device: DemandDevice, operator, user) -> DemandDevice:
    """Choose / correct the mobile operator of one line: the penitentiary authority in the draft,
    the database operator once the demand is sent, until the operators are notified."""
    demand = device.demand
    label = device.label()
    if operator is not None and operator.kind != OrganisationKind.MOBILE_OPERATOR:
        raise ValidationError({"operator": [f"{label}: " + _("the organisation chosen is not a mobile operator")]})
    organisation = organisation_of(user)
    if demand.state == DemandState.DRAFT:
        allowed = has_role(user, Role.PENITENTIARY_OFFICER) and (
            user.is_superuser or (organisation is not None and organisation.pk == demand.penitentiary_id)
        )
    elif demand.state in (DemandState.SENT, DemandState.RECEIVED):
        allowed = has_role(user, Role.IMEI_DB_OPERATOR) and (
            user.is_superuser or (organisation is not None and organisation.pk == demand.db_operator_id)
        )
    else:
        raise TransitionRefused([f"{label}: " + _("the mobile operator can no longer be changed: the operators have been notified.")], 409)
    if not allowed:
        raise TransitionRefused([f"{label}: " + _("you may not choose the mobile operator of this device.")], status=403)
    device.operator = operator
    device.save(update_fields=["operator"])
    return device
