"""Bulk import of a staff list (seed 001 p. 5, Appendix 1): read, validate, diff, save.

The fast path: one pass over the rows with plain Python validation, a handful of chunked
queries for the cross-organisation checks, and ``bulk_create``. All or nothing: a single bad
row and nothing is saved. django-import-export's row-by-row resource (``resources.py``) is kept
for export and as the benchmark's baseline.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.scoping import sees_everything
from registries.spreadsheets import is_formula
from registries.validators import normalise_kz_mobile

from ..choices import OPEN_STATES
from ..models import StaffList, StaffListEntry, StaffListState, half_year_bounds, validate_half_year
from . import reading
from .reading import (  # noqa: F401  (re-exported: the admin, the command and the tests import them from here)
    COLUMN_ALIASES,
    MAX_BYTES,
    ImportRefused,
    column_label,
    decode_text,
    find_headers,
    normalise_header,
    read_table,
    too_many_rows,
)

MAX_ROWS = reading.MAX_ROWS  # the data-row limit (tests lower it)
CHUNK = 2000
#: How many row errors and diff samples a preview shows (all are counted).
SHOW_LIMIT = 500


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


class RowChecker:
    """Checks one data row after another (plain Python, caches for phones and e-mail domains),
    adding each problem to the result with its spreadsheet line and column."""

    def __init__(self, mapping: dict, labels: dict, subordinates: dict, result: ImportResult):
        self.columns = mapping
        self.label = {name: labels.get(name) or column_label(name) for name in COLUMN_ALIASES}
        self.subordinates = subordinates
        self.result = result
        self.seen: dict[str, int] = {}
        self.phones: dict[str, str] = {}
        self.domains: dict[str, bool] = {}
        self.ok = True

    def value(self, values, name: str, spaces: bool = True) -> str:
        column = self.columns.get(name)
        if column is None or column >= len(values):
            return ""
        return _SPACES.sub(" ", values[column]).strip() if spaces else values[column].strip()

    def error(self, line: int, name: str, message) -> None:
        self.result.add_error(line, self.label[name], message)
        self.ok = False

    def full_name(self, line: int, values) -> str:
        full_name = self.value(values, "full_name")
        if not full_name:
            self.error(line, "full_name", _("the full name is required."))
        elif len(full_name) > 300:
            self.error(line, "full_name", _("too long (at most %(max)s characters).") % {"max": 300})
        elif is_formula(full_name):
            self.error(line, "full_name",
                       _("a name cannot begin with “=”, “+”, “-” or “@”: a spreadsheet would run it as a formula."))
        return full_name

    def email(self, line: int, values) -> str:
        email = self.value(values, "email", spaces=False).lower()
        if not email:
            self.error(line, "email", _("the work e-mail is required."))
        elif not email_is_valid(email, self.domains):
            self.error(line, "email", _("“%(value)s” is not a valid e-mail address.") % {"value": email})
        elif email in self.seen:
            self.error(line, "email", _("the e-mail %(email)s is already in row %(row)s of this file.")
                       % {"email": email, "row": self.seen[email]})
        else:
            self.seen[email] = line
        return email

    def phone(self, line: int, values) -> str:
        raw = self.value(values, "phone", spaces=False)
        if not raw:
            self.error(line, "phone", _("the mobile phone is required."))
            return ""
        if raw not in self.phones:
            try:
                self.phones[raw] = normalise_kz_mobile(raw)
            except ValidationError as exc:
                self.error(line, "phone", f"“{raw}”: {exc.messages[0]}")
                return ""
        return self.phones[raw]

    def short(self, line: int, values, name: str, limit: int) -> str:
        text = self.value(values, name)
        if len(text) > limit:
            self.error(line, name, _("too long (at most %(max)s characters).") % {"max": limit})
        return text

    def row(self, line: int, values) -> Row | None:
        """The valid row, or None (its problems are in the result)."""
        self.ok = True
        full_name, email, phone = self.full_name(line, values), self.email(line, values), self.phone(line, values)
        position = self.short(line, values, "position", 300)
        sub = self.short(line, values, "subordinate", 500)
        if not self.ok:
            return None
        return Row(line, full_name, email, phone, position, sub, self.subordinates.get(sub.lower()) if sub else None)


def _is_empty(values) -> bool:
    return not any(v.strip() if isinstance(v, str) else v for v in values)


def validate_rows(table, organisation: Organisation, result: ImportResult, user=None) -> None:
    """Every data row of ``table`` checked; the valid ones in ``result.rows``, the problems in
    ``result.errors``; then the e-mails other organisations already list (p. 5)."""
    header_index, mapping, labels = find_headers(table)
    result.headers = labels
    data_rows = table[header_index + 1:]
    if len(data_rows) > MAX_ROWS:
        too_many_rows()
    checker = RowChecker(mapping, labels, _subordinate_index(organisation), result)
    first_line = header_index + 2  # spreadsheet line numbers: 1-based, after the header
    for offset, values in enumerate(data_rows):
        if _is_empty(values):
            result.empty_rows += 1
            continue
        row = checker.row(first_line + offset, values)
        if row is not None:
            result.rows.append(row)
    if not result.rows and not result.error_count:
        raise ImportRefused(_("The file has no staff rows."), code="no_rows")
    _check_other_organisations(result.rows, organisation, result, checker.label["email"], user)


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _check_other_organisations(rows, organisation, result, email_label, user=None) -> None:
    """Seed 001 p. 5: a person is listed by the state body they work for — the same e-mail in
    another organisation's accepted list (or an account of another organisation) is refused.
    The refusal names the other organisation only to the authorised body: a state body is told
    the e-mail cannot be used and whom to ask, never whose list holds it."""
    by_email = {row.email: row.line for row in rows}
    emails = list(by_email)
    User = get_user_model()
    # the body, its parent and its subordinate organisations list the same people (p. 5:
    # "ведомстволық бағынысты ұйымдарды қоса алғанда")
    related = Q(pk=organisation.pk) | Q(parent=organisation)
    if organisation.parent_id:
        related |= Q(pk=organisation.parent_id)
    family = Organisation.objects.filter(related).values("pk")
    conflicts: dict[str, str] = {}
    for chunk in _chunks(emails):
        for email, org_name in (
            StaffListEntry.objects.filter(staff_list__state=StaffListState.ACCEPTED, email__in=chunk)
            .exclude(staff_list__organisation__in=family)
            .values_list("email", "staff_list__organisation__name_kk")
        ):
            conflicts.setdefault(email.lower(), org_name)
        for email, org_name in (
            User.objects.annotate(work_email=Lower("email")).filter(work_email__in=chunk, profile__isnull=False)
            .exclude(profile__organisation__in=family)
            .values_list("work_email", "profile__organisation__name_kk")
        ):
            conflicts.setdefault(email, org_name)
    if not conflicts:
        return
    if sees_everything(user):
        message = _("the e-mail %(email)s is already listed by another organisation (%(organisation)s).")
    else:
        message = _("the e-mail %(email)s cannot be used in this list; contact the authorised body.")
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
    staff_list = open_lists.filter(state__in=OPEN_STATES).order_by("-pk").first()
    if staff_list is None:
        StaffList.ensure_legal_act_applicable()
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
    if organisation.kind != OrganisationKind.STATE_BODY:
        raise ImportRefused(_("Staff lists are sent by state bodies only (seed 001, p. 5)."), code="not_state_body")
    validate_half_year(half_year)
    half_year_bounds(half_year)
    result = ImportResult(dry_run=dry_run)
    table = read_table(data)
    validate_rows(table, organisation, result, user)
    del table
    diff_against_accepted(result.rows, organisation, result)
    if dry_run or not result.ok:
        return result
    for attempt in range(2):
        try:
            with transaction.atomic():
                # one confirmation of a state body at a time: a second (a double click) waits and
                # then fills the list the first one made (the constraint backs this up)
                Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
                staff_list = _target_list(organisation, half_year, user, signatory_position, signatory_name, file_name)
                save_rows(staff_list, result.rows)
            break
        except IntegrityError:
            if attempt:
                raise
    result.staff_list = staff_list
    return result
