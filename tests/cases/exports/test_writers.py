"""The export formats (cases.exports.writers): the BOM, formula-safe cells, typed dates."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from cases.exports.writers import BOM, csv_chunks, csv_text, sheet_title, xlsx_file


def read_csv(chunks) -> list[list[str]]:
    data = b"".join(chunks)
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1:A2)", "'+SUM(A1:A2)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=HYPERLINK(1)", "'\t=HYPERLINK(1)"),
        ("\rcmd", "'\rcmd"),
        ("+7 701 123 45 67", "+7 701 123 45 67"),  # a phone number stays one
        ("Алматы облысы", "Алматы облысы"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (Decimal("1.5"), "1,5"),  # kk writes a decimal comma
        (date(2026, 3, 2), "02.03.2026"),
        (datetime(2026, 3, 2, 4, 0, tzinfo=UTC), "02.03.2026 09:00"),  # Asia/Almaty (UTC+5)
    ],
)
def test_csv_cells(value, written):
    assert csv_text(value) == written


def test_csv_starts_with_the_bom_and_keeps_kazakh_letters():
    rows = read_csv(csv_chunks(["Хабарлама №", "Күйі"], iter([[1, "Қаралуда"], [2, "=cmd|' /C calc'!A0"]])))
    assert rows == [["Хабарлама №", "Күйі"], ["1", "Қаралуда"], ["2", "'=cmd|' /C calc'!A0"]]


def test_csv_is_streamed_in_batches():
    chunks = list(csv_chunks(["a"], ([n] for n in range(450))))
    assert len(chunks) == 1 + 3  # the heading, then 200 + 200 + 50 rows


def test_xlsx_has_text_cells_never_formulas_and_real_dates():
    with translation.override("kk"):
        output = xlsx_file("Хабарламалар", ["№", "Атауы", "Уақыты"], iter([
            [1, "=HYPERLINK(\"http://x\")", datetime(2026, 3, 2, 4, 0, tzinfo=UTC)],
            [2, "Ақпарат\x07комитеті", date(2026, 3, 3)],
        ]))
    workbook = openpyxl.load_workbook(output)
    sheet = workbook.active
    assert sheet.title == "Хабарламалар"
    assert [c.value for c in sheet[1]] == ["№", "Атауы", "Уақыты"]
    assert sheet[1][0].font.bold
    assert sheet["B2"].value == "'=HYPERLINK(\"http://x\")"
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].value == datetime(2026, 3, 2, 9, 0)
    assert sheet["C2"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet["B3"].value == "Ақпараткомитеті"  # a control character Excel refuses is dropped
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize(("title", "expected"), [("Хабарламалар", "Хабарламалар"), ("a/b:c", "a b c"), ("x" * 40, "x" * 31)])
def test_sheet_title(title, expected):
    assert sheet_title(title) == expected
