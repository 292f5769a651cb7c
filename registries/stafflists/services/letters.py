"""Appendix 1 of seed 001 (the "Хабарлама" listing authorised staff) from an accepted list."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forms_kz.codes import FormCode
from registries.models import Organisation
from registries.roles import OrganisationKind

from ..models import StaffList, StaffListState

FORM_CODE = FormCode.S001_APP1


class Appendix1Unavailable(Exception):
    pass


def authorised_body() -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.AUTHORISED_BODY, is_active=True).order_by("pk").first()


def appendix1_data(staff_list) -> dict:
    body = staff_list.addressee or authorised_body()
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


def issued_appendix1(staff_list):
    """The list's issued Appendix 1 letter, or None."""
    from forms_kz.models import LetterState, OutgoingLetter

    return (
        OutgoingLetter.objects.for_case(staff_list).filter(form_code=FORM_CODE, state=LetterState.ISSUED)
        .order_by("-pk").first()
    )


def may_issue_appendix1(staff_list, user) -> bool:
    """Someone of the list's state body allowed to issue its letters (``forms_kz.can_issue``:
    the issue permission — a manager, not data entry); never nobody (a system issue)."""
    from forms_kz.models import OutgoingLetter, can_issue

    if not getattr(user, "pk", None):
        return False
    return can_issue(OutgoingLetter(organisation_id=staff_list.organisation_id), user)


def issue_appendix1(staff_list, by):
    """Issue the Appendix 1 letter of an accepted list once, on behalf of its state body, by
    ``by`` (who must be allowed to issue the state body's letters); an already issued one is
    returned as is. The list's row is locked, so parallel requests wait for each other; the
    letter register's ``identity`` constraint refuses a second issue whatever the path."""
    from forms_kz.services import LetterIncomplete, draft_letter, issue_letter

    if staff_list.state != StaffListState.ACCEPTED:
        raise Appendix1Unavailable(_("Appendix 1 is issued from an accepted list only."))
    if not may_issue_appendix1(staff_list, by):
        raise Appendix1Unavailable(
            _("Only an official of %(organisation)s allowed to issue its letters may issue Appendix 1.")
            % {"organisation": staff_list.organisation.name_kk}
        )
    try:
        with transaction.atomic():
            locked = StaffList.objects.select_for_update().get(pk=staff_list.pk)
            if locked.state != StaffListState.ACCEPTED:
                raise Appendix1Unavailable(_("Appendix 1 is issued from an accepted list only."))
            existing = issued_appendix1(staff_list)
            if existing is not None:
                return existing
            body = staff_list.addressee or authorised_body()
            letter = draft_letter(
                form_code=FORM_CODE,
                data=appendix1_data(staff_list),
                organisation=staff_list.organisation,
                addressee=body.name_kk if body else _("Authorised body"),
                addressee_organisation=body,
                case=staff_list,
                created_by=by,
            )
            return issue_letter(letter, by=by)
    except LetterIncomplete as exc:
        raise Appendix1Unavailable(
            _("Appendix 1 cannot be issued; missing: %(fields)s.") % {"fields": ", ".join(exc.missing)}
        ) from exc
    except ValidationError as exc:
        if getattr(exc, "code", None) == "already_issued":  # lost a race the lock did not see: the winner's letter
            existing = issued_appendix1(staff_list)
            if existing is not None:
                return existing
        raise Appendix1Unavailable("; ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise Appendix1Unavailable(str(exc)) from exc
