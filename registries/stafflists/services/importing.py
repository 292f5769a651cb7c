"""Bulk import of a staff list (seed 001 p. 5, Appendix 1): read, validate, diff, save.

One streamed pass over the rows: each row is read, checked in plain Python and kept in a batch
of ``CHUNK`` rows; each batch is checked against the rows before it (duplicate e-mails, through a
temporary table of the e-mails seen), against the other organisations' lists and accounts, diffed
against the accepted list by indexed look-ups, and — when saving — inserted. Memory is flat in
the row count and every query is per batch and indexed, so the cost is linear. All or nothing:
the pass runs in one transaction, rolled back after a single bad row (and after a dry run).
django-import-export's resources (``resources.py``) are for export; the benchmark
(``benchmarks/staff_import.py``) compares this path with the library's default import.
"""

import itertools
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
from .import_tables import SeenEmails, _emails_in, _insert  # noqa: F401  (_insert: the benchmark imports it from here)
from .reading import (  # noqa: F401  (re-exported: the admin, the command and the tests import them from here)
    COLUMN_ALIASES,
    HEADER_SCAN_ROWS,
    MAX_BYTES,
    ImportRefused,
    column_label,
    decode_text,
    find_headers,
    iter_table,
    normalise_header,
    read_table,
    too_many_rows,
)

MAX_ROWS = reading.MAX_ROWS  # the data-row limit (tests lower it)
CHUNK = 2000
#: E-mail domains remembered at most (a list has few; a hostile file must not grow the cache).
DOMAIN_CACHE = 1000
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
    row_count: int = 0
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
            "rows": self.row_count, "new": self.new_count, "changed": self.changed_count,
            "unchanged": self.unchanged, "dropped": self.dropped_count, "empty": self.empty_rows,
            "errors": self.error_count,
        }


# --- validation ----------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_EMAIL = EmailValidator()


def email_is_valid(email: str, domain_cache: dict) -> bool:
    """Django's EmailValidator, with the domain part checked once per domain (a list has few;
    the cache holds at most ``DOMAIN_CACHE``)."""
    if not email or "@" not in email or len(email) > 254:
        return False
    user_part, domain_part = email.rsplit("@", 1)
    if not _EMAIL.user_regex.match(user_part):
        return False
    valid = domain_cache.get(domain_part)
    if valid is None:
        valid = domain_part in _EMAIL.domain_allowlist or bool(_EMAIL.validate_domain_part(domain_part))
        if len(domain_cache) >= DOMAIN_CACHE:
            domain_cache.clear()
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
    """Checks one data row after another (plain Python, a bounded cache of e-mail domains),
    adding each problem to the result with its spreadsheet line and column."""

    def __init__(self, mapping: dict, labels: dict, subordinates: dict, result: ImportResult):
        self.columns = mapping
        self.label = {name: labels.get(name) or column_label(name) for name in COLUMN_ALIASES}
        self.subordinates = subordinates
        self.result = result
        self.domains: dict[str, bool] = {}
        self.ok = True

    def value(self, values, name: str, spaces: bool = True) -> str:
        column = self.columns.get(name)
        if column is None or column >= len(values):
            return ""
        return " ".join(values[column].split()) if spaces else values[column].strip()

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
        else:
            self.email_ok = True
        return email

    def phone(self, line: int, values) -> str:
        raw = self.value(values, "phone", spaces=False)
        if not raw:
            self.error(line, "phone", _("the mobile phone is required."))
            return ""
        try:
            return normalise_kz_mobile(raw)
        except ValidationError as exc:
            self.error(line, "phone", f"“{raw}”: {exc.messages[0]}")
            return ""

    def short(self, line: int, values, name: str, limit: int) -> str:
        text = self.value(values, name)
        if len(text) > limit:
            self.error(line, name, _("too long (at most %(max)s characters).") % {"max": limit})
        return text

    def row(self, line: int, values) -> Row | None:
        """The valid row, or None (its problems are in the result); ``email_ok`` tells whether
        its e-mail counts for the duplicate check (as in a spreadsheet, the first one wins)."""
        self.ok, self.email_ok = True, False
        full_name, email, phone = self.full_name(line, values), self.email(line, values), self.phone(line, values)
        self.last_email = email
        position = self.short(line, values, "position", 300)
        sub = self.short(line, values, "subordinate", 500)
        if not self.ok:
            return None
        return Row(line, full_name, email, phone, position, sub, self.subordinates.get(sub.lower()) if sub else None)


def _is_empty(values) -> bool:
    return not any(v.strip() if isinstance(v, str) else v for v in values)


def _data_rows(source):
    """(header row index, column mapping, header labels, the data rows as an iterator)."""
    rows = iter_table(source)
    head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
    header_index, mapping, labels = find_headers(head)
    return header_index, mapping, labels, itertools.chain(head[header_index + 1:], rows)


class ImportPass:
    """One pass over the data rows (seed 001 p. 5): validate, check, diff and — into
    ``staff_list`` unless a dry run — save, ``CHUNK`` rows at a time."""

    def __init__(self, organisation, result: ImportResult, user=None, staff_list: StaffList | None = None):
        self.organisation, self.result, self.user, self.staff_list = organisation, result, user, staff_list
        self.accepted_id = (
            StaffList.objects.filter(organisation=organisation, state=StaffListState.ACCEPTED).values_list("pk", flat=True).first()
        )
        self.accepted_count = StaffListEntry.objects.filter(staff_list_id=self.accepted_id).count() if self.accepted_id else 0
        self.matched = 0
        self.saved = 0
        self.batch: list[tuple[int, str, Row | None]] = []  # (line, e-mail, the valid row or None)

    def run(self, source) -> None:
        header_index, mapping, labels, data_rows = _data_rows(source)
        result = self.result
        result.headers = labels
        checker = RowChecker(mapping, labels, _subordinate_index(self.organisation), result)
        self.email_label = checker.label["email"]
        first_line = header_index + 2  # spreadsheet line numbers: 1-based, after the header
        count = 0
        with connection.cursor() as cursor:
            self.cursor = cursor
            self.seen = SeenEmails(cursor)
            for offset, values in enumerate(data_rows):
                if _is_empty(values):
                    result.empty_rows += 1
                    continue
                count += 1
                if count > MAX_ROWS:
                    too_many_rows()
                row = checker.row(first_line + offset, values)
                if checker.email_ok:
                    self.batch.append((first_line + offset, checker.last_email, row))
                if len(self.batch) >= CHUNK:
                    self.flush()
            self.flush()
            if not result.row_count and not result.error_count:
                raise ImportRefused(_("The file has no staff rows."), code="no_rows")
            result.dropped_count = self.accepted_count - self.matched
            if self.accepted_id and result.dropped_count:
                result.dropped = self.seen.dropped(self.accepted_id, SHOW_LIMIT)
            self.seen.drop()
        result.errors.sort(key=lambda error: error.row)

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        rows = self.without_duplicates(batch)
        self.result.row_count += len(rows)
        _check_other_organisations(rows, self.organisation, self.result, self.email_label, self.user)
        self.diff(rows)
        if self.staff_list is not None and self.result.ok:
            self.save(rows)

    def without_duplicates(self, batch) -> list[Row]:
        """The batch's valid rows whose e-mail no earlier row has; the others are row errors."""
        earlier = self.seen.first_lines({email for _line, email, _row in batch})
        rows, new = [], []
        for line, email, row in batch:
            first = earlier.get(email)
            if first is not None:
                self.result.add_error(line, self.email_label, _("the e-mail %(email)s is already in row %(row)s of this file.")
                                      % {"email": email, "row": first})
                continue
            earlier[email] = line
            new.append((email, line, 1 if row is not None else 0))
            if row is not None:
                rows.append(row)
        self.seen.add(new)
        return rows

    def diff(self, rows) -> None:
        """The preview against the accepted list (indexed look-ups by staff list and e-mail)."""
        result = self.result
        accepted = {}
        if self.accepted_id:
            accepted = {
                email: values for email, *values in StaffListEntry.objects.filter(
                    staff_list_id=self.accepted_id, email__in=_emails_in([row.email for row in rows])
                ).values_list("email", "full_name", "phone", "position", "subordinate_name").order_by()
            }
        for row in rows:
            old = accepted.get(row.email)
            if old is None:
                result.new_count += 1
                if len(result.new) < SHOW_LIMIT:
                    result.new.append(row)
                continue
            self.matched += 1
            old = tuple(old)
            if old != (row.full_name, row.phone, row.position, row.subordinate_name):
                result.changed_count += 1
                if len(result.changed) < SHOW_LIMIT:
                    result.changed.append((row, old))
            else:
                result.unchanged += 1

    def save(self, rows) -> None:
        """Insert the entries: the rows ``bulk_create`` would write, without building model
        instances (every value was validated above; the constraints still apply)."""
        list_id, start = self.staff_list.pk, self.saved
        opts = StaffListEntry._meta
        columns = [opts.get_field(name).column for name in (
            "staff_list", "row_number", "full_name", "email", "phone", "position", "subordinate_name", "subordinate_organisation",
        )]
        _insert(self.cursor, connection.ops.quote_name(opts.db_table), [connection.ops.quote_name(c) for c in columns], [
            (list_id, number, row.full_name, row.email, row.phone, row.position, row.subordinate_name, row.subordinate_id)
            for number, row in enumerate(rows, start=start + 1)
        ])
        self.saved += len(rows)


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
            StaffListEntry.objects.filter(staff_list__state=StaffListState.ACCEPTED, email__in=_emails_in(chunk))
            .exclude(staff_list__organisation__in=family)
            .values_list("email", "staff_list__organisation__name_kk")
        ):
            conflicts.setdefault(email.lower(), org_name)
        for email, org_name in (
            User.objects.annotate(work_email=Lower("email")).filter(work_email__in=_emails_in(chunk), profile__isnull=False)
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


def import_staff_list(
    data,
    *,
    organisation: Organisation,
    half_year: str,
    user=None,
    dry_run: bool = True,
    file_name: str = "",
    signatory_position: str = "",
    signatory_name: str = "",
) -> ImportResult:
    """Validate ``data`` (the file's bytes or a seekable binary file, read as a stream) and
    preview it against the accepted list; unless ``dry_run`` and only when every row is valid,
    save it as the organisation's draft list for ``half_year`` (seed 001 p. 5).

    Raises ImportRefused for whole-file problems; row problems are in ``result.errors``.
    """
    if organisation.kind != OrganisationKind.STATE_BODY:
        raise ImportRefused(_("Staff lists are sent by state bodies only (seed 001, p. 5)."), code="not_state_body")
    validate_half_year(half_year)
    half_year_bounds(half_year)
    for attempt in range(2):
        result = ImportResult(dry_run=dry_run)
        try:
            with transaction.atomic():
                staff_list = created = None
                if not dry_run:
                    # one confirmation of a state body at a time: a second (a double click) waits
                    # and then fills the list the first one made (the constraint backs this up)
                    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
                    staff_list = _target_list(organisation, half_year, user, signatory_position, signatory_name, file_name)
                    created = staff_list.pk is None
                    staff_list.skip_history_when_saving = True  # one history record, at the end
                    staff_list.save()
                    del staff_list.skip_history_when_saving
                ImportPass(organisation, result, user, staff_list).run(data)
                if staff_list is None or not result.ok:
                    transaction.set_rollback(True)  # a dry run or a bad row: nothing saved
                    return result
                staff_list.entry_count = result.row_count
                staff_list.save()
                if created:
                    StaffList.history.filter(id=staff_list.pk).update(history_type="+")
            result.staff_list = staff_list
            return result
        except IntegrityError:
            if attempt or dry_run:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
