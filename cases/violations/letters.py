"""The Appendix 2 notification letter (seed 001 p. 9, FormCode.S001_APP2): its data read from
the report, drafted and issued (numbered, rendered, locked) in the step's own transaction."""

from django.core.exceptions import ValidationError

from forms_kz.codes import FormCode

from .facts import FactKind, protocol_of_url

APPENDIX_2_FORM = FormCode.S001_APP2

#: Appendix 2 item 3 names device codes as the "абоненттік құрылғының сәйкестендіру кодтары".
DEVICE_RESOURCE = "Абоненттік құрылғы"

#: A protocol type reported as a fact of its own (not tied to one resource) is printed on its own line.
PROTOCOL_RESOURCE = "Деректерді беру желісі хаттамасының типі"


def _fact_row(fact) -> dict:
    """One row of Appendix 2 item 3, each fact with only its own data: a resource with the protocol
    type *it* uses (its own, or the scheme a URL names), a protocol type reported on its own, or a
    device code (IMEI, MAC)."""
    if fact.kind in FactKind.RESOURCES:
        resource = fact.value if fact.value == fact.value_ascii else f"{fact.value} ({fact.value_ascii})"
        protocol = fact.protocol or (protocol_of_url(fact.value_ascii) if fact.kind == FactKind.URL else "")
        return {"resource": resource, "protocol": protocol} if protocol else {"resource": resource}
    if fact.kind == FactKind.PROTOCOL:
        return {"resource": f"{PROTOCOL_RESOURCE}: {fact.value}"}
    if fact.kind == FactKind.IMEI:
        return {"resource": DEVICE_RESOURCE, "imei": fact.value}
    return {"resource": DEVICE_RESOURCE, "mac": fact.value}


def appendix_2_data(report) -> dict:
    """The data of the Appendix 2 form (``forms_kz.schemas`` FormCode.S001_APP2), read from the report.

    Appendix 2 item 3 lists one row per detected fact, each with its own protocol type (never the
    protocols of the report's other facts); device codes (IMEI, MAC) get their own rows.
    """
    rows = [_fact_row(fact) for fact in report.facts.order_by("pk")]
    return {
        "authorised_body_name": report.addressee.name_kk,
        "violation_type": report.violation_type.name_kk,
        "legal_norm": f"{report.legal_act}, {report.legal_norm}",
        "facts": rows,
        "lawfulness_confirmed": bool(report.lawfulness_confirmed),
        "signatory_position": report.signatory_position,
        "signatory_name": report.signatory_name,
    }


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
    # The submit step has already checked the role and organisation; forms_kz treats a letter
    # issued with by=None as issued by the system on such an authorised step.
    issuer = by if can_issue(letter, by) else None
    try:
        issue_letter(letter, by=issuer)
    except LetterIncomplete as exc:
        raise ValidationError(exc.summary()) from exc
    return letter
