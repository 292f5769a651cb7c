"""The one entry point of each step of a device demand (seed 000, ch. 3-1), and the demand's
other writes (creating it, choosing a line's mobile operator, acknowledging a notification).

Each step's service is keyword-only, named ``device_demand_<step>`` and registered with
``cases.steps.step_service``: it runs in ``cases.services.legal_step`` (one transaction),
checks its input, takes the step with ``run_transition`` (state 409 → role 403 → conditions
400 with the clause) and writes that step's deadlines, lines and letters. The admin, the API,
the demo and the tests call these services (or ``cases.steps.take_step``, which finds them).
Steps done outside the system take ``occurred_at`` (their real time): every term they open
runs from it.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import (
    TransitionRefused,
    check_step,
    close_deadlines_not_applicable,
    legal_step,
    meet_deadlines,
    open_deadline,
    required_text,
    run_transition,
)
from cases.steps import step_service
from registries.roles import OrganisationKind, Role
from registries.scoping import has_role

from . import letters, rules, selectors
from .choices import UNDER_WAY, DemandState, DeviceStatus, ServiceStatus  # noqa: F401  (UNDER_WAY re-exported)
from .conditions import every_device_executed
from .lines import (  # noqa: F401  (re-exported: the old import paths of the line rules)
    DeviceLine,
    LinesInvalid,
    check_demand_lines,
    clean_lines,
    device_label,
    execution_conflict,
    restoration_warnings,
    rule_errors,
)
from .models import DemandDevice, DemandKind, DeviceDemand, DeviceServiceState
from .selectors import suspension_in_force  # noqa: F401  (re-exported)

# --- creating a demand ---------------------------------------------------------------------


def _addressee_errors(penitentiary, db_operator) -> dict:
    errors = {}
    if penitentiary.kind != OrganisationKind.PENITENTIARY:
        errors["penitentiary"] = [_("Only the penitentiary-system authority sends this demand (p. 20-2).")]
    if db_operator.kind != OrganisationKind.IMEI_DB_OPERATOR:
        errors["db_operator"] = [_("The demand is addressed to the identification-code database operator (p. 20-2).")]
    return errors


@transaction.atomic
def create_demand(*, kind, penitentiary, db_operator, institution, signatory_position="", signatory_name="",
                  reference="", lines, created_by=None) -> DeviceDemand:
    """Create a draft demand with its lines, all or nothing (ValidationError naming the lines)."""
    DeviceDemand.ensure_legal_act_applicable()
    errors = _addressee_errors(penitentiary, db_operator)
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


# --- the lines of a draft, as one grid ------------------------------------------------------

#: Rows a stored line is moved through while the lines are renumbered (the demand's rows are unique).
_ROW_SHIFT = 20000


@dataclass
class LinesSaved:
    created: int
    updated: int
    deleted: int


def may_write_lines(demand, actor) -> bool:
    """The penitentiary authority that drafts the demand writes its lines (p. 20-2), only in the draft."""
    from .models import PENITENTIARY

    return demand.state == DemandState.DRAFT and PENITENTIARY(demand, actor)


@transaction.atomic
def replace_demand_lines(*, demand, actor, lines: list[dict]) -> LinesSaved:
    """The lines of a draft demand as a whole (typed or pasted into the grid): ``lines`` are
    dicts of ``imei``, ``phone``, ``operator`` (and ``row``, the grid row naming a line's errors),
    checked by the one validator (``lines.clean_lines``, seed 000 ch. 3-1) — ``LinesInvalid``
    with one error dict per given line, nothing saved. Saved set-based: a stored line is kept
    (updated) when its IMEI is still there, the others deleted, the new ones created; rows are
    renumbered 1…n in the order given; the history keeps every change."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    demand = DeviceDemand.objects.select_for_update().get(pk=demand.pk)
    if not may_write_lines(demand, actor):
        raise TransitionRefused([_("Only the penitentiary-system authority changes the lines of its demand, while it is a draft (p. 20-2).")],
                                status=403)
    cleaned = clean_lines(demand.kind, lines, demand_id=demand.pk)
    stored = {line.imei: line for line in demand.devices.all()}
    wanted = {line.imei for line in cleaned}
    gone = [line.pk for imei, line in stored.items() if imei not in wanted]
    if gone:
        DemandDevice.objects.filter(pk__in=gone).delete()
    kept, created = [], []
    for row, line in enumerate(cleaned, start=1):
        values = {"row": row, "phone": line.phone, "operator": line.operator, "suspension": line.suspension}
        device = stored.get(line.imei)
        if device is None:
            created.append(DemandDevice(demand=demand, imei=line.imei, **values))
            continue
        changed = any(getattr(device, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(device, name, value)
        if changed:
            kept.append(device)
    if kept:
        shifted = [DemandDevice(pk=device.pk, row=_ROW_SHIFT + device.row) for device in kept]
        DemandDevice.objects.bulk_update(shifted, ["row"])  # out of the way of each other's new rows
        bulk_update_with_history(kept, DemandDevice, ["row", "phone", "operator", "suspension"], default_user=actor)
    if created:
        bulk_create_with_history(created, DemandDevice, default_user=actor)
    return LinesSaved(created=len(created), updated=len(kept), deleted=len(gone))


# --- the steps -----------------------------------------------------------------------------


@step_service(DeviceDemand.send)
def device_demand_send(*, case, actor, comment="", occurred_at=None):
    """p. 20-2 / 20-6: the demand goes to the database operator; its lines are re-checked (another
    demand may have got ahead) and the demand letter (form of the Appendix) is issued.

    Sent through the system (no ``occurred_at``) it is delivered — received — the moment it is
    sent: the system records the receipt and the 1-hour (p. 20-3 / 20-7) and 24-hour terms run
    from it. With ``occurred_at`` it was sent outside the system (on paper, by post) at that
    time: the database operator records its receipt with its real time (``receive``)."""
    with legal_step(case):
        sent_at = occurred_at or timezone.now()
        check_step(case, "send", actor, occurred_at)
        DeviceDemand.ensure_legal_act_applicable(on=timezone.localdate(sent_at))
        check_demand_lines(case)
        run_transition(case, "send", actor, comment=comment, occurred_at=occurred_at, sent_at=sent_at,
                       outside_system=occurred_at is not None)
        letters.issue_demand_letter(case, actor)
        if occurred_at is None:
            device_demand_deliver(case=case, actor=actor)
    return case


@step_service(DeviceDemand.deliver)
def device_demand_deliver(*, case, actor, comment=""):
    """The system's step right after a demand is sent through the system: delivered, it is
    received at the moment it was sent, and the terms of p. 20-3 / 20-7 and of the form run from
    it (never a button: nobody has to record this receipt)."""
    with legal_step(case):
        run_transition(case, "deliver", actor, comment=comment or _("Delivered through the system when sent."),
                       received_at=case.sent_at)
        _open_receipt_terms(case, case.sent_at)
    return case


def _open_receipt_terms(case, received_at) -> None:
    """p. 20-3 / 20-7 and the form of the Appendix: both terms run from the receipt."""
    open_deadline(case, rules.notify_rule(case.kind), start=received_at, awaiting=case.db_operator)
    open_deadline(case, rules.INFORM_REQUESTER, start=received_at, awaiting=case.db_operator)


@step_service(DeviceDemand.withdraw)
def device_demand_withdraw(*, case, actor, reason="", comment="", occurred_at=None):
    """A demand opened in error is withdrawn before its receipt, with its reason; its terms
    close as not applicable (nobody met them, nobody is late)."""
    with legal_step(case):
        check_step(case, "withdraw", actor)
        reason = required_text(reason, "reason", _("Give the reason for the withdrawal."))
        withdrawn_at = occurred_at or timezone.now()
        run_transition(case, "withdraw", actor, comment=comment or reason, occurred_at=occurred_at,
                       reason=reason, withdrawn_at=withdrawn_at)
        close_deadlines_not_applicable(case, at=withdrawn_at)
    return case


@step_service(DeviceDemand.receive)
def device_demand_receive(*, case, actor, comment="", occurred_at=None):
    """p. 20-2 / 20-6: the receipt of a demand sent outside the system (its real time for a
    demand received by post) starts the 1-hour notification term (p. 20-3 / 20-7) and the
    24-hour term of the form. A demand sent through the system is received when sent."""
    with legal_step(case):
        received_at = occurred_at or timezone.now()
        run_transition(case, "receive", actor, comment=comment, occurred_at=occurred_at, received_at=received_at)
        _open_receipt_terms(case, received_at)
    return case


@step_service(DeviceDemand.notify_operators)
def device_demand_notify_operators(*, case, actor, comment="", occurred_at=None):
    """p. 20-3 / 20-7: every mobile operator concerned is notified (meets the 1-hour term); for
    each, a 3-working-hour term in ITS OWN schedule opens (p. 20-4 / 20-8)."""
    with legal_step(case):
        notified_at = occurred_at or timezone.now()
        run_transition(case, "notify_operators", actor, comment=comment, occurred_at=occurred_at, notified_at=notified_at)
        case.devices.update(status=DeviceStatus.NOTIFIED, notified_at=notified_at)
        meet_deadlines(case, rules.notify_rule(case.kind), at=notified_at)
        operators = {d.operator_id: d.operator for d in case.devices.select_related("operator")}
        for operator in sorted(operators.values(), key=lambda o: o.pk):
            open_deadline(case, rules.execute_rule(case.kind), start=notified_at, awaiting=operator)
    return case


@step_service(DeviceDemand.execute_device)
def device_demand_execute_device(*, case, actor, devices, comment="", occurred_at=None) -> list[DemandDevice]:
    """p. 20-4 / 20-8: the mobile operator has suspended / restored service of these lines of
    the demand, all or nothing. Each line is one ``execute_device`` step (logged, naming the
    line); when the last line of the demand is executed the system completes the execution.

    Refusals name the line: 404 (not a line the actor may see), 409 (already executed, not
    notified, a suspension in force elsewhere), 403 (not its mobile operator), 400 (time)."""
    with legal_step(case):
        _lock(case)
        lines = _lines_of(case, actor, devices)
        for device in lines:
            _execute_line(case, device, actor, comment=comment, occurred_at=occurred_at)
        if every_device_executed(case):
            device_demand_complete_execution(case=case, actor=actor)
    return lines


@step_service(DeviceDemand.complete_execution)
def device_demand_complete_execution(*, case, actor, comment=""):
    """The system step after the last line is executed: the demand is executed when its last
    device was (the time the requester's answer reports)."""
    with legal_step(case):
        executed_at = selectors.latest_execution(case)
        run_transition(case, "complete_execution", actor, comment=comment or _("Every device executed."),
                       occurred_at=_completion_time(case, executed_at), executed_at=executed_at)
    return case


@step_service(DeviceDemand.inform_requester)
def device_demand_inform_requester(*, case, actor, answer="", comment="", occurred_at=None):
    """The form of the Appendix: the requester asks to be informed within 24 hours of the
    demand's receipt — the answer is required text, and giving it meets that term."""
    with legal_step(case):
        check_step(case, "inform_requester", actor)
        answer = required_text(
            answer, "answer",
            _("Write the answer to the requester: what was done with each device (the demand asks to be informed "
              "within 24 hours of its receipt)."),
        )
        informed_at = occurred_at or timezone.now()
        run_transition(case, "inform_requester", actor, comment=comment, occurred_at=occurred_at,
                       answer=answer, informed_at=informed_at)
        meet_deadlines(case, rules.INFORM_REQUESTER, at=informed_at)
    return case


# --- the parts of executing a line ----------------------------------------------------------


def _lock(case) -> None:
    """Serialise the executions of one demand (two operators finishing at the same moment)."""
    list(DeviceDemand.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))
    case.refresh_from_db()


def _lines_of(case, actor, devices) -> list[DemandDevice]:
    """The chosen lines of this demand among those the actor may see (404 otherwise)."""
    ids = list(dict.fromkeys(int(getattr(device, "pk", device)) for device in devices or ()))
    if not ids:
        raise ValidationError({"devices": [_("Choose at least one device line.")]}, code="required")
    found = DemandDevice.objects.visible_to(actor).filter(demand=case, pk__in=ids).select_related("demand", "suspension")
    if len(found) != len(ids):
        raise TransitionRefused([_("No such device in this demand.")], status=404)
    return sorted(found, key=lambda device: device.row)


def _named(refusal: TransitionRefused, label: str) -> TransitionRefused:
    refusal.messages = [f"{label}: {message}" for message in refusal.messages]
    refusal.errors = {name: [f"{label}: {m}" for m in messages] for name, messages in refusal.errors.items()}
    return refusal


@contextmanager
def about_line(device):
    """Every refusal about one line names it (line and IMEI)."""
    label = device.label()
    try:
        yield label
    except ValidationError as exc:
        raise _named(TransitionRefused.from_validation_error(exc), label) from exc
    except TransitionRefused as refusal:
        raise _named(refusal, label) from None


def _check_line(device, executed_at) -> None:
    if device.status == DeviceStatus.EXECUTED:
        raise TransitionRefused([_("already executed.")], status=409)
    if device.status != DeviceStatus.NOTIFIED:
        raise TransitionRefused([_("the operator has not been notified of this device yet.")], status=409)
    if executed_at < device.notified_at:
        raise ValidationError({"occurred_at": [_("the device cannot be executed before the operator was notified.")]})
    conflict = execution_conflict(device)
    if conflict:
        raise TransitionRefused([conflict], status=409)


def _execute_line(case, device, actor, *, comment, occurred_at) -> None:
    with about_line(device) as label:
        executed_at = occurred_at or timezone.now()
        _check_line(device, executed_at)
        run_transition(case, "execute_device", actor, comment=f"{label}: {comment}" if comment else label,
                       occurred_at=occurred_at)
    device.status, device.executed_at, device.executed_by = DeviceStatus.EXECUTED, executed_at, actor
    device.save(update_fields=["status", "executed_at", "executed_by"])
    _record_service_state(device, executed_at)
    if not selectors.operator_lines_left(case, device.operator_id):
        meet_deadlines(case, rules.execute_rule(case.kind), at=executed_at, awaiting=device.operator)


def _record_service_state(device, executed_at) -> None:
    """The IMEI's current state of service: suspended / restored since this execution."""
    status = ServiceStatus.SUSPENDED if device.demand.kind == DemandKind.SUSPEND else ServiceStatus.RESTORED
    DeviceServiceState.objects.update_or_create(imei=device.imei, defaults={"status": status, "since": executed_at, "device": device})


def _completion_time(case, executed_at):
    """The real time of the system step: the last execution when it was entered afterwards (so
    the log keeps the real order), else now."""
    last = case.transition_logs.order_by("-at", "-pk").values_list("at", flat=True).first()
    if executed_at is not None and last is not None and executed_at >= last:
        return executed_at
    return None


# --- the other writes -----------------------------------------------------------------------


def acknowledge_devices(devices, user) -> int:
    """The mobile operator confirms it received the notification of its devices (recorded per
    device; the 3-working-hour term of p. 20-4 / 20-8 still runs from the notification itself).
    Not a step of the act: a write on the operator's own lines (``selectors.own_lines``)."""
    if not has_role(user, Role.MOBILE_OPERATOR):
        raise TransitionRefused([_("Only a mobile operator acknowledges a notification.")], status=403)
    pending = [d for d in devices if d.status == DeviceStatus.PENDING]
    if pending:
        raise TransitionRefused(
            [f"{d.label()}: " + _("the operator has not been notified of this device yet.") for d in pending], status=409
        )
    lines = selectors.lines_to_acknowledge(user).filter(pk__in=[d.pk for d in devices])
    return lines.update(acknowledged_at=timezone.now())


def set_device_operator(device: DemandDevice, operator, user) -> DemandDevice:
    """Choose / correct the mobile operator of one line, until the operators are notified (not a
    step of the act: the preparation of the notification, by whoever takes the demand's next
    step — ``selectors.may_choose_operators``)."""
    demand = device.demand
    label = device.label()
    if operator is not None and operator.kind != OrganisationKind.MOBILE_OPERATOR:
        raise ValidationError({"operator": [f"{label}: " + _("the organisation chosen is not a mobile operator")]})
    if demand.state not in selectors.OPERATOR_CHOOSABLE:
        raise TransitionRefused([f"{label}: " + _("the mobile operator can no longer be changed: the operators have been notified.")], 409)
    if not selectors.may_choose_operators(demand, user):
        raise TransitionRefused([f"{label}: " + _("you may not choose the mobile operator of this device.")], status=403)
    device.operator = operator
    device.save(update_fields=["operator"])
    return device
