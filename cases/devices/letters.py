"""The demand letter: form of the Appendix of seed 000 (``s000-demand``), issued by the
penitentiary-system authority when it sends the demand (p. 20-2 / 20-6)."""

from forms_kz.codes import FormCode


def demand_letter_data(demand) -> dict:
    """The ``data`` of form ``s000-demand`` (forms_kz/schemas.py): the kind, one row per device
    (identification code and phone number), the institution and the head who signs."""
    data = {
        "kind": demand.kind,
        "devices": [{"imei": d.imei, "phone": d.phone} for d in demand.devices.order_by("row")],
        "institution": demand.institution,
        "signatory_position": demand.signatory_position or "Басшы",
        "signatory_name": demand.signatory_name,
    }
    if demand.penitentiary.email:
        data["reply_email"] = demand.penitentiary.email
    return data


def issue_demand_letter(demand, by):
    """Draft and issue the demand letter, linked to the case. The ``send`` transition is the
    authorisation: its permission already checked that ``by`` is the penitentiary authority's
    officer; a user without the letter-register permission issues as the system (by=None) and is
    recorded as the letter's author."""
    from forms_kz.services import draft_letter, issue_letter

    letter = draft_letter(
        form_code=FormCode.S000_DEMAND,
        data=demand_letter_data(demand),
        organisation=demand.penitentiary,
        addressee=demand.db_operator.name_kk,
        addressee_organisation=demand.db_operator,
        case=demand,
        created_by=by if getattr(by, "pk", None) else None,
    )
    issuer = by if getattr(by, "pk", None) and by.has_perm("forms_kz.issue_outgoingletter") else None
    issue_letter(letter, by=issuer)
    return letter


def letters_for(demand, user):
    """The demand's letters the user may see (the letter register's own scoping)."""
    from forms_kz.models import OutgoingLetter

    return list(OutgoingLetter.objects.visible_to(user).for_case(demand).order_by("pk"))

