"""Appendix 1 of seed 001 (the "Хабарлама" listing authorised staff) from an accepted list."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from forms_kz.codes import FormCode
from registries.models import Organisation
from registries.roles import OrganisationKind

from ..models import StaffListState

FORM_CODE = FormCode.S001_APP1


class Appendix1Unavailable(Exception):
    pass


def authorised_body() -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY, is_active=True).order_by("pk").first()


def appendix1_data(staff_list) -> dict:
    body = authorised_body()
    own = staff_list.organisation
    staff = []
    for full_name, email, phone, sub in staff_list.entries.order_by("row_number").values_list(
        "full_name", "email", "phone", "subordinate_name"
    ).iterator(chunk_size=5000):
        row = {"full_name": full_name, "email": email, "mobile": phone}
        if sub and sub != own.name_kk:
            row["organisation"] = sub
        staff.append(row)
    return {
        "authorised_body_name": body.name_kk if body else "",
        "staff": staff,
        "signatory_position": staff_list.signatory_position,
        "signatory_name": staff_list.signatory_name,
    }


def issue_appendix1(staff_list, by=None):
    """The issued Appendix 1 letter of an accepted list (issued once, then returned as is).

    The letter is the state body's (the act: the state body sends the list); it is issued by
    the system on behalf of the accepted list (``issue_letter(by=None)``), ``created_by`` records
    who asked for it.
    """
    from forms_kz.models import LetterState, OutgoingLetter
    from forms_kz.services import LetterIncomplete, draft_letter, issue_letter

    if staff_list.state != StaffListState.ACCEPTED:
        raise Appendix1Unavailable(_("Appendix 1 is issued from an accepted list only."))
    existing = (
        OutgoingLetter.objects.for_case(staff_list).filter(form_code=FORM_CODE, state=LetterState.ISSUED).order_by("-pk").first()
    )
    if existing is not None:
        return existing
    body = authorised_body()
    try:
        letter = draft_letter(
            form_code=FORM_CODE,
            data=appendix1_data(staff_list),
            organisation=staff_list.organisation,
            addressee=body.name_kk if body else _("Authorised body"),
            addressee_organisation=body,
            case=staff_list,
            created_by=by if getattr(by, "pk", None) else None,
        )
        return issue_letter(letter, by=None)
    except LetterIncomplete as exc:
        raise Appendix1Unavailable(
            _("Appendix 1 cannot be issued; missing: %(fields)s.") % {"fields": ", ".join(exc.missing)}
        ) from exc
    except (ValidationError, PermissionDenied) as exc:
        raise Appendix1Unavailable("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
