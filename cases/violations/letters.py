"""The Appendix 2 notification letter (seed 001 p. 9, FormCode.S001_APP2): its data read from
the report, drafted and issued (numbered, rendered, locked) in the step's own transaction."""

from django.core.exceptions import ValidationError

from forms_kz.codes import FormCode

from .facts import FactKind

APPENDIX_2_FORM = FormCode.S001_APP2

#: Appendix 2 item 3 names device codes as the "абоненттік құрылғының сәйкестендіру кодтары".
DEVICE_RESOURCE = "Абоненттік құрылғы"

RESOURCE_KINDS = (FactKind.URL, FactKind.DOMAIN, FactKind.IP)


def _fact_row(fact, protocols: str) -> dict | None:
    """One row of Appendix 2 item 3: a resource (with the protocol types reported) or a device code."""
    if fact.kind in RESOURCE_KINDS:
        resource = fact.value if fact.value == fact.value_ascii else f"{fact.value} ({fact.value_ascii})"
        return {"resource": resource, "protocol": protocols} if protocols else {"resource": resource}
    if fact.kind == FactKind.IMEI:
        return {"resource": DEVICE_RESOURCE, "imei": fact.value}
    if fact.kind == FactKind.MAC:
        return {"resource": DEVICE_RESOURCE, "mac": fact.value}
    return None


def appendix_2_data(report) -> dict:
    """The data of the Appendix 2 form (``forms_kz.schemas`` FormCode.S001_APP2), read from the report.

    Appendix 2 item 3 lists one row per detected resource (URL / domain / IP, with the protocol
    types reported); device codes (IMEI, MAC) get their own rows.
    """
    facts = list(report.facts.order_by("pk"))
    protocols = ", ".join(f.value for f in facts if f.kind == FactKind.PROTOCOL)
    rows = [row for row in (_fact_row(fact, protocols) for fact in facts) if row is not None]
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
