"""The letters of seed 004, issued through forms_kz (``draft_letter`` / ``issue_letter``):

* ``s004-app1`` — warning letter to the platform's administration (p. 5, Appendix 1);
* ``s004-app2`` — notice on the legal-representative requirement (p. 6, Appendix 2);
* ``s004-app3`` — throttling instruction to the STS and the RSE "Талдау және ақпарат орталығы"
  (p. 9, Appendix 3), which cites the case's issued notice by register number and date.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_kz.codes import FormCode

FORM_CITATIONS = {
    FormCode.S004_APP1: "№ 267-НҚ бұйрық, 5-т., 1-қосымша",
    FormCode.S004_APP2: "№ 267-НҚ бұйрық, 6-т., 2-қосымша",
    FormCode.S004_APP3: "№ 267-НҚ бұйрық, 9, 10-т., 3-қосымша",
}


def letters_for(case):
    from forms_kz.models import OutgoingLetter

    return OutgoingLetter.objects.for_case(case).order_by("created_at", "pk")


def _signatory(organisation) -> dict:
    return {"signatory_position": organisation.head_position, "signatory_name": organisation.head_name}


def _platform_header(platform) -> dict:
    header = {
        "platform_name": platform.name,
        "platform_address": platform.address,
        "platform_email": platform.email,
        "platform_kind": platform.kind,
    }
    if platform.phone:
        header["platform_phone"] = platform.phone
    return header


def _issue(form_code, data, case, by, addressee, addressee_organisation=None):
    from forms_kz.services import draft_letter, issue_letter

    letter = draft_letter(
        form_code=form_code,
        data=data,
        organisation=case.organisation,
        addressee=addressee,
        addressee_organisation=addressee_organisation,
        case=case,
        created_by=by,
    )
    try:
        return issue_letter(letter, by=by)
    except PermissionDenied as exc:
        raise ValidationError(_("You may not issue letters of this organisation.")) from exc


def warning_letter_data(case) -> dict:
    """Appendix 1: platform, user's data, legal norms, violation type, what to remove,
    reply e-mail, attachment of links and screenshots."""
    materials = []
    for item in case.evidence.all():
        row = {"url": item.url}
        if item.screenshot:
            row["screenshot"] = item.screenshot.name.rsplit("/", 1)[-1]
        materials.append(row)
    return {
        **_platform_header(case.platform),
        "user_data": case.offending_user_data,
        "legal_norms": case.legal_norms,
        "violation_type": case.violation_type,
        "placement": case.content_to_remove,
        "materials": materials,
        "reply_email": case.organisation.email,
        **_signatory(case.organisation),
    }


def issue_warning_letter(case, by):
    return _issue(FormCode.S004_APP1, warning_letter_data(case), case, by, addressee=f"{case.platform.name} — {case.platform.email}")


def notice_data(case) -> dict:
    """Appendix 2: the Art. 9 p. 1 requirement; what must be remedied."""
    return {
        **_platform_header(case.platform),
        "measures_subject": case.content_to_remove.strip()
        or "Қазақстан Республикасының аумағында заңды өкілді тағайындамау салдарынан",
        "reply_email": case.organisation.email,
        "average_daily_users": case.platform.average_daily_users_kz,
        **_signatory(case.organisation),
    }


def issue_notice(case, by):
    return _issue(FormCode.S004_APP2, notice_data(case), case, by, addressee=f"{case.platform.name} — {case.platform.email}")


def issued_notice(case):
    """The case's issued Appendix 2 notice (the one Appendix 3 cites), or None."""
    from forms_kz.models import LetterState

    return (
        letters_for(case)
        .filter(form_code=FormCode.S004_APP2, state=LetterState.ISSUED)
        .order_by("-issued_at", "-pk")
        .first()
    )


def format_period(start, end) -> str:
    end_text = "24:00" if end.hour == 0 and end.minute == 0 and start != end else f"{end:%H:%M}"
    return f"{start:%H:%M}–{end_text}"


def throttle_letter_data(case, instruction, rows) -> dict:
    notice = issued_notice(case)
    if notice is None:
        raise ValidationError(_("Appendix 3 cites the issued notice (Appendix 2) of the case; there is none (№ 267-НҚ бұйрық, 3-қосымша)."))
    return {
        "platform_name": case.platform.name,
        "platform_kind": case.platform.kind,
        "status_date": timezone.localdate().isoformat(),
        "notice_register_number": notice.register_number,
        "notice_date": timezone.localtime(notice.issued_at).date().isoformat(),
        "limits": [
            {
                "regional_object": row["regional_object"].name_kk,
                "limit_kbps": row["limit_kbps"],
                "period": format_period(row["period_start"], row["period_end"]),
            }
            for row in rows
        ],
        "reduction_percent": str(instruction.level),
        **_signatory(case.organisation),
    }


def issue_throttle_letter(case, instruction, rows, by):
    from forms_kz.schemas import S004_APP3_DEFAULT_ADDRESSEES

    return _issue(
        FormCode.S004_APP3,
        throttle_letter_data(case, instruction, rows),
        case,
        by,
        addressee="; ".join(S004_APP3_DEFAULT_ADDRESSEES),
        addressee_organisation=case.sts,
    )
