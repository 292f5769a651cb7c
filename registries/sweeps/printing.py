"""The printable list of a sweep: form ``s001-sweep`` (seed 001 p. 6), through forms_kz."""

import hashlib
import json
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_kz.codes import FormCode
from registries.scoping import organisation_of

ROMAN = {1: "I", 2: "II"}
FORM_CODE = FormCode.S001_SWEEP


def period_label(sweep) -> str:
    year, half = sweep.half_year.split("-H")
    return f"{year} жылғы {ROMAN[int(half)]} жартыжылдық"


def sweep_letter_data(sweep, by) -> dict:
    """The ``data`` of form s001-sweep: the listed, not excluded accounts (one query)."""
    rows = (
        sweep.entries.filter(excluded=False)
        .select_related("user", "organisation")
        .annotate(
            last_activity=Case(
                When(last_login__isnull=True, then=F("last_action_at")),
                When(last_action_at__isnull=True, then=F("last_login")),
                default=Greatest("last_login", "last_action_at"),
            )
        )
        .order_by("organisation__name_kk", "user__last_name", "user__username")
    )
    accounts = [
        {
            "username": entry.user.username,
            "full_name": entry.user.get_full_name() or entry.user.username,
            "organisation": entry.organisation.name_kk if entry.organisation_id else "—",
            "last_activity": timezone.localtime(entry.last_activity).date().isoformat() if entry.last_activity else None,
        }
        for entry in rows
    ]
    profile = getattr(by, "profile", None)
    half_end = timezone.localtime(sweep.period_end)
    data = {
        "period_label": period_label(sweep),
        "period_start": timezone.localtime(sweep.period_start).date().isoformat(),
        "period_end": (half_end - timedelta(microseconds=1)).date().isoformat(),
        "accounts": accounts,
        "note": sweep.rule_text,
        "signatory_position": getattr(profile, "position", "") or "",
        "signatory_name": by.get_full_name() if by else "",
    }
    return {k: v for k, v in data.items() if v not in ("", None)}


def print_sweep_list(sweep, by):
    """Issue (number, render, hash, lock) the list as form s001-sweep and return the letter.
    If the latest issued list of this sweep has exactly the same content, it is returned
    instead of issuing a duplicate. Raises ``LetterIncomplete`` / ``ValidationError`` /
    ``PermissionDenied`` from forms_kz; nothing is left half-saved."""
    from forms_kz.models import OutgoingLetter
    from forms_kz.services import draft_letter, issue_letter, letter_identity

    data = sweep_letter_data(sweep, by)
    latest = (
        OutgoingLetter.objects.for_case(sweep).filter(form_code=FORM_CODE, state="issued").order_by("-issued_at", "-pk").first()
    )
    if latest is not None and latest.data == data:
        return latest
    organisation = organisation_of(by)
    if organisation is None:
        raise ValidationError(_("The list is issued on behalf of your organisation; your account belongs to none."))
    with transaction.atomic():
        letter = draft_letter(
            form_code=FORM_CODE,
            data=data,
            organisation=organisation,
            addressee=organisation.name_kk,
            case=sweep,
            created_by=by,
            # the same content is the same letter: two clicks issue it once (forms_kz constraint)
            identity=letter_identity(sweep, FORM_CODE, hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]),
        )
        try:
            issue_letter(letter, by=by)
        except ValidationError as exc:
            if getattr(exc, "code", None) != "already_issued":
                raise
            return OutgoingLetter.objects.get(identity=letter.identity, state="issued")
    return letter
