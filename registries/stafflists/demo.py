"""Demo staff lists (idempotent): the prosecutor's accepted list with accounts, the police
ministry's list awaiting review, the Almaty police department's returned list."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import StaffList, StaffListEntry, StaffListState

PEOPLE = {
    "prosecutor": [
        ("Мұхамедиев Нұржан Ерболұлы", "n.mukhamediev@prokuror.kz", "+77011112233", "Аға прокурор"),
        ("Қуанышева Өмірзая Сейітқызы", "o.kuanysheva@prokuror.kz", "+77052223344", "Прокурор"),
        ("Үсенов Ұлан", "u.usenov@prokuror.kz", "+77473334455", "Прокурор-криминалист"),
    ],
    "police": [
        ("Тұрсынов Асқар Бекұлы", "a.tursynov@mvd.gov.kz", "+77014445566", "Киберполиция бөлімінің бастығы"),
        ("Һашимова Іңкәр Ерболқызы", "i.hashimova@mvd.gov.kz", "+77784445566", "Аға тергеуші"),
    ],
    "police_almaty": [
        ("Омарова Әйгерім Маратқызы", "a.omarova@almaty.mvd.gov.kz", "+77075556677", "Учаскелік полиция инспекторы"),
    ],
}
SIGNATORIES = {
    "prosecutor": ("Бас прокурордың орынбасары", "Әбдірахманов Дәурен Серікұлы"),
    "police": ("Вице-министр", "Жұмабеков Арман Қайратұлы"),
    "police_almaty": ("Бастық", "Омаров Ержан Маратұлы"),
}


def _ensure_list(organisation, key, half_year):
    staff_list = StaffList.objects.filter(organisation=organisation, half_year=half_year).first()
    if staff_list is None:
        position, name = SIGNATORIES[key]
        staff_list = StaffList.objects.create(
            organisation=organisation, half_year=half_year, signatory_position=position, signatory_name=name,
            source_file_name=f"{key}-{half_year}.xlsx",
        )
        StaffListEntry.objects.bulk_create(
            StaffListEntry(staff_list=staff_list, row_number=i, full_name=n, email=e, phone=p, position=pos)
            for i, (n, e, p, pos) in enumerate(PEOPLE[key], start=1)
        )
        StaffList.objects.filter(pk=staff_list.pk).update(entry_count=len(PEOPLE[key]))
        staff_list.refresh_from_db()
    return staff_list


@transaction.atomic
def load(world):
    from cases.services import run_transition

    organisations, users = world["organisations"], world["users"]
    officer = users["officer"]
    prosecutor = _ensure_list(organisations["prosecutor"], "prosecutor", "2026-H2")
    if prosecutor.state == StaffListState.DRAFT:
        run_transition(prosecutor, "submit", users["prosecutor_manager"], comment="")
        run_transition(prosecutor, "accept", officer, comment="Тізім тексерілді")
        # the demo's own data-entry user keeps working in the demo
        get_user_model().objects.filter(username="prosecutor_reporter").update(is_active=True)
    police = _ensure_list(organisations["police"], "police", "2026-H2")
    if police.state == StaffListState.DRAFT:
        run_transition(police, "submit", users["police_reporter"], comment="")
    almaty = _ensure_list(organisations["police_almaty"], "police_almaty", "2026-H2")
    if almaty.state == StaffListState.DRAFT:
        run_transition(almaty, "submit", users["admin"], comment="")
        run_transition(almaty, "return_list", officer, reason="Бөлімше бастығының лауазымы мен қолы көрсетілмеген.")
