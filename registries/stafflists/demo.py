"""Demo staff lists (idempotent), one in every state, each step taken through its service
(seed 001 p. 5, Appendix 1):

- the Prosecutor General's Office: its 2026-H1 list accepted and then superseded by its accepted
  2026-H2 list (accounts granted), and a 2027-H1 draft prepared ahead, not yet signed;
- the Ministry of Internal Affairs: its 2026-H1 list accepted, its 2026-H2 list awaiting review,
  and a list sent in error and withdrawn with the reason;
- the Almaty police department: its 2026-H1 list received by letter (recorded afterwards with the
  letter's real time) and accepted, its 2026-H2 list returned for correction.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .models import StaffList, StaffListEntry, StaffListState
from .services import (
    staff_list_accept,
    staff_list_receive_by_letter,
    staff_list_return_list,
    staff_list_submit,
    staff_list_withdraw,
)

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
    # sent by the ministry in error: the list of a department that sends its own
    "police_wrong": [
        ("Сейітқали Бекзат Арманұлы", "b.seitkali@mvd.gov.kz", "+77016667788", "Жол полициясының инспекторы"),
    ],
}
SIGNATORIES = {
    "prosecutor": ("Бас прокурордың орынбасары", "Әбдірахманов Дәурен Серікұлы"),
    "police": ("Вице-министр", "Жұмабеков Арман Қайратұлы"),
    "police_almaty": ("Бастық", "Омаров Ержан Маратұлы"),
}
#: Listed people who are the demo's own users: the list names them by their work e-mail (the
#: demo account's e-mail), so accepting the list keeps their accounts (seed 001 p. 5, p. 8).
DEMO_USERS_LISTED = {"n.mukhamediev@prokuror.kz": "prosecutor_reporter", "a.tursynov@mvd.gov.kz": "police_reporter"}

#: The Almaty department's signed 2026-H1 letter, received before it used the system.
LETTER_RECEIVED_AT = datetime(2026, 3, 10, 11, 30)
LETTER_REFERENCE = "№ 21-04/1187, 06.03.2026"


def _rows(key, users):
    emails = {listed: users[username].email for listed, username in DEMO_USERS_LISTED.items() if username in users}
    return [(name, emails.get(email, email), phone, position) for name, email, phone, position in PEOPLE[key]]


def _ensure_list(organisation, key, half_year, *, file_name, users, people=None, signed=True, created_by=None):
    """The demo list stored from ``file_name`` (its idempotency key), created as a draft with its rows."""
    staff_list = StaffList.objects.filter(organisation=organisation, source_file_name=file_name).first()
    if staff_list is not None:
        return staff_list
    position, name = SIGNATORIES[key] if signed else ("", "")
    rows = _rows(people or key, users)
    staff_list = StaffList.objects.create(
        organisation=organisation, half_year=half_year, signatory_position=position, signatory_name=name,
        source_file_name=file_name, created_by=created_by, entry_count=len(rows),
    )
    StaffListEntry.objects.bulk_create(
        StaffListEntry(staff_list=staff_list, row_number=i, full_name=n, email=e, phone=p, position=pos)
        for i, (n, e, p, pos) in enumerate(rows, start=1)
    )
    return staff_list


def _prosecutor(organisation, users):
    manager, officer = users["prosecutor_manager"], users["officer"]
    current = _ensure_list(organisation, "prosecutor", "2026-H2", file_name="prosecutor-2026-H2.xlsx", users=users, created_by=manager)
    earlier = _ensure_list(organisation, "prosecutor", "2026-H1", file_name="prosecutor-2026-H1.xlsx", users=users, created_by=manager)
    if earlier.state == StaffListState.DRAFT:
        StaffListEntry.objects.filter(staff_list=earlier, email="u.usenov@prokuror.kz").delete()
        StaffList.objects.filter(pk=earlier.pk).update(entry_count=2)
        staff_list_submit(case=earlier, actor=manager)
        staff_list_accept(case=earlier, actor=officer, comment="Тізім тексерілді")
    if current.state == StaffListState.DRAFT:
        staff_list_submit(case=current, actor=users["prosecutor_reporter"])
        staff_list_accept(case=current, actor=officer, comment="Жаңартылған тізім тексерілді")
    # prepared ahead of the next half-year; the signatory is not filled in yet (Appendix 1)
    _ensure_list(organisation, "prosecutor", "2027-H1", file_name="prosecutor-2027-H1.xlsx", users=users, signed=False,
                 created_by=manager)


def _police(organisation, users):
    reporter = users["police_reporter"]
    accepted = _ensure_list(organisation, "police", "2026-H1", file_name="police-2026-H1.xlsx", users=users, created_by=reporter)
    if accepted.state == StaffListState.DRAFT:
        staff_list_submit(case=accepted, actor=reporter)
        staff_list_accept(case=accepted, actor=users["officer"], comment="Тізім тексерілді")
    # sent in error and withdrawn first: a state body has one list in progress per half-year
    wrong = _ensure_list(
        organisation, "police", "2026-H2", file_name="police-2026-H2-jol-policiyasy.xlsx", users=users, people="police_wrong",
        created_by=reporter,
    )
    if wrong.state == StaffListState.DRAFT:
        staff_list_submit(case=wrong, actor=reporter)
        staff_list_withdraw(
            case=wrong, actor=reporter,
            reason="Қате жіберілді: бұл — өз тізімін өзі жіберетін Жол полициясы департаментінің тізімі.",
        )
    awaiting = _ensure_list(organisation, "police", "2026-H2", file_name="police-2026-H2.xlsx", users=users, created_by=reporter)
    if awaiting.state == StaffListState.DRAFT:
        staff_list_submit(case=awaiting, actor=reporter)


def _police_almaty(organisation, users):
    officer, parent_reporter = users["officer"], users["police_reporter"]
    returned = _ensure_list(organisation, "police_almaty", "2026-H2", file_name="police_almaty-2026-H2.xlsx", users=users,
                            created_by=parent_reporter)
    by_letter = _ensure_list(organisation, "police_almaty", "2026-H1", file_name="police_almaty-2026-H1-hat.xlsx", users=users,
                             created_by=officer)
    if by_letter.state == StaffListState.DRAFT:
        staff_list_receive_by_letter(
            case=by_letter, actor=officer, letter_reference=LETTER_REFERENCE,
            occurred_at=timezone.make_aware(LETTER_RECEIVED_AT), comment="Қағаз хат бойынша енгізілді",
        )
        staff_list_accept(case=by_letter, actor=officer)
    if returned.state == StaffListState.DRAFT:
        # the ministry sends its subordinate department's list (p. 5)
        staff_list_submit(case=returned, actor=parent_reporter)
        staff_list_return_list(case=returned, actor=officer, reason="Бөлімше бастығының лауазымы мен қолы көрсетілмеген.")


@transaction.atomic
def load(world):
    organisations, users = world["organisations"], world["users"]
    _prosecutor(organisations["prosecutor"], users)
    _police(organisations["police"], users)
    _police_almaty(organisations["police_almaty"], users)
