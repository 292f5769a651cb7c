"""Bulk import of a staff list (seed 001 p. 5, Appendix 1): read, validate, diff, save.

The fast path: one pass over the rows with plain Python validation, a handful of chunked
queries for the cross-organisation checks, and ``bulk_create``. All or nothing: a single bad
row and nothing is saved. django-import-export's row-by-row resource (``resources.py``) is kept
for export and as the benchmark's baseline.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.utils.translation import gettext as _

from registries.models import LegalAct, Organisation
from registries.validators import normalise_kz_mobile

from ..models import StaffList, StaffListEntry, StaffListState, half_year_bounds, validate_half_year

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
CHUNK = 2000
#: How many row errors and diff samples a preview shows (all are counted).
SHOW_LIMIT = 500

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


@dataclass(slots=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message,
        }


@dataclass(slots=True)
class Row:
    line: int
    full_name: str
    email: str
    phone: str
    position: str
    subordinate_name: str
    subordinate_id: int | None


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    error_count: int = 0
    empty_rows: int = 0
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    unchanged: int = 0
    new_count: int = 0
    changed_count: int = 0
    dropped_count: int = 0
    staff_list: StaffList | None = None
    dry_run: bool = True
    headers: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int, column: str, message) -> None:
        self.error_count += 1
        if len(self.errors) < SHOW_LIMIT:
            self.errors.append(RowError(row, column, str(message)))

    def summary(self) -> str:
        return _(
            "%(rows)s rows: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, %(dropped)s dropped "
            "against the accepted list; %(empty)s empty rows ignored; %(errors)s errors."
        ) % {
            "rows": len(self.rows), "new": self.new_count, "changed": self.changed_count,
            "unchanged": self.unchanged, "dropped": self.dropped_count, "empty": self.empty_rows,
            "errors": self.error_count,
        }


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


def _too_many_rows():
    raise ImportRefused(
        _("The file has more than %(max)s rows; split it.") % {"max": f"{MAX_ROWS:,}".replace(",", " ")},
        code="too_many_rows",
    )


def _read_xlsx(data: bytes):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        _refuse_not_spreadsheet()
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            _refuse_not_spreadsheet()
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                _too_many_rows()
        return rows
    finally:
        workbook.close()


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


def _read_csv(data: bytes):
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        _refuse_not_spreadsheet()
    sample = text[:8192]
    first_line = sample.split("\n", 1)[0]
    delimiter = max(";,\t", key=lambda d: first_line.count(d))
    if first_line.count(delimiter) == 0:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
        except csv.Error:
            delimiter = ","
    rows = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(values)
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                _too_many_rows()
    except csv.Error:
        _refuse_not_spreadsheet()
    return rows


def read_table(data: bytes) -> list[list[str]]:
    """Rows of cells from an XLSX or CSV file's bytes; refuses anything else cleanly."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 20 MB; split it."), code="too_large")
    if not data.strip():
        raise ImportRefused(_("The file is empty."), code="empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(_("Old Excel format (.xls): save the file as .xlsx or CSV."), code="xls")
    if b"\x00" in data[:8192] or data.startswith(b"%PDF"):
        _refuse_not_spreadsheet()
    return _read_csv(data)


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


# --- validation ----------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_EMAIL = EmailValidator()


def email_is_valid(email: str, domain_cache: dict) -> bool:
    """Django's EmailValidator, with the domain part checked once per domain (a list has few)."""
    if not email or "@" not in email or len(email) > 254:
        return False
    user_part, domain_part = email.rsplit("@", 1)
    if not _EMAIL.user_regex.match(user_part):
        return False
    valid = domain_cache.get(domain_part)
    if valid is None:
        valid = domain_part in _EMAIL.domain_allowlist or bool(_EMAIL.validate_domain_part(domain_part))
        domain_cache[domain_part] = valid
    return valid


def _subordinate_index(organisation: Organisation) -> dict[str, int]:
    index = {}
    for pk, name_kk, name_ru, bin_ in Organisation.objects.filter(parent=organisation).values_list(
        "pk", "name_kk", "name_ru", "bin"
    ):
        for key in (name_kk, name_ru, bin_):
            if key:
                index[_SPACES.sub(" ", key).strip().lower()] = pk
    return index


def validate_rows(table, organisation: Organisation, result: ImportResult) -> None:
    header_index, mapping, labels = find_headers(table)
    result.headers = labels
    label = {name: labels.get(name) or column_label(name) for name in COLUMN_ALIASES}
    data_rows = table[header_index + 1:]
    if len(data_rows) > MAX_ROWS:
        _too_many_rows()
    subordinates = _subordinate_index(organisation)
    c_name, c_email, c_phone = mapping["full_name"], mapping["email"], mapping["phone"]
    c_position, c_sub = mapping.get("position"), mapping.get("subordinate")
    seen: dict[str, int] = {}
    phone_cache: dict[str, str] = {}
    domain_cache: dict[str, bool] = {}
    rows = result.rows
    msg_name = _("the full name is required.")
    msg_email_missing = _("the work e-mail is required.")
    msg_email_bad = _("“%(value)s” is not a valid e-mail address.")
    msg_phone_missing = _("the mobile phone is required.")
    msg_dup = _("the e-mail %(email)s is already in row %(row)s of this file.")
    msg_long = _("too long (at most %(max)s characters).")
    first_line = header_index + 2  # spreadsheet line numbers: 1-based, after the header

    for offset, values in enumerate(data_rows):
        line = first_line + offset
        if not any(v.strip() if isinstance(v, str) else v for v in values):
            result.empty_rows += 1
            continue
        width = len(values)
        full_name = _SPACES.sub(" ", values[c_name]).strip() if c_name < width else ""
        email = values[c_email].strip().lower() if c_email < width else ""
        raw_phone = values[c_phone].strip() if c_phone < width else ""
        position = _SPACES.sub(" ", values[c_position]).strip() if c_position is not None and c_position < width else ""
        sub = _SPACES.sub(" ", values[c_sub]).strip() if c_sub is not None and c_sub < width else ""
        ok = True
        if not full_name:
            result.add_error(line, label["full_name"], msg_name)
            ok = False
        elif len(full_name) > 300:
            result.add_error(line, label["full_name"], msg_long % {"max": 300})
            ok = False
        if not email:
            result.add_error(line, label["email"], msg_email_missing)
            ok = False
        else:
            if not email_is_valid(email, domain_cache):
                result.add_error(line, label["email"], msg_email_bad % {"value": email})
                ok = False
            elif email in seen:
                result.add_error(line, label["email"], msg_dup % {"email": email, "row": seen[email]})
                ok = False
            else:
                seen[email] = line
        phone = ""
        if not raw_phone:
            result.add_error(line, label["phone"], msg_phone_missing)
            ok = False
        else:
            phone = phone_cache.get(raw_phone, "")
            if not phone:
                try:
                    phone = normalise_kz_mobile(raw_phone)
                    phone_cache[raw_phone] = phone
                except ValidationError as exc:
                    result.add_error(line, label["phone"], f"“{raw_phone}”: {exc.messages[0]}")
                    ok = False
        if len(position) > 300:
            result.add_error(line, label["position"], msg_long % {"max": 300})
            ok = False
        if len(sub) > 500:
            result.add_error(line, label["subordinate"], msg_long % {"max": 500})
            ok = False
        if ok:
            rows.append(Row(line, full_name, email, phone, position, sub, subordinates.get(sub.lower()) if sub else None))

    if not rows and not result.error_count:
        raise ImportRefused(_("The file has no staff rows."), code="no_rows")
    _check_other_organisations(rows, organisation, result, label["email"])


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _check_other_organisations(rows, organisation, result, email_label) -> None:
    """Seed 001 p. 5: a person is listed by the state body they work for — the same e-mail in
    another organisation's accepted list (or an account of another organisation) is refused."""
    by_email = {row.email: row.line for row in rows}
    emails = list(by_email)
    User = get_user_model()
    conflicts: dict[str, str] = {}
    for chunk in _chunks(emails):
        for email, org_name in (
            StaffListEntry.objects.filter(staff_list__state=StaffListState.ACCEPTED, email__in=chunk)
            .exclude(staff_list__organisation=organisation)
            .values_list("email", "staff_list__organisation__name_kk")
        ):
            conflicts.setdefault(email, org_name)
        for username, org_name in (
            User.objects.filter(username__in=chunk, profile__isnull=False)
            .exclude(profile__organisation=organisation)
            .values_list("username", "profile__organisation__name_kk")
        ):
            conflicts.setdefault(username, org_name)
    if not conflicts:
        return
    message = _("the e-mail %(email)s is already listed by another organisation (%(organisation)s).")
    for email, org_name in sorted(conflicts.items(), key=lambda item: by_email[item[0]]):
        result.add_error(by_email[email], email_label, message % {"email": email, "organisation": org_name})


# --- diff against the accepted list -------------------------------------------------------

def diff_against_accepted(rows, organisation, result: ImportResult) -> None:
    accepted = {
        email: (full_name, phone, position, sub)
        for email, full_name, phone, position, sub in StaffListEntry.objects.filter(
            staff_list__organisation=organisation, staff_list__state=StaffListState.ACCEPTED
        ).values_list("email", "full_name", "phone", "position", "subordinate_name").iterator(chunk_size=5000)
    }
    for row in rows:
        old = accepted.pop(row.email, None)
        if old is None:
            result.new_count += 1
            if len(result.new) < SHOW_LIMIT:
                result.new.append(row)
        elif old != (row.full_name, row.phone, row.position, row.subordinate_name):
            result.changed_count += 1
            if len(result.changed) < SHOW_LIMIT:
                result.changed.append((row, old))
        else:
            result.unchanged += 1
    result.dropped_count = len(accepted)
    result.dropped = [(email, *values) for email, values in list(accepted.items())[:SHOW_LIMIT]]


# --- saving --------------------------------------------------------------------------------

def _target_list(organisation, half_year, user, signatory_position, signatory_name, file_name) -> StaffList:
    """The organisation's open (draft / returned) list for the half-year, or a new draft."""
    open_lists = StaffList.objects.select_for_update().filter(organisation=organisation, half_year=half_year)
    if open_lists.filter(state=StaffListState.SUBMITTED).exists():
        raise ImportRefused(
            _("A list of this organisation for %(half)s is already awaiting review; wait for the decision.")
            % {"half": half_year},
            code="awaiting_review",
        )
    staff_list = open_lists.filter(state__in=[StaffListState.DRAFT, StaffListState.RETURNED]).order_by("-pk").first()
    if staff_list is None:
        LegalAct.objects.get(code=StaffList.LEGAL_ACT_CODE).ensure_applicable()
        staff_list = StaffList(organisation=organisation, half_year=half_year, created_by=user if getattr(user, "pk", None) else None)
    else:
        staff_list.entries.all().delete()
    if signatory_position:
        staff_list.signatory_position = signatory_position
    if signatory_name:
        staff_list.signatory_name = signatory_name
    staff_list.source_file_name = (file_name or "")[:300]
    return staff_list


def save_rows(staff_list: StaffList, rows) -> None:
    """Insert the entries with ``executemany`` in chunks: the same rows ``bulk_create`` would
    write, without building 100,000 model instances (5x faster on SQLite; every value was
    validated above, and the database constraints still apply)."""
    staff_list.entry_count = len(rows)
    staff_list.save()
    list_id = staff_list.pk
    quote = connection.ops.quote_name
    opts = StaffListEntry._meta
    columns = [opts.get_field(name).column for name in (
        "staff_list", "row_number", "full_name", "email", "phone", "position", "subordinate_name", "subordinate_organisation",
    )]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # quoted model table and column names only  # noqa: S608  # nosec B608
        quote(opts.db_table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, [
                (list_id, number, row.full_name, row.email, row.phone, row.position, row.subordinate_name, row.subordinate_id)
                for number, row in enumerate(rows[start:start + 5000], start=start + 1)
            ])


def import_staff_list(
    data: bytes,
    *,
    organisation: Organisation,
    half_year: str,
    user=None,
    dry_run: bool = True,
    file_name: str = "",
    signatory_position: str = "",
    signatory_name: str = "",
) -> ImportResult:
    """Validate ``data`` and preview it against the accepted list; unless ``dry_run`` and only
    when every row is valid, save it as the organisation's draft list for ``half_year``.

    Raises ImportRefused for whole-file problems; row problems are in ``result.errors``.
    """
    from registries.roles import OrganisationKind

    if organisation.kind != OrganisationKind.STATE_BODY:
        raise ImportRefused(_("Staff lists are sent by state bodies only (seed 001, p. 5)."), code="not_state_body")
    validate_half_year(half_year)
    half_year_bounds(half_year)
    result = ImportResult(dry_run=dry_run)
    table = read_table(data)
    validate_rows(table, organisation, result)
    del table
    diff_against_accepted(result.rows, organisation, result)
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        staff_list = _target_list(organisation, half_year, user, signatory_position, signatory_name, file_name)
        save_rows(staff_list, result.rows)
    result.staff_list = staff_list
    return result
