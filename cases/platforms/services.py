"""One service per step of seed 004 (Order No. 267-НҚ of 24.06.2024): each runs its transition
through ``run_transition`` and, in the same transaction (``legal_step``), opens and meets the
terms and issues the letters of that step. The admin, the API, the demo and the tests call these
(directly, or through ``cases.steps.take_step``).

A step done outside the system (a notice or an instruction sent on paper, a receipt, statistics
or a report received by letter) is recorded afterwards with ``occurred_at``: it is judged at that
time (``conditions.step_moment``) and every term it opens or meets runs from it. A letter sent on
paper keeps its paper register number (``register_number``) and is not issued again.

Terms close as met only by the step that meets them; a term the case no longer needs (the case
closed, was withdrawn or took another road) closes as not applicable.

The input of a step is checked inside its transaction before the transition (a refusal keeps its
field errors); what depends on the case's timeline (the p. 9 level) after it, so a forged step
answers 409 / 403 first.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import (
    close_deadlines_not_applicable,
    legal_step,
    meet_deadlines,
    open_deadline,
    required_text,
    run_transition,
)
from cases.steps import step_service
from registries.roles import OrganisationKind
from registries.validators import validate_not_in_future

from . import letters, rules, throttle
from .choices import InstructionKind, PlatformCaseGround
from .models import PlatformCase, ThrottleInstruction, ThrottleLimit
from .selectors import default_sts
from .traffic import (  # noqa: F401  (re-exported: the API, the demo and the tests use them from here)
    GridSaved,
    StatisticRow,
    StatisticsGridRejected,
    StatisticsRejected,
    ensure_request_open,
    record_statistics,
    save_statistics_grid,
    statistics_closed_error,
)

# --- running a step -------------------------------------------------------------------------


def _paper_number(register_number, occurred_at) -> str:
    """A letter recorded afterwards was sent on paper: its register number is required (it is
    not issued again); a number without a time is a paper letter sent now."""
    number = (register_number or "").strip()
    if occurred_at is not None and not number:
        raise ValidationError({"register_number": [ValidationError(
            _("A letter sent outside the system: give its register number (it is not issued again)."), code="required"
        )]})
    return number


def _not_in_future(value, field: str) -> None:
    try:
        validate_not_in_future(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from exc


def _sts(sts):
    sts = sts or default_sts()
    if sts is None or sts.kind != OrganisationKind.STS:
        raise ValidationError({"sts": [_("Requests go to the State Technical Service (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы).")]})
    return sts


def _close_remaining(case) -> None:
    """A finished case leaves no term running: what nobody met is not applicable."""
    close_deadlines_not_applicable(case, at=case.closed_at)


def _appoint(platform, representative: str) -> None:
    platform.legal_representative = representative
    platform.save(update_fields=["legal_representative"])


# --- the prohibited-information road (p. 3–5) -----------------------------------------------


@step_service(PlatformCase.detect)
def platform_case_detect(*, case, actor, comment="", occurred_at=None, detection_summary=""):
    """p. 3–4: the violation detected; the three working days of p. 5 / p. 6 run from detection."""
    with legal_step(case):
        run_transition(case, "detect", actor, comment=comment, occurred_at=occurred_at, detection_summary=detection_summary)
        rule = rules.WARNING_LETTER if case.ground == PlatformCaseGround.PROHIBITED_INFORMATION else rules.NOTICE
        open_deadline(case, rule, start=case.detected_at, awaiting=case.organisation)
    return case


@step_service(PlatformCase.send_warning)
def platform_case_send_warning(*, case, actor, comment=""):
    """p. 5, Appendix 1: the warning letter meets the three working days."""
    with legal_step(case):
        run_transition(case, "send_warning", actor, comment=comment)
        letters.issue_warning_letter(case, actor)
        meet_deadlines(case, rules.WARNING_LETTER, at=case.warning_sent_at)
    return case


@step_service(PlatformCase.confirm_removal)
def platform_case_confirm_removal(*, case, actor, comment="", occurred_at=None):
    with legal_step(case):
        run_transition(case, "confirm_removal", actor, comment=comment, occurred_at=occurred_at)
        _close_remaining(case)
    return case


def _restriction_instruction(case, actor, *, after_notice: bool) -> ThrottleInstruction:
    """The Art. 41-1 p. 1-1 instruction: a numbered letter to the STS and the operators, in the
    register of instructions the STS reads."""
    letter = letters.issue_restriction_letter(case, actor, after_notice=after_notice)
    return ThrottleInstruction.objects.create(
        case=case, kind=InstructionKind.RESTRICT, level=0, issued_at=letter.issued_at, issued_by=actor,
        notice_register_number=case.notice_register_number, notice_sent_at=case.notice_sent_at,
        letter_id=letter.pk, register_number=letter.register_number,
    )


def _grounds(basis) -> str:
    return required_text(basis, "basis", _("State the grounds of the restriction decision (Art. 41-1 of the Law on Communications)."))


@step_service(PlatformCase.order_restriction)
def platform_case_order_restriction(*, case, actor, comment="", basis="", sts=None):
    """Art. 41-1 p. 1-1 of the Law on Communications after an ignored Appendix 1 letter (no term:
    the case records when the official decided); the case closes with the instruction."""
    with legal_step(case):
        basis, sts = _grounds(basis), case.sts or _sts(sts)
        run_transition(case, "order_restriction", actor, comment=comment, basis=basis, sts=sts)
        _restriction_instruction(case, actor, after_notice=False)
        _close_remaining(case)
    return case


# --- the legal-representative road (p. 6–10) ------------------------------------------------


@step_service(PlatformCase.send_notice)
def platform_case_send_notice(*, case, actor, comment="", occurred_at=None, register_number=""):
    """p. 6, Appendix 2: the notice meets the three working days and starts the eight months of
    p. 7 (and the p. 9 levels); one sent on paper keeps its date and register number."""
    with legal_step(case):
        number = _paper_number(register_number, occurred_at)
        run_transition(case, "send_notice", actor, comment=comment, occurred_at=occurred_at, register_number=number)
        if not number:
            letter = letters.issue_notice(case, actor)
            case.notice_register_number, case.notice_sent_at = letter.register_number, letter.issued_at
            case.save(update_fields=["notice_register_number", "notice_sent_at"])
        meet_deadlines(case, rules.NOTICE, at=case.notice_sent_at)
        open_deadline(case, rules.STATISTICS_REQUEST, start=case.notice_sent_at, awaiting=case.organisation)
        if case.content_to_remove.strip():  # the six hours of Appendix 2 start at the receipt: record it
            open_deadline(case, rules.NOTICE_RECEIPT, start=case.notice_sent_at, awaiting=case.organisation)
    return case


@step_service(PlatformCase.record_notice_receipt)
def platform_case_record_notice_receipt(*, case, actor, comment="", occurred_at=None):
    """Appendix 2: for identified violations the six hours of the restriction run from receipt."""
    with legal_step(case):
        run_transition(case, "record_notice_receipt", actor, comment=comment, occurred_at=occurred_at)
        meet_deadlines(case, rules.NOTICE_RECEIPT, at=case.notice_received_at)
        if case.content_to_remove.strip() and case.content_removed_at is None and case.restriction_ordered_at is None:
            open_deadline(case, rules.RESTRICTION_AFTER_NOTICE, start=case.notice_received_at, awaiting=case.organisation)
    return case


@step_service(PlatformCase.record_content_removal)
def platform_case_record_content_removal(*, case, actor, comment="", occurred_at=None):
    """Appendix 2: the identified violations were removed — the six hours are met by the removal
    (a receipt not yet recorded no longer matters: its reminder does not apply)."""
    with legal_step(case):
        run_transition(case, "record_content_removal", actor, comment=comment, occurred_at=occurred_at)
        meet_deadlines(case, rules.RESTRICTION_AFTER_NOTICE, at=case.content_removed_at)
        close_deadlines_not_applicable(case, rules.NOTICE_RECEIPT, at=case.content_removed_at)
    return case


@step_service(PlatformCase.order_restriction_after_notice)
def platform_case_order_restriction_after_notice(*, case, actor, comment="", basis="", sts=None):
    """Appendix 2: the restriction instruction within six hours of the notice's receipt."""
    with legal_step(case):
        basis, sts = _grounds(basis), case.sts or _sts(sts)
        run_transition(case, "order_restriction_after_notice", actor, comment=comment, basis=basis, sts=sts)
        _restriction_instruction(case, actor, after_notice=True)
        meet_deadlines(case, rules.RESTRICTION_AFTER_NOTICE, at=case.restriction_ordered_at)
    return case


def _representative(representative) -> str:
    return required_text(representative, "representative", _("Name the legal representative the platform appointed."))


@step_service(PlatformCase.confirm_representative)
def platform_case_confirm_representative(*, case, actor, comment="", occurred_at=None, representative=""):
    """Art. 9 p. 1 complied with before any limit: the case closes, its open terms do not apply."""
    with legal_step(case):
        representative = _representative(representative)
        run_transition(case, "confirm_representative", actor, comment=comment, occurred_at=occurred_at)
        _appoint(case.platform, representative)
        _close_remaining(case)
    return case


@step_service(PlatformCase.request_statistics)
def platform_case_request_statistics(*, case, actor, comment="", occurred_at=None, sts=None):
    """p. 7: the request meets the eight months; the STS's 15 calendar days of p. 8 start."""
    with legal_step(case):
        sts = _sts(sts)
        run_transition(case, "request_statistics", actor, comment=comment, occurred_at=occurred_at, sts=sts)
        meet_deadlines(case, rules.STATISTICS_REQUEST, at=case.statistics_requested_at)
        open_deadline(case, rules.STATISTICS_ANSWER, start=case.statistics_requested_at, awaiting=sts)
    return case


@step_service(PlatformCase.submit_statistics)
def platform_case_submit_statistics(*, case, actor, comment="", occurred_at=None):
    """p. 8: the STS sends its analysis (by letter: recorded by the STS with its real time)."""
    with legal_step(case):
        run_transition(case, "submit_statistics", actor, comment=comment, occurred_at=occurred_at)
        meet_deadlines(case, rules.STATISTICS_ANSWER, at=case.statistics_answered_at)
    return case


# --- throttling (p. 9–10, Appendix 3) -------------------------------------------------------


def level_error(allowed, asked) -> str:
    if allowed is None:
        return _(
            "No throttling level applies at this time: more than one year and six months have passed since the notice "
            "(№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағы)."
        )
    return _(
        "At this time since the notice the Rules allow throttling by %(allowed)s %%, not %(asked)s %% (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағы)."
    ) % {"allowed": allowed, "asked": asked}


def _level(case, level, moment) -> int:
    """p. 9: the level is the one the time since the notice allows at the step's moment."""
    allowed = case.allowed_throttle_level(moment)
    level = allowed if level in (None, "") else int(level)
    if allowed is None or level != allowed:
        raise ValidationError({"level": [level_error(allowed, level)]})
    return level


def compute_limits(case, level: int) -> list[dict]:
    """The Appendix 3 table: for every regional object and period, the peak reduced by
    ``level`` percent, rounded down to whole Kbit/s (p. 9)."""
    statistics = case.traffic_statistics.select_related("regional_object").order_by("regional_object__name_kk", "period_start")
    return [
        {
            "regional_object": row.regional_object,
            "period_start": row.period_start,
            "period_end": row.period_end,
            "peak_kbps": row.peak_kbps,
            "limit_kbps": throttle.limit_kbps(row.peak_kbps, level),
        }
        for row in statistics
    ]


def _throttle(case, actor, level: int, number: str, moment) -> ThrottleInstruction:
    """The Appendix 3 instruction with its rows; its letter unless it was sent on paper; the
    STS's ten тәулік to report and the window of the level."""
    rows = compute_limits(case, level)
    instruction = ThrottleInstruction.objects.create(
        case=case, kind=InstructionKind.THROTTLE, level=level, issued_at=moment, issued_by=actor,
        notice_register_number=case.notice_register_number, notice_sent_at=case.notice_sent_at, register_number=number,
    )
    ThrottleLimit.objects.bulk_create(ThrottleLimit(instruction=instruction, **row) for row in rows)
    if not number:
        letter = letters.issue_throttle_letter(case, instruction, rows, actor)
        instruction.letter_id, instruction.register_number = letter.pk, letter.register_number
        instruction.issued_at = letter.issued_at
        instruction.save(update_fields=["letter_id", "register_number", "issued_at"])
    open_deadline(case, rules.THROTTLE_REPORT, start=instruction.issued_at, awaiting=case.sts)
    # p. 9: the window of the previous level is answered by this instruction; watch this one's end
    meet_deadlines(case, *rules.THROTTLE_WINDOWS.values(), at=instruction.issued_at)
    window = rules.THROTTLE_WINDOWS.get(level)
    if window is not None:
        open_deadline(case, window, start=case.notice_sent_at, awaiting=case.organisation)
    return instruction


def _throttling_step(name, *, case, actor, comment, occurred_at, level, register_number):
    moment = occurred_at or timezone.now()
    with legal_step(case):
        number = _paper_number(register_number, occurred_at)
        run_transition(case, name, actor, comment=comment, occurred_at=occurred_at)
        # after the state, role and conditions (409 / 403 / 400 first), the asked level
        instruction = _throttle(case, actor, _level(case, level, moment), number, moment)
    return instruction


@step_service(PlatformCase.issue_throttle_instruction)
def platform_case_issue_throttle_instruction(*, case, actor, comment="", occurred_at=None, level=None, register_number=""):
    """p. 9, Appendix 3: the first level, by the time since the notice."""
    return _throttling_step("issue_throttle_instruction", case=case, actor=actor, comment=comment,
                            occurred_at=occurred_at, level=level, register_number=register_number)


@step_service(PlatformCase.escalate_throttling)
def platform_case_escalate_throttling(*, case, actor, comment="", occurred_at=None, level=None, register_number=""):
    """p. 9: the next level once its window is open and the STS reported the level in force
    (Appendix 3 p. 2), so no unreported instruction is ever superseded."""
    return _throttling_step("escalate_throttling", case=case, actor=actor, comment=comment,
                            occurred_at=occurred_at, level=level, register_number=register_number)


@step_service(PlatformCase.report_execution)
def platform_case_report_execution(*, case, actor, comment="", occurred_at=None, executed_at=None, report=""):
    """p. 10, Appendix 3 p. 2: the STS's report meets its ten тәулік (at the report's real time)."""
    moment = occurred_at or timezone.now()
    with legal_step(case):
        report = required_text(report, "report", _("Describe how the instruction was executed (№ 267-НҚ бұйрықпен бекітілген Қағидаларға 3-қосымшаның 2-тармағы)."))
        _not_in_future(executed_at, "executed_at")
        run_transition(case, "report_execution", actor, comment=comment, occurred_at=occurred_at)
        instruction = case.current_instruction
        executed = executed_at or moment
        if executed < instruction.issued_at:
            raise ValidationError({"executed_at": [_("The instruction cannot be executed before it was issued.")]})
        if executed > moment:
            raise ValidationError({"executed_at": [_("The execution cannot come after its report.")]})
        instruction.executed_at, instruction.execution_report, instruction.reported_by = executed, report, actor
        instruction.save(update_fields=["executed_at", "execution_report", "reported_by"])
        meet_deadlines(case, rules.THROTTLE_REPORT, at=moment)
    return case


@step_service(PlatformCase.lift_limits)
def platform_case_lift_limits(*, case, actor, comment="", representative=""):
    """The platform appointed its representative (Art. 9 p. 1): a numbered instruction to the STS
    and the Analysis and Information Centre lifts the Appendix 3 limits. An execution report still
    owed on a lifted instruction closes as not applicable: Appendix 3 p. 2's report serves the
    decision on the next level of p. 9, which lifting ends; nobody met it and no step remains to."""
    with legal_step(case):
        representative = _representative(representative)
        throttles = list(case.throttle_instructions.filter(kind=InstructionKind.THROTTLE).order_by("issued_at", "pk"))
        run_transition(case, "lift_limits", actor, comment=comment)
        _appoint(case.platform, representative)
        letter = letters.issue_lifting_letter(case, actor, representative, throttles, at=case.closed_at)
        ThrottleInstruction.objects.create(
            case=case, kind=InstructionKind.LIFT, level=0, issued_at=letter.issued_at, issued_by=actor,
            notice_register_number=case.notice_register_number, notice_sent_at=case.notice_sent_at,
            letter_id=letter.pk, register_number=letter.register_number,
        )
        _close_remaining(case)
    return case


# --- withdrawal -----------------------------------------------------------------------------


@step_service(PlatformCase.withdraw)
def platform_case_withdraw(*, case, actor, comment="", reason=""):
    """A case opened in error, or for a platform p. 5 / p. 6 does not apply to: withdrawn with
    its reason; its open terms close as not applicable (never as met)."""
    with legal_step(case):
        reason = required_text(reason, "reason", _("Give the reason for the withdrawal."))
        run_transition(case, "withdraw", actor, comment=comment, reason=reason)
        _close_remaining(case)
    return case
