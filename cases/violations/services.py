"""The notification procedure's services (seed 001 p. 8–11).

- ``create_report``: a draft report with its facts and screenshots in one transaction;
- one keyword-only service per legal step, named after it (``violation_report_submit`` …),
  registered with ``@step_service``: the step (``run_transition``), its letter (Appendix 2 for
  the letter channel, p. 9) and its documents (the restriction order, p. 10) in the step's one
  transaction (``legal_step``). The admin, the API, the demo and the tests call only these.
  A step's required answer (what is missing, the grounds of a refusal, the reason of a
  withdrawal) is checked by its transition after the state, role and conditions, so a forged
  step is refused 409 / 403 / 400 in that order and a blank answer is a field error;
- ``restriction_csv``: what is to be restricted, one row per confirmed fact (p. 10).
"""

import csv
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.services import close_deadlines_not_applicable, legal_step, run_transition, validate_occurred_at
from cases.steps import step_service
from registries.scoping import organisation_of
from registries.spreadsheets import escape_row

from .choices import Channel
from .conditions import bounded_text, check_fact_count
from .letters import APPENDIX_2_FORM, DEVICE_RESOURCE, appendix_2_data, issue_appendix_2_letter  # noqa: F401  (re-exported)
from .models import RestrictionOrder, Screenshot, ViolationFact, ViolationReport

# --- the report and its evidence -----------------------------------------------------------------


@transaction.atomic
def create_report(*, reporter, facts, screenshots, organisation=None, opened_at=None, **fields) -> ViolationReport:
    """Create a draft report with its facts (``[(kind, raw_value[, protocol])]``) and screenshots
    (``[(file name, bytes)]``). All or nothing: any error raises ValidationError and nothing is saved
    (files already written are removed). ``opened_at``: when a notification brought in afterwards
    was really drawn up (not in the future, not before the act is in force)."""
    ViolationReport.ensure_legal_act_applicable()
    facts = list(facts)
    check_fact_count(len(facts))
    report = ViolationReport(reporter=reporter, organisation=organisation or organisation_of(reporter), **fields)
    validate_occurred_at(report, opened_at, "opened_at")
    report.full_clean(exclude=["state"])
    report.save()
    if opened_at is not None:
        ViolationReport.objects.filter(pk=report.pk).update(created_at=opened_at)
        report.created_at = opened_at
    ViolationFact.objects.bulk_create([_fact(report, *fact) for fact in facts])
    written = []
    try:
        for name, content in screenshots:
            written.append(store_screenshot(report, name, content).file.name)
    except Exception:
        for path in written:
            Screenshot._meta.get_field("file").storage.delete(path)
        raise
    return report


def store_screenshot(report, name: str, content: bytes) -> Screenshot:
    """Check (type by content, size) and store one screenshot of ``report``."""
    shot = Screenshot(report=report, file=ContentFile(content, name=name))
    shot.clean()
    shot.original_name = (name or "")[:255]
    shot.save()
    return shot


def _fact(report, kind, raw, protocol=""):
    """One fact: ``(kind, raw value)`` or ``(kind, raw value, the resource's protocol type)``."""
    fact = ViolationFact(report=report, kind=kind, raw_value=raw, protocol=protocol or "")
    fact.normalise()
    return fact


# --- the steps ----------------------------------------------------------------------------------


def _send(case, name, actor, comment, occurred_at):
    """Seed 001 p. 8–9: the notification goes to the authorised body; through the letter channel
    the Appendix 2 letter is drafted and issued with it (a letter already sent through the
    electronic document system is recorded with its real time, ``occurred_at``)."""
    with legal_step(case):
        run_transition(case, name, actor, comment=comment, occurred_at=occurred_at)
        if case.channel == Channel.LETTER:
            issue_appendix_2_letter(case, actor)
    return case


@step_service(ViolationReport.submit)
def violation_report_submit(*, case, actor, comment="", occurred_at=None):
    return _send(case, "submit", actor, comment, occurred_at)


@step_service(ViolationReport.resubmit)
def violation_report_resubmit(*, case, actor, comment="", occurred_at=None):
    return _send(case, "resubmit", actor, comment, occurred_at)


def _take(case, name, actor, comment="", occurred_at=None, **data):
    """A step with no letter or document of its own: the transition alone, in its transaction."""
    with legal_step(case):
        run_transition(case, name, actor, comment=comment, occurred_at=occurred_at, **data)
    return case


@step_service(ViolationReport.take_into_review)
def violation_report_take_into_review(*, case, actor, comment="", occurred_at=None):
    return _take(case, "take_into_review", actor, comment, occurred_at)


@step_service(ViolationReport.return_for_completion)
def violation_report_return_for_completion(*, case, actor, missing="", comment="", occurred_at=None):
    """What is missing is required (the transition refuses an empty answer after the state,
    role and conditions are checked): the state body completes the notification by it (p. 8)."""
    return _take(case, "return_for_completion", actor, comment, occurred_at, missing=missing)


@step_service(ViolationReport.confirm)
def violation_report_confirm(*, case, actor, comment="", occurred_at=None):
    return _take(case, "confirm", actor, comment, occurred_at)


@step_service(ViolationReport.confirm_by_reference)
def violation_report_confirm_by_reference(*, case, actor, reference=None, comment="", occurred_at=None):
    return _take(case, "confirm_by_reference", actor, comment, occurred_at, reference=reference)


@step_service(ViolationReport.reject)
def violation_report_reject(*, case, actor, grounds="", comment="", occurred_at=None):
    """Seed 001 p. 11: never a silent refusal — the grounds why there is no violation are required."""
    return _take(case, "reject", actor, comment, occurred_at, grounds=grounds)


def record_restriction_order(*, case, actor, measure="", at=None) -> RestrictionOrder:
    """The restriction order of a confirmed report (p. 10, Art. 41-1): the measure (by default,
    restricting access in Kazakhstan to every confirmed fact), who ordered it and when."""
    return RestrictionOrder.objects.create(
        report=case,
        ordered_by=actor if getattr(actor, "pk", None) else None,
        ordered_at=at or timezone.now(),
        measure=bounded_text((measure or "").strip(), "measure") or str(RestrictionOrder.DEFAULT_MEASURE),
    )


@step_service(ViolationReport.order_restriction)
def violation_report_order_restriction(*, case, actor, measure="", comment="", occurred_at=None):
    """Seed 001 p. 10: measures restricting access under Art. 41-1 — the order is the case's document."""
    with legal_step(case):
        run_transition(case, "order_restriction", actor, comment=comment, occurred_at=occurred_at)
        record_restriction_order(case=case, actor=actor, measure=measure, at=occurred_at)
    return case


@step_service(ViolationReport.close)
def violation_report_close(*, case, actor, comment="", occurred_at=None):
    return _take(case, "close", actor, comment, occurred_at)


@step_service(ViolationReport.withdraw)
def violation_report_withdraw(*, case, actor, reason="", comment="", occurred_at=None):
    """A notification recorded in error, withdrawn by its state body with the reason; any term
    still open on it is closed as not applicable (nobody met it, nobody is late)."""
    with legal_step(case):
        run_transition(case, "withdraw", actor, comment=comment, occurred_at=occurred_at, reason=reason)
        close_deadlines_not_applicable(case, at=occurred_at)
    return case


# --- what is to be restricted -------------------------------------------------------------------

CSV_HEADER = [
    "order", "ordered_at", "report", "organisation", "violation_type", "legal_basis",
    "kind", "value", "value_ascii", "host", "value_as_entered",
]


def restriction_csv(orders) -> str:
    """CSV of what is to be restricted, one row per confirmed fact (seed 001 p. 10). Every cell
    passes through the one formula guard (``registries.spreadsheets.escape_row``): a name or value
    that a spreadsheet would run as a formula is written as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    orders = orders.select_related("report__organisation", "report__violation_type").prefetch_related("report__facts")
    for order in orders:
        report = order.report
        for fact in sorted(report.facts.all(), key=lambda f: f.pk):
            writer.writerow(escape_row([
                order.pk,
                timezone.localtime(order.ordered_at).isoformat(timespec="seconds"),
                report.pk,
                report.organisation.name_kk,
                report.violation_type.name_kk,
                order.legal_basis,
                fact.kind,
                fact.value,
                fact.value_ascii,
                fact.host,
                fact.raw_value,
            ]))
    return buffer.getvalue()


def restriction_csv_bytes(orders) -> bytes:
    """The CSV as the file a spreadsheet opens: UTF-8 with a byte-order mark (Kazakh letters intact)."""
    return ("\ufeff" + restriction_csv(orders)).encode("utf-8")
