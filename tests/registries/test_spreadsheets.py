"""Safe spreadsheets (registries.spreadsheets): exports never carry live formulas, uploads are
bounded before they are parsed (staff lists, seed 001 p. 5, Appendix 1)."""

import csv
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from benchmarks.xlsx_limits import (
    billion_laughs_xlsx,
    malformed_xlsx,
    padded_xlsx,
    plain_xlsx,
    shared_string_bomb,
    workbook,
    xxe_xlsx,
)
from registries.spreadsheets import XlsxLimits, escape_formula, is_formula, iter_xlsx_rows
from registries.stafflists.models import StaffList
from registries.stafflists.services.reading import ImportRefused, read_table

IMPORT_URL = "/admin/stafflists/stafflist/import/"
FORMULAS = ["=HYPERLINK(\"http://x.example\",\"a\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3",
            "\t=1+1", " =1+1", "\r@SUM(A1)", "\n-2+3"]


# --- out: escaping ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_escaped(value):
    assert is_formula(value)
    assert escape_formula(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Әбдірахманов Ғалым", "", None, 5, 2.5, "a-b", "e-mail@x.kz", "+77011234567", "+7 (701) 123-45-67", "-5"]
)
def test_harmless_cells_are_unchanged(value):
    assert not is_formula(value)
    assert escape_formula(value) == value


def _hostile_list(organisation):
    from tests.registries.stafflists.factories import StaffListEntryFactory, make_list

    staff_list = make_list(organisation, entries=0, emails=["a@prokuror.kz"])
    for number, name in enumerate(FORMULAS, start=2):
        StaffListEntryFactory(staff_list=staff_list, email=f"f{number}@prokuror.kz", row_number=number, full_name=name,
                              position="=1+1")
    return staff_list


@pytest.mark.django_db
@pytest.mark.parametrize("library_setting", [False, True])
def test_staff_list_export_carries_no_formula(demo, library_setting):
    """Names and positions typed as formulas are exported as text, in CSV and in XLSX, whether or
    not django-import-export's own (partial) escaping setting is on."""
    from registries.stafflists.resources import StaffListEntryResource

    staff_list = _hostile_list(demo["organisations"]["prosecutor"])
    with override_settings(IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT=library_setting):
        dataset = StaffListEntryResource().export(queryset=staff_list.entries.order_by("row_number"))
        from import_export.formats.base_formats import CSV, XLSX

        csv_text = CSV().export_data(dataset)
        xlsx = XLSX().export_data(dataset)
    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert "'-2+3" in cells and "'=1+1" in cells
    for cell in cells:
        assert not is_formula(cell), cell
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert "f" not in kinds
    assert "'=HYPERLINK(\"http://x.example\",\"a\")" in [cell.value for row in sheet.iter_rows() for cell in row]


# --- in: bounded reading ---------------------------------------------------------------------

def _refusal(data) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        read_table(data)
    assert info.value.messages and all(message.strip() for message in info.value.messages)
    return info.value


def test_padded_xlsx_is_refused_before_parsing_with_row_and_little_memory():
    """A list whose rows are padded with empty cells up to column XFD (16,384 columns) is refused
    at the first such row, without expanding it."""
    data = padded_xlsx(40)
    assert len(data) > 1_000_000
    tracemalloc.start()
    try:
        refusal = _refusal(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refusal.code == "row_too_wide"
    assert "2" in refusal.messages[0] and "50" in refusal.messages[0]
    assert peak < 20 * 2**20


def test_shared_string_bomb_is_refused_by_its_unpacked_size():
    data = shared_string_bomb(strings=100_000)
    assert len(data) < 1_000_000
    tracemalloc.start()
    try:
        refusal = _refusal(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refusal.code == "too_large_uncompressed"
    assert peak < 20 * 2**20


def test_a_member_that_lies_about_its_size_is_refused():
    """The check reads the members (in chunks) and does not trust the sizes they declare."""
    data = bytearray(plain_xlsx(50))
    name = b"xl/worksheets/sheet1.xml"
    central = next(
        at for at in range(len(data)) if data[at:at + 4] == b"PK\x01\x02" and data[at + 46:at + 46 + len(name)] == name
    )
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # declared uncompressed size
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode()).file_size == 100
    assert _refusal(bytes(data)).code == "not_spreadsheet"


@pytest.mark.parametrize("maker", [xxe_xlsx, billion_laughs_xlsx], ids=["xxe", "billion-laughs"])
def test_xxe_and_billion_laughs_are_refused_unparsed(maker):
    assert _refusal(maker()).code == "dtd"


@pytest.mark.parametrize(
    "data",
    [
        malformed_xlsx(),
        b"PK\x03\x04" + b"\x00" * 200,
        workbook(['<row r="1"><c r="A1" t="s"><v>99</v></c></row>']),  # a shared string that does not exist
        workbook(['<row r="1"><c r="A1"><v>not a number</v></c></row>']),
    ],
    ids=["malformed-xml", "truncated-zip", "missing-shared-string", "bad-number"],
)
def test_malformed_xlsx_is_a_clear_refusal(data):
    assert _refusal(data).code == "not_spreadsheet"


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert _refusal(buffer.getvalue()).code == "not_spreadsheet"


def test_limits_on_rows_columns_and_cell_length_name_the_place():
    limits = XlsxLimits(max_rows=3)
    with pytest.raises(ValueError) as info:
        list(iter_xlsx_rows(plain_xlsx(5), limits))
    assert info.value.code == "too_many_rows"
    with pytest.raises(ValueError) as info:
        list(iter_xlsx_rows(plain_xlsx(1), XlsxLimits(max_columns=3)))
    assert (info.value.code, info.value.row) == ("row_too_wide", 1)
    with pytest.raises(ValueError) as info:
        list(iter_xlsx_rows(plain_xlsx(1), XlsxLimits(max_cell_chars=5)))
    assert (info.value.code, info.value.row, info.value.column) == ("cell_too_long", 1, 2)


def test_a_normal_list_is_read_whole():
    rows = read_table(plain_xlsx(30))
    assert len(rows) == 31 and rows[1][2] == "user2@prokuror.kz"


def test_a_long_cell_is_refused_with_its_row_and_column():
    refusal = _refusal(workbook(['<row r="1"><c r="A1" t="inlineStr"><is><t>№</t></is></c></row>',
                                 f'<row r="2"><c r="C2" t="inlineStr"><is><t>{"ы" * 5000}</t></is></c></row>']))
    assert refusal.code == "cell_too_long"
    assert "2" in refusal.messages[0] and "C" in refusal.messages[0]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("№,Аты\n1," + "ы" * 200_000 + "\n", "not_spreadsheet"),      # beyond csv's own field limit
        ("№,Аты\n1," + "ы" * 5_000 + "\n", "cell_too_long"),
        ("№,Аты\n" + ",".join(["x"] * 80) + "\n", "too_many_columns"),
        ("№,Аты\n1,\"unclosed\n2,б\n", None),                          # read, not a 500
        ("№;Аты\r\n1;\"a\"\"b\"\r\n", None),
    ],
    ids=["huge-field", "long-cell", "wide-row", "unclosed-quote", "quotes"],
)
def test_csv_oddities_answer_clearly(data, code):
    if code is None:
        assert read_table(data.encode())
    else:
        assert _refusal(data.encode()).code == code


@pytest.mark.django_db
@pytest.mark.parametrize("maker", [lambda: padded_xlsx(40), xxe_xlsx, malformed_xlsx], ids=["padded", "xxe", "malformed"])
def test_admin_upload_of_a_hostile_xlsx_is_a_kazakh_field_error(demo, client, maker):
    client.force_login(demo["users"]["prosecutor_manager"])
    response = client.post(IMPORT_URL, {
        "organisation": demo["organisations"]["prosecutor"].pk, "half_year": "2026-H2",
        "signatory_position": "Орынбасар", "signatory_name": "Әбдірахманов Д.",
        "import_file": SimpleUploadedFile("list.xlsx", maker()),
    })
    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors and not any(word in errors[0] for word in ("The file", "Row ", "spreadsheet"))
    assert not StaffList.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x.example\",\"a\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3",
                                  "\t=1+1"])
def test_import_refuses_a_formula_as_a_name_with_row_and_column(demo, name):
    """A name that a spreadsheet would run is refused with its line and column; nothing is saved."""
    from registries.stafflists.services.importing import import_staff_list
    from tests.registries.stafflists.factories import csv_bytes, person

    rows = [person(1), [*person(2)[:1], name, *person(2)[2:]]]
    result = import_staff_list(csv_bytes(rows), organisation=demo["organisations"]["prosecutor"], half_year="2026-H2",
                               dry_run=True)
    assert not result.ok
    error = result.errors[0]
    assert error.row == 3 and "аты" in error.column and "@" in error.message
    assert not StaffList.objects.exists()
