import pytest

from registries.stafflists.models import StaffList, StaffListEntry
from registries.stafflists.services import importing
from registries.stafflists.services.importing import ImportRefused, import_staff_list

from .factories import HEADER_EN, HEADER_RU, csv_bytes, make_list, person, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(demo, data, org="prosecutor", dry_run=False):
    return import_staff_list(data, organisation=demo["organisations"][org], half_year="2026-H2", dry_run=dry_run)


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes([person(1), person(2)]),
        csv_bytes([person(1), person(2)], bom=True),
        csv_bytes([person(1, russian=True), person(2, russian=True)], header=HEADER_RU, encoding="cp1251", delimiter=";"),
        csv_bytes([person(1), person(2)], header=HEADER_EN, delimiter="\t"),
        xlsx_bytes([person(1), person(2)], title_rows=[["Хабарлама"], []]),
    ],
    ids=["utf8-kk", "utf8-bom", "cp1251-ru-semicolon", "en-tab", "xlsx-title-rows"],
)
def test_formats_and_headers_are_read(demo, data):
    result = run(demo, data)
    assert result.ok, result.errors
    assert [e.email for e in result.staff_list.entries.order_by("row_number")] == ["user1@prokuror.kz", "user2@prokuror.kz"]
    assert result.staff_list.entry_count == 2


def test_cp1251_text_is_decoded(demo):
    data = csv_bytes([["1", "Иванов Иван Иванович", "ivanov@mvd.gov.kz", "+7 701 111 22 33", "Следователь"]], header=HEADER_RU, encoding="cp1251")
    result = run(demo, data, org="police")
    assert result.ok
    assert result.staff_list.entries.get().full_name == "Иванов Иван Иванович"


def test_phones_are_normalised(demo):
    rows = [
        ["1", "А Б", "a@x.kz", "8 (701) 123-45-67", ""],
        ["2", "В Г", "b@x.kz", "+7 777 123 45 67", ""],
        ["3", "Д Е", "c@x.kz", "7051234567", ""],
    ]
    result = run(demo, csv_bytes(rows))
    assert result.ok
    assert sorted(result.staff_list.entries.values_list("phone", flat=True)) == ["+77011234567", "+77051234567", "+77771234567"]


def test_row_level_errors_name_row_column_and_problem(demo):
    rows = [
        person(1),
        ["2", "", "ok2@x.kz", "87011234567", ""],  # line 3: no name
        ["3", "Ы Ы", "not-an-email", "87011234567", ""],  # line 4
        ["4", "Ж Ж", "USER1@prokuror.kz", "87011234567", ""],  # line 5: duplicate of line 2
        ["5", "З З", "z@x.kz", "+7 7172 123456", ""],  # line 6: landline
        ["", "", "", "", ""],  # empty: ignored
        ["7", "К К", "k@x.kz", "", ""],  # line 8: no phone
    ]
    result = run(demo, csv_bytes(rows, header=HEADER_EN))
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "Full name"), (4, "Work e-mail"), (5, "Work e-mail"), (6, "Mobile phone"), (8, "Mobile phone")}
    assert result.empty_rows == 1
    dup = next(e for e in result.errors if e.row == 5)
    assert "2" in dup.message and "user1@prokuror.kz" in dup.message
    # All or nothing: nothing saved.
    assert not StaffList.objects.exists() and not StaffListEntry.objects.exists()


def test_messages_are_kazakh_in_kazakh(demo):
    from django.utils import translation

    with translation.override("kk"):
        result = run(demo, csv_bytes([["1", "", "a@x.kz", "87011234567", ""]]))
    assert result.errors[0].message != "the full name is required."


def test_email_listed_by_another_organisation_is_refused(demo):
    make_list(demo["organisations"]["police"], state="accepted", emails=["shared@gov.kz"])
    result = run(demo, csv_bytes([["1", "А Б", "Shared@gov.kz", "87011234567", ""], person(2)]))
    assert not result.ok
    assert result.errors[0].row == 2 and "shared@gov.kz" in result.errors[0].message
    assert not StaffList.objects.filter(organisation=demo["organisations"]["prosecutor"]).exists()


def test_email_of_another_organisations_account_is_refused(demo):
    user = demo["users"]["police_reporter"]
    user.email = "Asker@mvd.gov.kz"  # matched by the work e-mail, whatever the login
    user.save()
    result = run(demo, csv_bytes([["1", "А Б", "asker@mvd.gov.kz", "87011234567", ""]]))
    assert not result.ok


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", b"%PDF-1.7 binary", b"PK\x03\x04not really a zip", b"\xd0\xcf\x11\xe0old xls",
     "Жай мәтін, кесте емес\nтағы бір жол".encode(), b"", b"\xff\xfe\x00\x00\x98\x98"],
    ids=["png", "pdf", "broken-zip", "xls", "plain-text", "empty", "binary"],
)
def test_not_a_spreadsheet_is_refused_cleanly(demo, data):
    with pytest.raises(ImportRefused) as info:
        run(demo, data)
    assert info.value.messages
    assert not StaffList.objects.exists()


def test_missing_required_column_is_named(demo):
    data = csv_bytes([["1", "А Б", "a@x.kz"]], header=["№", "ФИО", "Рабочий e-mail"])
    with pytest.raises(ImportRefused) as info:
        run(demo, data)
    assert info.value.code == "missing_columns"


def test_size_and_row_limits(demo, monkeypatch):
    with pytest.raises(ImportRefused) as info:
        run(demo, b"a" * (importing.MAX_BYTES + 1))
    assert info.value.code == "too_large"
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    with pytest.raises(ImportRefused) as info:
        run(demo, csv_bytes([person(i) for i in range(1, 40)]))
    assert info.value.code == "too_many_rows"
    with pytest.raises(ImportRefused):
        run(demo, xlsx_bytes([person(i) for i in range(1, 40)]))


def test_preview_diff_against_accepted_list(demo):
    org = demo["organisations"]["prosecutor"]
    accepted = make_list(org, state="accepted", emails=["keep@x.kz", "change@x.kz", "drop@x.kz"])
    keep = accepted.entries.get(email="keep@x.kz")
    rows = [
        ["1", keep.full_name, "keep@x.kz", keep.phone, keep.position],
        ["2", "Жаңа Аты", "change@x.kz", "87019998877", "Басқа"],
        ["3", "Жаңа Адам", "new@x.kz", "87019998866", ""],
    ]
    result = run(demo, csv_bytes(rows), dry_run=True)
    assert (result.new_count, result.changed_count, result.dropped_count, result.unchanged) == (1, 1, 1, 1)
    assert result.dropped[0][0] == "drop@x.kz"
    assert StaffList.objects.count() == 1  # dry run saved nothing


def test_reimport_replaces_draft_and_submitted_blocks(demo):
    org = demo["organisations"]["prosecutor"]
    first = run(demo, csv_bytes([person(1), person(2)])).staff_list
    second = run(demo, csv_bytes([person(3)])).staff_list
    assert first.pk == second.pk
    assert list(second.entries.values_list("email", flat=True)) == ["user3@prokuror.kz"]
    StaffList.objects.filter(pk=first.pk).update(state="submitted")
    with pytest.raises(ImportRefused):
        run(demo, csv_bytes([person(4)]))
    assert StaffList.objects.filter(organisation=org).count() == 1


def test_subordinate_organisation_is_linked(demo):
    police, almaty = demo["organisations"]["police"], demo["organisations"]["police_almaty"]
    header = ["№", "ФИО", "Рабочий e-mail", "Мобильный телефон", "Должность", "Подведомственная организация"]
    rows = [["1", "А Б", "a@mvd.kz", "87011234567", "", almaty.name_kk], ["2", "В Г", "b@mvd.kz", "87011234568", "", "Басқа ұйым"]]
    result = run(demo, csv_bytes(rows, header=header), org="police")
    entries = list(result.staff_list.entries.order_by("row_number"))
    assert entries[0].subordinate_organisation == almaty and entries[1].subordinate_organisation is None
    assert entries[1].subordinate_name == "Басқа ұйым"
    assert police.pk == result.staff_list.organisation_id


def test_only_state_bodies_import(demo):
    with pytest.raises(ImportRefused):
        run(demo, csv_bytes([person(1)]), org="kcell")


def test_a_conflict_neither_names_nor_confirms_another_organisation(demo):
    """A state body guessing e-mails learns nothing about another body's list: the conflict says
    the e-mail cannot be used and whom to ask; only the authorised body sees which organisation."""
    police = demo["organisations"]["police"]
    make_list(police, state="accepted", emails=["shared@gov.kz"])
    data = csv_bytes([["1", "А Б", "shared@gov.kz", "87011234567", ""]])
    for username in ("prosecutor_manager", None):
        result = import_staff_list(data, organisation=demo["organisations"]["prosecutor"], half_year="2026-H2",
                                   user=demo["users"][username] if username else None)
        [error] = result.errors
        assert police.name_kk not in error.message and "another organisation" not in error.message
        assert "authorised body" in error.message or "уәкілетті орган" in error.message
    result = import_staff_list(data, organisation=demo["organisations"]["prosecutor"], half_year="2026-H2",
                               user=demo["users"]["officer"])
    assert police.name_kk in result.errors[0].message
