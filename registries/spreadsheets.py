"""Spreadsheets in and out, safely.

Out: every CSV/XLSX export passes its text cells through :func:`escape_formula`, so a value a
user typed (a name such as ``=HYPERLINK(...)``) is shown as text and never runs as a formula in
Excel or LibreOffice (OWASP "CSV injection").

In: :func:`is_formula` tells an import that a cell would be a formula; :func:`check_xlsx_archive`
bounds an uploaded .xlsx *before* any XML in it is parsed (declared and actual uncompressed
sizes, compression ratio, number of members, DOCTYPE/ENTITY declarations), and
:func:`iter_xlsx_rows` reads the first worksheet as a stream with limits on rows, columns and
cell length, so a padded or "bomb" file is refused in a fraction of a second and with little
memory instead of being expanded in full.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

#: Characters that make a spreadsheet application read a cell as a formula (or DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@")
#: Characters a spreadsheet skips before it looks for a formula prefix.
_LEADING_IGNORED = " \t\r\n\x0b\x0c"
#: A signed number or phone number (digits, spaces, brackets, dots, hyphens): it cannot call a
#: function or another program, and "+7 701 123 45 67" must stay a phone number.
_NUMBER = re.compile(r"[+-]?[\d\s().-]*\d[\d\s().-]*")


def is_formula(value) -> bool:
    """True when a text cell would be read as a formula: it starts with ``=``, ``+``, ``-`` or
    ``@``, also after leading spaces, tabs or line breaks (``-2+3``, ``@SUM(A1)``,
    ``\t=HYPERLINK(...)``), or it starts with a tab or carriage return. A plain signed number or
    phone number is not (``+77011234567``)."""
    if not isinstance(value, str):
        return False
    stripped = value.lstrip(_LEADING_IGNORED)
    if not stripped:
        return False
    if value[:1] in ("\t", "\r"):
        return True
    return stripped.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(stripped)


def escape_formula(value):
    """The value to write into a CSV/XLSX cell: a text that a spreadsheet would take for a
    formula gets a leading apostrophe (``'=HYPERLINK(...)``), which every spreadsheet shows as
    text; anything else (numbers, dates, None, harmless text) is returned unchanged."""
    if is_formula(value):
        return "'" + value
    return value


def escape_row(values):
    """:func:`escape_formula` applied to every cell of a row (a list)."""
    return [escape_formula(value) for value in values]


# --- reading .xlsx within limits ------------------------------------------------------------


class SpreadsheetLimitError(ValueError):
    """The file goes beyond a limit; ``code`` names which, ``limit`` says how far it may go and
    ``row``/``column`` (1-based, when known) where it went beyond it."""

    def __init__(self, code: str, limit=None, row: int | None = None, column: int | None = None):
        super().__init__(code)
        self.code, self.limit, self.row, self.column = code, limit, row, column


@dataclass(frozen=True)
class XlsxLimits:
    max_rows: int = 200_000
    max_columns: int = 50
    max_cell_chars: int = 1_000
    #: cells written in the worksheet, empty ones included (a row padded to 16,384 columns)
    max_cells: int = 1_600_000
    #: the sum of the members' uncompressed sizes (declared and actual)
    max_uncompressed: int = 64 * 1024 * 1024
    #: any one member's uncompressed size / compressed size (beyond 1 MB uncompressed)
    max_ratio: int = 200
    max_members: int = 200
    #: entries of the shared-strings table (all the texts of the workbook)
    max_shared_strings: int = 1_000_000


DEFAULT_LIMITS = XlsxLimits()
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_TAG = re.compile(rb"<(?:\w+:)?(row|c|si)[\s/>]")
_CHUNK = 64 * 1024
_CARRY = 64


def _member_too_large(info: zipfile.ZipInfo, limits: XlsxLimits) -> bool:
    if info.file_size > limits.max_uncompressed:
        return True
    return info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1)


class _Tally:
    """Counts rows, cells (per row and in all) and shared strings in the raw XML of a member,
    tag by tag, and refuses at the first count beyond its limit."""

    def __init__(self, limits: XlsxLimits):
        self.limits = limits
        self.rows = self.cells = self.row_cells = self.strings = 0

    def add(self, tag: bytes) -> None:
        limits = self.limits
        if tag == b"c":
            self.cells += 1
            self.row_cells += 1
            if self.row_cells > limits.max_columns:
                raise SpreadsheetLimitError("row_too_wide", limits.max_columns, row=self.rows or 1)
            if self.cells > limits.max_cells:
                raise SpreadsheetLimitError("too_many_cells", limits.max_cells)
        elif tag == b"row":
            self.rows += 1
            self.row_cells = 0
            if self.rows > limits.max_rows:
                raise SpreadsheetLimitError("too_many_rows", limits.max_rows, row=self.rows)
        else:
            self.strings += 1
            if self.strings > limits.max_shared_strings:
                raise SpreadsheetLimitError("too_many_strings", limits.max_shared_strings)


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: XlsxLimits, total: int) -> int:
    name = info.filename
    xml = name.endswith((".xml", ".rels", ".vml"))
    counted = (name.startswith("xl/worksheets/") and name.endswith(".xml")) or name == "xl/sharedStrings.xml"
    tally = _Tally(limits)
    size, carry = 0, b""
    with archive.open(info) as member:
        while True:
            chunk = member.read(_CHUNK)
            size += len(chunk)
            total += len(chunk)
            if size > info.file_size or total > limits.max_uncompressed:
                raise SpreadsheetLimitError("too_large_uncompressed", limits.max_uncompressed)
            buffer = carry + chunk
            if xml and _DTD.search(buffer):
                raise SpreadsheetLimitError("dtd")
            # a tag that starts in the carried tail is counted with the next chunk
            cutoff = len(buffer) - _CARRY if chunk else len(buffer)
            if counted:
                for match in _TAG.finditer(buffer):
                    if match.start() >= cutoff:
                        break
                    tally.add(match.group(1))
            if not chunk:
                return total
            carry = buffer[max(cutoff, 0):]


def check_xlsx_archive(data: bytes, limits: XlsxLimits = DEFAULT_LIMITS) -> None:
    """Refuse an .xlsx before any XML in it is parsed when its members are too many, declare
    too large an uncompressed size or compression ratio, actually inflate beyond the limit (a
    member may lie about its size), hold more cells, rows or shared strings than the limits, or
    carry a DTD (XXE, "billion laughs"; Excel never writes one). Reads each member in chunks, so
    the check needs little memory and stops at the first limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise SpreadsheetLimitError("not_spreadsheet") from error
    with archive:
        if len(members) > limits.max_members:
            raise SpreadsheetLimitError("too_many_members", limits.max_members)
        declared = sum(info.file_size for info in members)
        if declared > limits.max_uncompressed or any(_member_too_large(info, limits) for info in members):
            raise SpreadsheetLimitError("too_large_uncompressed", limits.max_uncompressed)
        total = 0
        for info in members:
            if info.is_dir():
                continue
            try:
                total = _check_member(archive, info, limits, total)
            except SpreadsheetLimitError:
                raise
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as error:
                raise SpreadsheetLimitError("not_spreadsheet") from error


def iter_xlsx_rows(data: bytes, limits: XlsxLimits = DEFAULT_LIMITS):
    """Yield the first worksheet's rows as lists of values, streaming, after
    :func:`check_xlsx_archive`. Refuses (``SpreadsheetLimitError``) a row beyond ``max_rows``, a
    filled cell beyond ``max_columns`` and a text longer than ``max_cell_chars``. Empty cells at
    the end of a row are dropped, so a row padded with empty cells costs nothing."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx_archive(data, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetLimitError:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError,
            AttributeError, IndexError, SyntaxError) as error:
        # SyntaxError: xml.etree's ParseError (and defusedxml's refusals) derive from it
        raise SpreadsheetLimitError("not_spreadsheet") from error
    try:
        if not workbook.worksheets:
            raise SpreadsheetLimitError("not_spreadsheet")
        sheet = workbook.worksheets[0]
        for row_number, cells in enumerate(sheet.iter_rows(max_col=limits.max_columns + 1), start=1):
            if row_number > limits.max_rows:
                raise SpreadsheetLimitError("too_many_rows", limits.max_rows, row=row_number)
            values = []
            for cell in cells:
                value = getattr(cell, "value", None)
                column = getattr(cell, "column", None) or len(values) + 1
                if value is None or value == "":
                    continue
                if column > limits.max_columns:
                    raise SpreadsheetLimitError("too_many_columns", limits.max_columns, row=row_number, column=column)
                if isinstance(value, str) and len(value) > limits.max_cell_chars:
                    raise SpreadsheetLimitError("cell_too_long", limits.max_cell_chars, row=row_number, column=column)
                values.extend([None] * (column - 1 - len(values)))
                values.append(value)
            yield values
    except SpreadsheetLimitError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, SyntaxError, OSError,
            zipfile.BadZipFile) as error:
        raise SpreadsheetLimitError("not_spreadsheet") from error
    finally:
        workbook.close()
