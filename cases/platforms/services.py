"""Side effects of the seed 004 transitions: deadlines, letters, statistics, instructions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Deadline
from cases.services import meet_deadlines, open_deadline
from registries.models import Organisation, RegionalObject
from registries.roles import OrganisationKind

from . import letters, rules, throttle

# --- running a step ----------------------------------------------------------------------




# --- transitions' side effects -------------------------------------------------------------


def _not_in_future(value: datetime | None, field: str) -> datetime:
    now = timezone.now()
    value = value or now
    if value > now:
        raise ValidationError({field: [_("This moment cannot be in the future.")]})
    return value


def on_detect(case, detected_at=None, summary=""):
    """p. 5 / p. 6: the three working days run from detection."""
    case.detected_at = _not_in_future(detected_at, "detected_at")
    if summary:
        case.detection_summary = summary
    rule = rules.WARNING_LETTER if case.ground == "prohibited_information" else rules.NOTICE
    open_deadline(case, rule, start=case.detected_at, awaiting=case.organisation)


def on_send_warning(case, by):
    letter = letters.issue_warning_letter(case, by)
    case.warning_sent_at = letter.issued_at or timezone.now()
    meet_deadlines(case, rules.WARNING_LETTER, at=case.warning_sent_at)


def on_order_restriction(case, basis="", rule=None):
    """Art. 41-1 of the Law on Communications. After a warning letter no term applies; after the
    notice, the Appendix 2 six-hour term is met now."""
    case.restriction_ordered_at = timezone.now()
    case.restriction_basis = basis
    if rule is not None:
        meet_deadlines(case, rule, at=case.restriction_ordered_at)


def on_send_notice(case, by):
    letter = letters.issue_notice(case, by)
    case.notice_sent_at = letter.issued_at or timezone.now()
    case.notice_register_number = letter.register_number
    meet_deadlines(case, rules.NOTICE, at=case.notice_sent_at)
    open_deadline(case, rules.STATISTICS_REQUEST, start=case.notice_sent_at, awaiting=case.organisation)


def on_notice_receipt(case, received_at=None):
    received_at = _not_in_future(received_at, "received_at")
    if case.notice_sent_at and received_at < case.notice_sent_at:
        raise ValidationError({"received_at": [_("The platform cannot receive the notice before it was sent.")]})
    case.notice_received_at = received_at
    if case.content_to_remove.strip():
        open_deadline(case, rules.RESTRICTION_AFTER_NOTICE, start=received_at, awaiting=case.organisation)


def default_sts():
    return Organisation.objects.filter(kind=OrganisationKind.STS, is_active=True).order_by("pk").first()


def on_request_statistics(case, sts=None):
    sts = sts or default_sts()
    if sts is None or sts.kind != OrganisationKind.STS:
        raise ValidationError({"sts": [_("Requests go to the State Technical Service (№ 267-НҚ бұйрық, 7-т.).")]})
    now = timezone.now()
    case.sts = sts
    case.statistics_requested_at = now
    meet_deadlines(case, rules.STATISTICS_REQUEST, at=now)
    open_deadline(case, rules.STATISTICS_ANSWER, start=now, awaiting=sts)


def on_submit_statistics(case):
    now = timezone.now()
    case.statistics_answered_at = now
    meet_deadlines(case, rules.STATISTICS_ANSWER, at=now)


def on_representative(case, representative: str):
    representative = (representative or "").strip()
    if not representative:
        raise ValidationError({"representative": [_("Name the legal representative the platform appointed.")]})
    platform = case.platform
    platform.legal_representative = representative
    platform.save(update_fields=["legal_representative"])


def close_case(case):
    """A closed case leaves no term running: open terms are marked met at closing."""
    case.closed_at = timezone.now()
    Deadline.objects.for_case(case).open().update(met_at=case.closed_at)


def on_report_execution(case, by=None, executed_at=None, report=""):
    instruction = case.current_instruction
    executed_at = _not_in_future(executed_at, "executed_at")
    if executed_at < instruction.issued_at:
        raise ValidationError({"executed_at": [_("The instruction cannot be executed before it was issued.")]})
    if not (report or "").strip():
        raise ValidationError({"report": [_("Describe how the instruction was executed (№ 267-НҚ бұйрық, 3-қосымша 2-т.).")]})
    instruction.executed_at = executed_at
    instruction.execution_report = report
    instruction.reported_by = by
    instruction.save(update_fields=["executed_at", "execution_report", "reported_by"])
    meet_deadlines(case, rules.THROTTLE_REPORT, at=timezone.now())


# --- throttling (p. 9) ---------------------------------------------------------------------


def level_error(allowed, asked) -> str:
    if allowed is None:
        return _(
            "No throttling level applies at this time: more than one year and six months have passed since the notice "
            "(№ 267-НҚ бұйрық, 9-т.)."
        )
    return _(
        "At this time since the notice the Rules allow throttling by %(allowed)s %%, not %(asked)s %% (№ 267-НҚ бұйрық, 9-т.)."
    ) % {"allowed": allowed, "asked": asked}


def compute_limits(case, level: int) -> list[dict]:
    """The Appendix 3 table: for every regional object and period, the peak reduced by
    ``level`` percent, rounded down to whole Kbit/s (p. 9)."""
    rows = []
    statistics = case.traffic_statistics.select_related("regional_object").order_by(
        "regional_object__name_kk", "period_start"
    )
    for row in statistics:
        rows.append(
            {
                "regional_object": row.regional_object,
                "period_start": row.period_start,
                "period_end": row.period_end,
                "peak_kbps": row.peak_kbps,
                "limit_kbps": throttle.limit_kbps(row.peak_kbps, level),
            }
        )
    return rows


def issue_throttle_instruction(case, by=None, level=None):
    from .models import ThrottleInstruction, ThrottleLimit

    now = timezone.now()
    allowed = case.allowed_throttle_level(now)
    if level in (None, ""):
        level = allowed
    level = int(level)
    if allowed is None or level != allowed:
        raise ValidationError({"level": [level_error(allowed, level)]})
    current = case.current_instruction
    if current is not None and current.level >= level:
        raise ValidationError({"level": [_("The throttling level %(level)s %% is already in force (№ 267-НҚ бұйрық, 9-т.).") % {"level": current.level}]})
    notice = letters.issued_notice(case)
    if notice is None:
        raise ValidationError(
            _("Appendix 3 cites the issued notice (Appendix 2) of the case; there is none (№ 267-НҚ бұйрық, 3-қосымша).")
        )
    rows = compute_limits(case, level)
    instruction = ThrottleInstruction.objects.create(
        case=case,
        kind=ThrottleInstruction.Kind.THROTTLE,
        level=level,
        issued_at=now,
        issued_by=by,
        notice_register_number=notice.register_number,
        notice_sent_at=notice.issued_at,
    )
    ThrottleLimit.objects.bulk_create(ThrottleLimit(instruction=instruction, **row) for row in rows)
    letter = letters.issue_throttle_letter(case, instruction, rows, by)
    instruction.letter_id = letter.pk
    instruction.register_number = letter.register_number or ""
    instruction.issued_at = letter.issued_at or now
    instruction.save(update_fields=["letter_id", "register_number", "issued_at"])
    if current is not None and current.executed_at is None:
        meet_deadlines(case, rules.THROTTLE_REPORT, at=instruction.issued_at)
    open_deadline(case, rules.THROTTLE_REPORT, start=instruction.issued_at, awaiting=case.sts)
    open_window_deadline(case, level, notice.issued_at, at=instruction.issued_at)
    return instruction


def open_window_deadline(case, level: int, notice_at, at):
    """p. 9: watch the end of the window of ``level``; the window of the previous level is done."""
    meet_deadlines(case, *rules.THROTTLE_WINDOWS.values(), at=at)
    rule = rules.THROTTLE_WINDOWS.get(level)
    if rule is not None:
        open_deadline(case, rule, start=notice_at, awaiting=case.organisation)


def issue_lifting_instruction(case, by=None):
    """Compliance: the STS is instructed to lift the limits. The act has no form for this
    instruction; it is recorded in the register of instructions the STS reads (admin, API)."""
    from .models import ThrottleInstruction

    meet_deadlines(case, *rules.THROTTLE_WINDOWS.values())
    return ThrottleInstruction.objects.create(
        case=case,
        kind=ThrottleInstruction.Kind.LIFT,
        level=0,
        issued_at=timezone.now(),
        issued_by=by,
        notice_register_number=case.notice_register_number,
        notice_sent_at=case.notice_sent_at,
    )


# --- traffic statistics entered by the STS (p. 7–8) ---------------------------------------


def overlap_error(other) -> str:
    return _(
        "This period overlaps %(start)s–%(end)s already given for %(object)s: periods of the day of one regional "
        "object must not overlap (№ 267-НҚ бұйрық, 7-т.)."
    ) % {"start": f"{other.period_start:%H:%M}", "end": f"{other.period_end:%H:%M}", "object": other.regional_object}


def statistics_closed_error() -> str:
    return _("Traffic statistics are entered only while the request of the authorised body is open (№ 267-НҚ бұйрық, 8-т.).")


class StatisticsRejected(ValidationError):
    """A batch of statistics rows refused; ``row_errors`` is index-aligned with the rows
    ({field: [messages]} per row, empty for a good row)."""

    def __init__(self, row_errors: list[dict]):
        self.row_errors = row_errors
        super().__init__([message for row in row_errors for messages in row.values() for message in messages])


@dataclass
class StatisticRow:
    regional_object: RegionalObject
    period_start: object
    period_end: object
    peak_kbps: object


def record_statistics(case, rows: list[StatisticRow], by=None):
    """Save a batch of statistics rows for ``case``: all or nothing. Raises ValidationError
    with a list of per-row error dicts (index-aligned) when any row is wrong."""
    from .models import PlatformCaseState, TrafficStatistic

    if case.state != PlatformCaseState.STATISTICS_REQUESTED:
        raise ValidationError({"case": [statistics_closed_error()]})
    errors: list[dict] = [{} for _row in rows]
    existing = list(case.traffic_statistics.select_related("regional_object"))
    accepted: list[TrafficStatistic] = []
    for index, row in enumerate(rows):
        if row.peak_kbps is not None and row.peak_kbps < 0:
            errors[index]["peak_kbps"] = [_("The peak throughput cannot be negative (№ 267-НҚ бұйрық, 8-т.).")]
            continue
        candidate = TrafficStatistic(
            case=case,
            regional_object=row.regional_object,
            period_start=row.period_start,
            period_end=row.period_end,
            peak_kbps=row.peak_kbps,
            submitted_by=by,
        )
        for other in existing + accepted:
            if other.regional_object_id == candidate.regional_object_id and throttle.periods_overlap(
                (candidate.period_start, candidate.period_end), (other.period_start, other.period_end)
            ):
                errors[index]["period_start"] = [overlap_error(other)]
                break
        else:
            accepted.append(candidate)
    if any(errors):
        raise StatisticsRejected(errors)
    with transaction.atomic():
        return TrafficStatistic.objects.bulk_create(accepted)


# --- the timeline (admin, API) -------------------------------------------------------------


def timeline(case) -> list[dict]:
    """Every letter, transition and deadline of the case with its citation, in time order."""
    from .models import ThrottleInstruction

    events: list[dict] = []
    for log in case.transition_logs.select_related("by").order_by("at", "pk"):
        events.append(
            {
                "at": log.at,
                "kind": "transition",
                "title": f"{log.transition}: {log.source} → {log.target}",
                "citation": "",
                "by": str(log.by) if log.by else "",
                "detail": log.comment,
            }
        )
    for deadline in Deadline.objects.for_case(case).select_related("awaiting_organisation"):
        awaiting = str(deadline.awaiting_organisation or "")
        events.append(
            {
                "at": deadline.start,
                "kind": "deadline",
                "title": _("Term opened: %(rule)s, due %(due)s") % {
                    "rule": deadline.rule_code,
                    "due": f"{timezone.localtime(deadline.due):%d.%m.%Y %H:%M}",
                },
                "citation": deadline.citation,
                "by": awaiting,
                "detail": "",
            }
        )
        if deadline.met_at:
            events.append(
                {
                    "at": deadline.met_at,
                    "kind": "deadline",
                    "title": (_("Term met late: %(rule)s") if deadline.met_at > deadline.due else _("Term met: %(rule)s"))
                    % {"rule": deadline.rule_code},
                    "citation": deadline.citation,
                    "by": awaiting,
                    "detail": "",
                }
            )
    for letter in letters.letters_for(case):
        events.append(
            {
                "at": letter.issued_at or letter.created_at,
                "kind": "letter",
                "title": _("Letter %(form)s № %(number)s to %(addressee)s") % {
                    "form": letter.form_code,
                    "number": letter.register_number or "—",
                    "addressee": letter.addressee,
                },
                "citation": letters.FORM_CITATIONS.get(letter.form_code, ""),
                "by": "",
                "detail": "",
            }
        )
    for instruction in case.throttle_instructions.all():
        if instruction.kind == ThrottleInstruction.Kind.LIFT:
            events.append(
                {
                    "at": instruction.issued_at,
                    "kind": "letter",
                    "title": str(instruction),
                    "citation": "",
                    "by": "",
                    "detail": "",
                }
            )
        if instruction.executed_at:
            events.append(
                {
                    "at": instruction.executed_at,
                    "kind": "report",
                    "title": _("The STS executed: %(instruction)s") % {"instruction": instruction},
                    "citation": rules.THROTTLE_REPORT.citation,
                    "by": "",
                    "detail": instruction.execution_report,
                }
            )
    order = {"letter": 0, "transition": 1, "deadline": 2, "report": 3}
    events.sort(key=lambda event: (event["at"], order[event["kind"]]))
    return events
