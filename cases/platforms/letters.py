"""The letters of seed 004, issued through forms_kz (``draft_letter`` / ``issue_letter``):

* ``s004-app1`` — warning letter to the platform's administration (p. 5, Appendix 1);
* ``s004-app2`` — notice on the legal-representative requirement (p. 6, Appendix 2);
* ``s004-app3`` — throttling instruction to the STS and the RSE "Талдау және ақпарат орталығы"
  (p. 9, Appendix 3), which cites the case's notice by register number and date;
* ``s004-restriction`` — the access-restriction instruction to the STS and the communication
  operators (Art. 41-1 p. 1-1 of the Law on Communications; after the Appendix 1 letter, or within
  six hours of the Appendix 2 notice's receipt);
* ``s004-lifting`` — the instruction lifting the Appendix 3 limits, to the same two addressees as
  Appendix 3, once the platform appointed its representative (Art. 9 p. 1).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_kz.codes import FormCode
from forms_kz.schemas import S004_APP3_DEFAULT_ADDRESSEES, S004_RESTRICTION_DEFAULT_ADDRESSEES


def letters_for(case):
    from forms_kz.models import OutgoingLetter

    return OutgoingLetter.objects.for_case(case).order_by("created_at", "pk")


def issued_letter(case, form_code):
    """The case's latest issued letter of ``form_code``, or None."""
    from forms_kz.models import LetterState

    return letters_for(case).filter(form_code=form_code, state=LetterState.ISSUED).order_by("-issued_at", "-pk").first()


def _day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


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


def _materials(case) -> list[dict]:
    """The attachment's rows: each link with its screenshot — the stored file (random name) and its
    hash, so the letter appends the image itself and a re-render reads the same bytes."""
    materials = []
    for item in case.evidence.all():
        row = {"url": item.url}
        if item.screenshot:
            row["screenshot"] = item.screenshot.name.rsplit("/", 1)[-1]
            row["screenshot_file"] = item.screenshot.name
            row["screenshot_sha256"] = item.sha256
        materials.append(row)
    return materials


def warning_letter_data(case) -> dict:
    """Appendix 1: platform, user's data, legal norms, violation type, what to remove,
    reply e-mail, attachment of links and screenshots."""
    return {
        **_platform_header(case.platform),
        "user_data": case.offending_user_data,
        "legal_norms": case.legal_norms,
        "violation_type": case.violation_type,
        "placement": case.content_to_remove,
        "materials": _materials(case),
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


def format_period(start, end) -> str:
    end_text = "24:00" if end.hour == 0 and end.minute == 0 and start != end else f"{end:%H:%M}"
    return f"{start:%H:%M}–{end_text}"


def throttle_letter_data(case, instruction, rows) -> dict:
    """Appendix 3: cites the case's notice (issued here or recorded from paper) by number and date."""
    return {
        "platform_name": case.platform.name,
        "platform_kind": case.platform.kind,
        "status_date": _day(instruction.issued_at),
        "notice_register_number": case.notice_register_number,
        "notice_date": _day(case.notice_sent_at),
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
    return _issue(
        FormCode.S004_APP3,
        throttle_letter_data(case, instruction, rows),
        case,
        by,
        addressee="; ".join(S004_APP3_DEFAULT_ADDRESSEES),
        addressee_organisation=case.sts,
    )


def restriction_letter_data(case, *, after_notice: bool) -> dict:
    """The Art. 41-1 instruction: what the Committee sent before (the Appendix 1 letter, or the
    Appendix 2 notice and its receipt), the violation, the information and the official's grounds."""
    data = {
        "platform_name": case.platform.name,
        "platform_kind": case.platform.kind,
        "violation_type": case.violation_type or "Тыйым салынған ақпарат",
        "legal_norms": case.legal_norms,
        "content": case.content_to_remove,
        "materials": [{"url": row["url"]} for row in _materials(case)],
        "basis": case.restriction_basis,
        **_signatory(case.organisation),
    }
    if after_notice:
        data.update(road="notice", earlier_letter_number=case.notice_register_number,
                    earlier_letter_date=_day(case.notice_sent_at), notice_received_date=_day(case.notice_received_at))
        return data
    warning = issued_letter(case, FormCode.S004_APP1)
    data.update(road="warning", earlier_letter_number=warning.register_number if warning else "",
                earlier_letter_date=_day(warning.issued_at if warning else case.warning_sent_at))
    return data


def issue_restriction_letter(case, by, *, after_notice: bool):
    return _issue(
        FormCode.S004_RESTRICTION,
        restriction_letter_data(case, after_notice=after_notice),
        case,
        by,
        addressee="; ".join(S004_RESTRICTION_DEFAULT_ADDRESSEES),
        addressee_organisation=case.sts,
    )


def lifting_letter_data(case, representative: str, throttles, at) -> dict:
    """The lifting instruction: the notice, the representative, the Appendix 3 instructions revoked."""
    return {
        "platform_name": case.platform.name,
        "platform_kind": case.platform.kind,
        "notice_register_number": case.notice_register_number,
        "notice_date": _day(case.notice_sent_at),
        "representative": representative,
        "status_date": _day(at),
        "instructions": [
            {"register_number": item.register_number, "date": _day(item.issued_at), "reduction_percent": str(item.level)}
            for item in throttles
        ],
        **_signatory(case.organisation),
    }


def issue_lifting_letter(case, by, representative: str, throttles, at):
    return _issue(
        FormCode.S004_LIFTING,
        lifting_letter_data(case, representative, throttles, at),
        case,
        by,
        addressee="; ".join(S004_APP3_DEFAULT_ADDRESSEES),
        addressee_organisation=case.sts,
    )
