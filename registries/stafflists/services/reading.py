"""Reading a staff-list file (seed 001 Appendix 1): XLSX or CSV bytes into rows of cells, and
the header row recognised by the column names of Appendix 1 in Kazakh, Russian or English."""

import codecs
import csv
import io
import itertools
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from registries.spreadsheets import SpreadsheetLimitError, XlsxLimits, iter_xlsx_rows

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
#: Appendix 1 has six columns; a list may carry a few more (notes), never hundreds.
MAX_COLUMNS = 50
MAX_CELL_CHARS = 1_000
#: Bytes read at a time when a CSV file's encoding is checked.
READ_BLOCK = 64 * 1024

#: Recognised headers (normalised: lower case, no parenthetical remarks, letters/digits only).
COLUMN_ALIASES = {
    "row_number": ("№", "№рс", "№пп", "no", "nr", "number", "рс", "пп", "n"),
    "full_name": (
        "тегіатыәкесініңаты", "тегіатыәкесінің", "атыжөні", "аттегі", "толықаты",
        "фио", "фамилияимяотчество", "фамилияимя", "fullname", "name", "surnamename",
    ),
    "email": (
        "жұмысэлектрондықпоштасы", "жұмысэлектрондықпошта", "электрондықпошта", "электрондықпоштасы",
        "рабочийemail", "рабочийэлектронныйадрес", "рабочаяэлектроннаяпочта", "электроннаяпочта", "email",
        "workemail", "емейл", "почта",
    ),
    "phone": (
        "ұялытелефон", "ұялытелефоны", "ұялытелефонынөмірі", "телефон", "мобильныйтелефон", "сотовыйтелефон",
        "мобильный", "mobilephone", "mobile", "phone", "mobilenumber",
    ),
    "position": ("лауазымы", "лауазым", "должность", "position", "jobtitle", "title"),
    "subordinate": (
        "ведомстволықбағыныстыұйым", "бағыныстыұйым", "ұйым", "подведомственнаяорганизация", "организация",
        "subordinateorganisation", "subordinateorganization", "organisation", "organization",
    ),
}
_ALIAS_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}
REQUIRED_COLUMNS = ("full_name", "email", "phone")
HEADER_SCAN_ROWS = 20


def column_label(name: str) -> str:
    return {
        "row_number": _("No."),
        "full_name": _("Full name"),
        "email": _("Work e-mail"),
        "phone": _("Mobile phone"),
        "position": _("Position"),
        "subordinate": _("Subordinate organisation"),
    }[name]


def normalise_header(value) -> str:
    text = str(value or "").lower().replace("ё", "е")
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"[^\w№]", "", text)


class ImportRefused(ValidationError):
    """The file as a whole cannot be imported (too big, not a spreadsheet, no headers)."""


# --- reading -------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _refuse_not_spreadsheet():
    raise ImportRefused(
        _("The file is not a spreadsheet: upload the list as XLSX or CSV (UTF-8 or Windows-1251)."),
        code="not_spreadsheet",
    )


def too_many_rows():
    raise ImportRefused(
        _("The file has more than %(max)s rows; split it.") % {"max": f"{MAX_ROWS:,}".replace(",", " ")},
        code="too_many_rows",
    )


def _limits() -> XlsxLimits:
    return XlsxLimits(max_rows=MAX_ROWS + HEADER_SCAN_ROWS, max_columns=MAX_COLUMNS, max_cell_chars=MAX_CELL_CHARS)


def _where(error: SpreadsheetLimitError) -> dict:
    return {
        "row": error.row or "",
        "column": get_column_letter(min(error.column, 16_384)) if error.column else "",
        "max": f"{error.limit:,}".replace(",", " ") if isinstance(error.limit, int) else error.limit,
    }


def _refuse_beyond_limit(error: SpreadsheetLimitError):
    """The reader's refusal as a message the uploader can act on (row and column when known)."""
    if error.code == "too_many_rows":
        too_many_rows()
    if error.code == "not_spreadsheet":
        _refuse_not_spreadsheet()
    where = _where(error)
    if error.code == "too_many_columns":
        message = _("Row %(row)s, column %(column)s: the list may have at most %(max)s columns; "
                    "delete the cells beyond them.")
    elif error.code == "row_too_wide":
        message = _("Row %(row)s holds more than %(max)s cells (empty formatted cells count too): "
                    "delete the columns beyond the list.")
    elif error.code == "cell_too_long":
        message = _("Row %(row)s, column %(column)s: the cell is longer than %(max)s characters.")
    elif error.code == "too_many_cells":
        message = _("The sheet holds more than %(max)s cells (empty formatted cells count too): "
                    "delete the empty columns and rows or split the list.")
    elif error.code == "too_many_strings":
        message = _("The file holds more than %(max)s texts; split it.")
    elif error.code == "dtd":
        message = _("The file contains XML declarations (DTD) that a spreadsheet never has; "
                    "open it in Excel or LibreOffice and save it again as .xlsx.")
    else:  # too_large_uncompressed, too_many_members
        message = _("The spreadsheet is too large once unpacked; split it or save it again without "
                    "empty formatted rows and columns.")
    raise ImportRefused(message % where, code=error.code)


def _iter_xlsx(data: bytes):
    """The first sheet's rows, streamed within the limits (registries.spreadsheets)."""
    try:
        for values in iter_xlsx_rows(data, _limits()):
            yield [_cell(v) for v in values]
    except SpreadsheetLimitError as error:
        _refuse_beyond_limit(error)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        _refuse_not_spreadsheet()


def _text_encoding(stream) -> str:
    """``decode_text``'s choice for a binary stream, checked ``READ_BLOCK`` bytes at a time (never
    the whole file in memory): UTF-8 with BOM, UTF-8, else Windows-1251."""
    stream.seek(0)
    if stream.read(3) == b"\xef\xbb\xbf":
        return "utf-8-sig"
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(READ_BLOCK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1251"
    finally:
        stream.seek(0)


def _iter_csv(stream):
    """The rows of a CSV stream, decoded and parsed as they are read (memory flat in the row count)."""
    text = io.TextIOWrapper(stream, encoding=_text_encoding(stream), errors="strict", newline="")
    try:
        try:
            sample = text.read(8192)
            head = sample + text.readline()  # the sample's last line completed
        except UnicodeDecodeError:
            _refuse_not_spreadsheet()
        first_line = sample.split("\n", 1)[0]
        delimiter = max(";,\t", key=lambda d: first_line.count(d))
        if first_line.count(delimiter) == 0:
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
            except csv.Error:
                delimiter = ","
        limits = _limits()
        lines = itertools.chain(io.StringIO(head, newline=""), text)
        try:
            for line, values in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
                if line > limits.max_rows:
                    too_many_rows()
                while values and not values[-1].strip():
                    values.pop()
                if len(values) > limits.max_columns:
                    raise SpreadsheetLimitError("too_many_columns", limits.max_columns, row=line, column=len(values))
                for column, value in enumerate(values, start=1):
                    if len(value) > limits.max_cell_chars:
                        raise SpreadsheetLimitError("cell_too_long", limits.max_cell_chars, row=line, column=column)
                yield values
        except SpreadsheetLimitError as error:
            _refuse_beyond_limit(error)
        except (csv.Error, UnicodeDecodeError):
            # a field beyond csv.field_size_limit(), a NUL byte, an unclosed quote at the end, a
            # byte Windows-1251 does not have
            _refuse_not_spreadsheet()
    finally:
        text.detach()  # the caller's stream stays open (a second pass seeks back to its start)


def _binary_stream(source):
    """A seekable binary stream over ``source`` (bytes are wrapped without a copy) and its size."""
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return stream, size


def iter_table(source):
    """Rows of cells from an XLSX or CSV file (its bytes or a seekable binary file), one row at a
    time; whole-file problems refused cleanly, before the first row or when reached."""
    stream, size = _binary_stream(source)
    if size > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 20 MB; split it."), code="too_large")
    head = stream.read(8192)
    stream.seek(0)
    if not head.strip() and size <= len(head):
        raise ImportRefused(_("The file is empty."), code="empty")
    if head.startswith(b"PK\x03\x04"):
        return _iter_xlsx(source if isinstance(source, bytes) else stream.read())
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(_("Old Excel format (.xls): save the file as .xlsx or CSV."), code="xls")
    if b"\x00" in head or head.startswith(b"%PDF"):
        _refuse_not_spreadsheet()
    return _iter_csv(stream)


def read_table(data: bytes) -> list[list[str]]:
    """Rows of cells from an XLSX or CSV file's bytes; refuses anything else cleanly."""
    return list(iter_table(data))


def find_headers(rows) -> tuple[int, dict[str, int], dict[str, str]]:
    """The header row index, {field: column index}, {field: header as written}."""
    for index, values in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping, labels = {}, {}
        for col, value in enumerate(values):
            name = _ALIAS_TO_FIELD.get(normalise_header(value))
            if name and name not in mapping:
                mapping[name] = col
                labels[name] = str(value).strip()
        if "full_name" in mapping and ("email" in mapping or "phone" in mapping):
            missing = [column_label(n) for n in REQUIRED_COLUMNS if n not in mapping]
            if missing:
                raise ImportRefused(
                    _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)},
                    code="missing_columns",
                )
            return index, mapping, labels
    raise ImportRefused(
        _(
            "No header row found. The list needs the columns of Appendix 1: "
            "“Тегі, аты, әкесінің аты” (ФИО / Full name), “Жұмыс электрондық поштасы” (Рабочий e-mail), "
            "“Ұялы телефон” (Мобильный телефон)."
        ),
        code="no_headers",
    )
