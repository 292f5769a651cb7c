"""Side effects of the notification procedure: creating a report with its facts and screenshots
in one transaction, the Appendix 2 letter for the letter channel, the restriction CSV."""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from forms_kz.codes import FormCode
from registries.models import LegalAct
from registries.scoping import organisation_of

from .facts import FactKind
from .models import Channel, Screenshot, ViolationFact, ViolationReport

APPENDIX_2_FORM = FormCode.S001_APP2


@transaction.atomic
def create_report(*, reporter, facts, screenshots, organisation=None, **fields) -> ViolationReport:
    """Create a draft report with its facts (``[(kind, raw_value)]``) and screenshots
    (``[(file name, bytes)]``). All or nothing: any error raises ValidationError and nothing is saved
    (files already written are removed)."""
    LegalAct.objects.get(code=ViolationReport.LEGAL_ACT_CODE).ensure_applicable()
    report = ViolationReport(reporter=reporter, organisation=organisation or organisation_of(reporter), **fields)
    report.full_clean(exclude=["state"])
    report.save()
    ViolationFact.objects.bulk_create([_fact(report, kind, raw) for kind, raw in facts])
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


def _fact(report, kind, raw):
    fact = ViolationFact(report=report, kind=kind, raw_value=raw)
    fact.normalise()
    return fact


def after_submission(report, by) -> None:
    """On (re)submission through the letter channel, draft and issue the Appendix 2 letter (p. 9)."""
    if report.channel == Channel.LETTER:
        issue_appendix_2_letter(report, by)


def appendix_2_data(report) -> dict:
    """The data of the Appendix 2 form (``forms_kz.schemas`` FormCode.S001_APP2), read from the report.

    Item 3 lists one row per detected resource (URL / domain / IP, with the protocol types
    reported); device codes (IMEI, MAC) get their own rows.
    """
    facts = list(report.facts.order_by("pk"))
    protocols = ", ".join(f.value for f in facts if f.kind == FactKind.PROTOCOL)
    rows = []
    for fact in facts:
        if fact.kind in (FactKind.URL, FactKind.DOMAIN, FactKind.IP):
            resource = fact.value if fact.value == fact.value_ascii else f"{fact.value} ({fact.value_ascii})"
            row = {"resource": resource}
            if protocols:
                row["protocol"] = protocols
            rows.append(row)
        elif fact.kind == FactKind.IMEI:
            rows.append({"resource": DEVICE_RESOURCE, "imei": fact.value})
        elif fact.kind == FactKind.MAC:
            rows.append({"resource": DEVICE_RESOURCE, "mac": fact.value})
    if not rows and protocols:
        rows.append({"resource": "—", "protocol": protocols})
    return {
        "authorised_body_name": report.addressee.name_kk,
        "violation_type": report.violation_type.name_kk,
        "legal_norm": f"{report.legal_act}, {report.legal_norm}",
        "facts": rows,
        "lawfulness_confirmed": bool(report.lawfulness_confirmed),
        "signatory_position": report.signatory_position,
        "signatory_name": report.signatory_name,
    }


DEVICE_RESOURCE = "Абоненттік құрылғы"


def issue_appendix_2_letter(report, by):
    """Seed 001 p. 9: the Appendix 2 notification, signed by the head or a deputy, linked to the case."""
    from forms_kz.models import can_issue
    from forms_kz.services import LetterIncomplete, draft_letter, issue_letter

    letter = draft_letter(
        form_code=APPENDIX_2_FORM,
        data=appendix_2_data(report),
        organisation=report.organisation,
        addressee=report.addressee.name_kk,
        addressee_organisation=report.addressee,
        case=report,
        created_by=by if getattr(by, "pk", None) else None,
        signatory_position=report.signatory_position,
        signatory_name=report.signatory_name,
    )
    # The submit transition has already checked the role and organisation; forms_kz treats a
    # letter issued with by=None as issued by the system on such an authorised step.
    issuer = by if can_issue(letter, by) else None
    try:
        issue_letter(letter, by=issuer)
    except LetterIncomplete as exc:
        raise ValidationError(exc.summary()) from exc
    return letter


CSV_HEADER = [
    "order", "ordered_at", "report", "organisation", "violation_type", "legal_basis",
    "kind", "value", "value_ascii", "host", "value_as_entered",
]


def restriction_csv(orders) -> str:
    """CSV of what is to be restricted, one row per confirmed fact (seed 001 p. 10)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    orders = orders.select_related("report__organisation", "report__violation_type").prefetch_related("report__facts")
    for order in orders:
        report = order.report
        for fact in sorted(report.facts.all(), key=lambda f: f.pk):
            writer.writerow([
                order.pk,
                timezone.localtime(order.ordered_at).isoformat(timespec="seconds"),
                report.pk,
                report.organisation.name_kk,
                report.violation_type.name_kk,
                order.legal_basis,
                fact.kind,
                _safe(fact.value),
                _safe(fact.value_ascii),
                _safe(fact.host),
                _safe(fact.raw_value),
            ])
    return buffer.getvalue()


def _safe(value: str) -> str:
    """Neutralise spreadsheet formula injection (a value starting with = + - @)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
