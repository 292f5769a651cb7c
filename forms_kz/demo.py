"""Demo letters: a few realistic letters of the register in different states (idempotent).

An official opening the demo sees an issued warning letter (seed 004 App. 1) and an issued
legal-representative notice (App. 2) of the Information Committee, a throttling instruction
draft to the STS citing that notice (App. 3), an issued suspension demand of the penitentiary
authority (seed 000) and a cancelled letter with its reason.
"""

import copy

from django.db import transaction

from .codes import FormCode
from .models import LetterState, OutgoingLetter
from .schemas import FORM_SCHEMAS
from .services import cancel_letter, draft_letter, issue_letter

DEMO_MARK = "demo"


def _letter(world, key, form_code, org_key, user_key, addressee, addressee_org=None, **overrides):
    organisations, users = world["organisations"], world["users"]
    existing = OutgoingLetter.objects.filter(data__demo_key=key).first()
    if existing is not None:
        return existing
    data = copy.deepcopy(FORM_SCHEMAS[form_code].sample)
    data.update(overrides)
    data["demo_key"] = key  # extra keys are ignored by the forms; marks the demo row
    return draft_letter(
        form_code=form_code, data=data, organisation=organisations[org_key], addressee=addressee,
        addressee_organisation=organisations.get(addressee_org) if addressee_org else None,
        created_by=users[user_key],
    )


@transaction.atomic
def load(world):
    users = world["users"]
    warning = _letter(world, "warning", FormCode.S004_APP1, "info_committee", "officer",
                      "Example Video Ltd. әкімшілігі")
    if warning.state == LetterState.DRAFT:
        issue_letter(warning, by=users["officer"])
    notice = _letter(world, "notice", FormCode.S004_APP2, "info_committee", "officer",
                     "Example Video Ltd. меншік иесі / заңды өкілі")
    if notice.state == LetterState.DRAFT:
        issue_letter(notice, by=users["officer"])
    _letter(world, "instruction", FormCode.S004_APP3, "info_committee", "officer",
            "«Мемлекеттік техникалық қызмет» АҚ; «Талдау және ақпарат орталығы» ШЖҚ РМК", "sts",
            notice_register_number=notice.register_number,
            notice_date=notice.issued_at.date().isoformat())
    demand = _letter(world, "demand", FormCode.S000_DEMAND, "penitentiary", "penitentiary",
                     "Сәйкестендіру кодтарының дерекқоры операторы", "imei_db")
    if demand.state == LetterState.DRAFT:
        issue_letter(demand, by=users["penitentiary"])
    wrong = _letter(world, "cancelled", FormCode.S004_APP1, "info_committee", "officer",
                    "Example Video Ltd. әкімшілігі", platform_email="wrong@example-video.com")
    if wrong.state == LetterState.DRAFT:
        issue_letter(wrong, by=users["officer"])
    if wrong.state == LetterState.ISSUED:
        cancel_letter(wrong, by=users["supervisor"], reason="Платформаның электрондық поштасы қате көрсетілген; "
                                                           "хат дұрыс мекенжаймен қайта шығарылды.")
