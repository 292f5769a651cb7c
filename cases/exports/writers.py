"""The two export formats, both streamed with little memory whatever the number of rows.

- CSV: UTF-8 with a byte-order mark (Excel then reads Kazakh letters right), ``;`` between
  cells (what Excel expects where the decimal separator is a comma, as in Kazakhstan), dates
  and numbers in the active language's format, written row by row (``StreamingHttpResponse``).
- XLSX: openpyxl's write-only workbook (rows go to a temporary file as they come), dates as
  real dates in Almaty time, the heading row bold and frozen.

Every text cell passes through ``registries.spreadsheets.escape_formula``: a value that a
spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, a leading tab or CR) is
written with a leading apostrophe and is shown, never run.
"""

import csv
import re
import tempfile
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone

from registries.spreadsheets import escape_formula

BOM = "\ufeff"
CSV_DELIMITER = ";"
#: rows written to the response at a time (one chunk of the stream)
CSV_BATCH = 200
XLSX_DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
XLSX_DATE_FORMAT = "DD.MM.YYYY"
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class _Echo:
    """A file-like object whose ``write`` hands the line back (csv.writer into a generator)."""

    def write(self, value):
        return value


def local(value: datetime) -> datetime:
    """A naive Almaty time (spreadsheets have no time zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def csv_text(value) -> str:
    """A cell of the CSV: dates and numbers in the active language's format, texts escaped."""
    if isinstance(value, datetime):
        return formats.date_format(local(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return formats.number_format(value, use_l10n=True)
    return escape_formula("" if value is None else str(value))


def csv_chunks(header, rows):
    """The CSV as byte chunks: the BOM and the heading row first, then ``CSV_BATCH`` rows a chunk."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield (BOM + writer.writerow([csv_text(h) for h in header])).encode("utf-8")
    batch = []
    for row in rows:
        batch.append(writer.writerow([csv_text(value) for value in row]))
        if len(batch) >= CSV_BATCH:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters."""
    return _SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "1"


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, local(value))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value)
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(sheet, escape_formula(text))
    cell.data_type = "s"  # a text, never a formula, whatever it starts with
    return cell


def xlsx_file(title: str, header, rows, widths=None):
    """The workbook in a temporary file (rewound), written row by row (write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for text in header:
        cell = _xlsx_cell(sheet, text)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it once sent
    workbook.save(output)
    output.seek(0)
    return output
