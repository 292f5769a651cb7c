"""Traffic statistics entered by the STS (seed 004 p. 7–8): a batch of rows, all or nothing,
checked row by row by the one row check (``throttle.statistic_row_errors``) that the model's
``clean`` uses too; rows are entered only while the request of the authorised body is open."""

from __future__ import annotations

import re
from copy import copy
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registries.models import RegionalObject

from .choices import PlatformCaseState
from .records import TrafficStatistic
from .throttle import periods_overlap, statistic_row_errors


def statistics_closed_error() -> str:
    return _("Traffic statistics are entered only while the request of the authorised body is open (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы).")


def request_open(case) -> bool:
    return case.state == PlatformCaseState.STATISTICS_REQUESTED


def ensure_request_open(case, field: str = "case") -> None:
    """The one "is the p. 7 request open" check of the admin form, the API and the batch."""
    if not request_open(case):
        raise ValidationError({field: [ValidationError(statistics_closed_error(), code="request_not_open")]})


class StatisticsRejected(ValidationError):
    """A batch of statistics rows refused; ``row_errors`` is index-aligned with the rows
    ({field: [messages]} per row, empty for a good row)."""

    def __init__(self, row_errors: list[dict]):
        self.row_errors = row_errors
        super().__init__([message for row in row_errors for messages in row.values() for message in messages])


@dataclass
class StatisticRow:
    regional_object: RegionalObject
    period_start: object
    period_end: object
    peak_kbps: object


def record_statistics(case, rows: list[StatisticRow], by=None) -> list[TrafficStatistic]:
    """Save a batch of statistics rows for ``case``: all or nothing. Raises ``StatisticsRejected``
    (per-row error dicts, index-aligned) when any row is wrong."""
    ensure_request_open(case)
    errors: list[dict] = []
    given = list(case.traffic_statistics.select_related("regional_object"))
    accepted: list[TrafficStatistic] = []
    for row in rows:
        candidate = TrafficStatistic(
            case=case,
            regional_object=row.regional_object,
            period_start=row.period_start,
            period_end=row.period_end,
            peak_kbps=row.peak_kbps,
            submitted_by=by,
        )
        row_errors = statistic_row_errors(candidate, given + accepted)
        errors.append(row_errors)
        if not row_errors:
            accepted.append(candidate)
    if any(errors):
        raise StatisticsRejected(errors)
    with transaction.atomic():
        return TrafficStatistic.objects.bulk_create(accepted)


# --- the statistics grid: regions × periods of the day, saved at once --------------------------

#: The periods of the day a grid offers (seed 004 p. 7: "тәуліктің әртүрлі уақыт кезеңінде") when
#: the case holds none overlapping them: four quarters of the day, the last running to midnight.
STANDARD_PERIODS: tuple[tuple[time, time], ...] = (
    (time(0), time(6)), (time(6), time(12)), (time(12), time(18)), (time(18), time(0)),
)

#: The Kazakh alphabet (Cyrillic script) in its order; Russian letters keep their relative order in it.
KAZAKH_ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(KAZAKH_ALPHABET)}


def kazakh_alphabetical_key(text: str) -> tuple:
    """A sort key putting names in Kazakh alphabetical order (Ә after А, Ғ after Г, … І after Ы),
    which neither the database nor Python's code-point order gives; spaces, digits and other
    characters come before the letters."""
    return tuple((1, _LETTER_RANK[ch]) if ch in _LETTER_RANK else (0, ord(ch)) for ch in str(text).upper())


def period_label(period: tuple[time, time]) -> str:
    return f"{period[0]:%H:%M}–{period[1]:%H:%M}"


def grid_periods(existing) -> list[tuple[time, time]]:
    """The columns of a case's grid: the periods its statistics already use, and the standard
    ones that overlap none of them, ordered by the time they start."""
    periods = sorted(set(existing), key=lambda p: (p[0], p[1]))
    for standard in STANDARD_PERIODS:
        if standard not in periods and not any(periods_overlap(standard, p) for p in periods):
            periods.append(standard)
    return sorted(periods, key=lambda p: (p[0], p[1] == time(0), p[1]))


_SPACES = re.compile(r"[\s\u00a0\u2007\u202f']+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse_kbps(raw) -> Decimal | None:
    """A peak throughput typed or pasted from a spreadsheet, in Kbit/s: "1 234,5", "1234.5",
    "1 234 567" (spaces, non-breaking and thin spaces as thousands separators; a decimal comma
    or point). None for an empty cell. A negative number is returned as such: refusing it is the
    row check's (p. 8, ``statistic_row_errors``). ``ValidationError`` (code ``invalid``,
    ``max_decimal_places`` or ``max_digits``) for anything else, in the user's language."""
    if raw is None:
        return None
    if isinstance(raw, (int, Decimal)):
        text = str(raw)
    else:
        text = _SPACES.sub("", str(raw)).replace("\u2212", "-")
        if "," in text and "." in text:
            text = "?"  # "1,234.5" or "1.234,5": which one is the decimal separator is not known
        text = text.replace(",", ".")
    if text == "":
        return None
    if not _NUMBER.fullmatch(text):
        raise ValidationError(
            _("Not a number: type the peak throughput in Kbit/s, e.g. 1 234,5 (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы)."),
            code="invalid",
        )
    value = Decimal(text)
    try:
        DecimalValidator(KBPS_MAX_DIGITS, KBPS_DECIMAL_PLACES)(value)
    except ValidationError as exc:
        if exc.code == "max_decimal_places":
            raise ValidationError(
                _("At most %(places)s digits after the decimal comma.") % {"places": KBPS_DECIMAL_PLACES}, code=exc.code
            ) from exc
        raise ValidationError(_("The number is too large for Kbit/s."), code="max_digits") from exc
    return value


#: ``TrafficStatistic.peak_kbps`` is DecimalField(max_digits=16, decimal_places=3).
KBPS_MAX_DIGITS = 16
KBPS_DECIMAL_PLACES = 3


class StatisticsGridRejected(ValidationError):
    """A grid refused: ``cell_errors`` maps each wrong cell, (regional object id, period start,
    period end), to its errors (``ValidationError`` each, with its code: ``invalid``,
    ``max_decimal_places``, ``max_digits``, ``min_value``, ``overlap``, ``does_not_exist``).
    Nothing was saved."""

    def __init__(self, cell_errors: dict):
        self.cell_errors = cell_errors
        super().__init__([error for errors in cell_errors.values() for error in errors])

    @property
    def cell_messages(self) -> dict:
        return {key: [message for error in errors for message in error.messages] for key, errors in self.cell_errors.items()}


#: The code of each field of ``statistic_row_errors`` (the API's machine-readable errors).
ROW_ERROR_CODES = {"peak_kbps": "min_value", "period_start": "overlap"}


@dataclass
class GridSaved:
    created: int
    updated: int
    deleted: int


def save_statistics_grid(case, cells: dict, by=None) -> GridSaved:
    """Save the STS's grid for ``case`` (p. 7–8) in one transaction: ``cells`` maps
    (regional object id, period start, period end) to the text typed or pasted (or a number);
    a filled cell creates or updates that row, an emptied cell deletes it, rows of periods not in
    the grid stay. Every cell is checked first — the number (``parse_kbps``), then the one row
    check (``statistic_row_errors``: not negative, p. 8; no overlap, p. 7) against every row
    the case would hold — and ``StatisticsGridRejected`` names each wrong cell; nothing is saved
    then. Set-based: one delete, one bulk update and one bulk create, each with its history."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    from registries.models import RegionalObject

    ensure_request_open(case)
    with transaction.atomic():
        type(case).objects.select_for_update().filter(pk=case.pk).first()  # one grid at a time per case
        existing = {(s.regional_object_id, s.period_start, s.period_end): s
                    for s in case.traffic_statistics.select_related("regional_object")}
        regions = RegionalObject.objects.in_bulk({key[0] for key in cells})
        errors: dict = {}
        values: dict = {}
        for key, raw in cells.items():
            if key[0] not in regions:
                errors[key] = [ValidationError(_(
                    "Unknown regional object of the centralised network-management system "
                    "(№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы)."), code="does_not_exist")]
                continue
            try:
                values[key] = parse_kbps(raw)
            except ValidationError as exc:
                errors[key] = list(exc.error_list)
        final = {key: row for key, row in existing.items() if key not in values or values[key] is not None}
        candidates = {}
        for key, value in values.items():
            if value is None:
                continue
            old = existing.get(key)
            candidate = copy(old) if old else TrafficStatistic(
                case=case, regional_object=regions[key[0]], period_start=key[1], period_end=key[2], submitted_by=by
            )
            candidate.peak_kbps = value
            candidates[key] = final[key] = candidate
        for key, candidate in candidates.items():
            others = [row for other, row in final.items() if other != key and other[0] == key[0]]
            for field, messages in statistic_row_errors(candidate, others).items():
                errors.setdefault(key, []).extend(ValidationError(m, code=ROW_ERROR_CODES.get(field, "invalid")) for m in messages)
        if errors:
            raise StatisticsGridRejected(errors)
        now = timezone.now()
        to_delete = [existing[key].pk for key, value in values.items() if value is None and key in existing]
        to_update = []
        for key, candidate in candidates.items():
            if key in existing and existing[key].peak_kbps != candidate.peak_kbps:
                candidate.submitted_by, candidate.submitted_at = by, now
                to_update.append(candidate)
        to_create = [candidate for key, candidate in candidates.items() if key not in existing]
        if to_delete:
            TrafficStatistic.objects.filter(pk__in=to_delete).delete()
        if to_update:
            bulk_update_with_history(to_update, TrafficStatistic, ["peak_kbps", "submitted_by", "submitted_at"], default_user=by)
        if to_create:
            for candidate in to_create:
                candidate.submitted_at = now
            bulk_create_with_history(to_create, TrafficStatistic, default_user=by)
    return GridSaved(created=len(to_create), updated=len(to_update), deleted=len(to_delete))


# --- a paste from a spreadsheet --------------------------------------------------------------

_PERIOD_TEXT = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})")


def split_pasted(text: str) -> list[list[str]]:
    """Rows of tab-separated cells as Excel and LibreOffice copy a range (the last line break
    and blank lines at the end dropped)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [[cell.strip() for cell in line.split("\t")] for line in lines]


def parse_period(text: str) -> tuple[time, time] | None:
    """A column header such as "00:00–06:00" (or "0.00 - 6.00"); None when it is not one."""
    match = _PERIOD_TEXT.fullmatch((text or "").strip())
    if not match:
        return None
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
        return None
    return time(h1, m1), time(0 if h2 == 24 else h2, m2)


def _is_number(cell: str) -> bool:
    try:
        return parse_kbps(cell) is not None
    except ValidationError:
        return False


def _text(cell: str) -> bool:
    return bool(cell) and not _is_number(cell)


@dataclass
class PastePlacement:
    """Where a pasted range goes: (grid row, grid column) -> the cell's text; ``problems`` what
    could not be placed (in the user's language)."""

    values: dict
    problems: list


def place_pasted(text: str, row_names: list, periods: list) -> PastePlacement:
    """Place a range copied from a spreadsheet into a grid of ``len(row_names)`` rows and
    ``periods`` columns. A first row of headers is recognised (it holds text, not numbers) and,
    when its headers are periods ("00:00–06:00"), columns go by period; a first column of names
    is recognised too and rows then go by name (``row_names``: the names each grid row answers
    to, case-insensitive), in any order. Without them, the range fills the grid from its first
    cell. An empty pasted cell empties its grid cell."""
    rows = split_pasted(text)
    problems: list[str] = []
    if not rows:
        return PastePlacement({}, problems)
    header = rows[0][1:] if len(rows[0]) > 1 else rows[0]
    has_header_row = any(_text(cell) for cell in header)
    body = rows[1:] if has_header_row else rows
    names_column = any(_text(row[0]) for row in body if row)
    columns = list(range(len(periods)))
    if has_header_row:
        labels = rows[0][1:] if names_column or len(rows[0]) > len(periods) else rows[0]
        found = [parse_period(label) for label in labels]
        if any(found):
            columns = []
            for label, period in zip(labels, found, strict=True):
                if period in periods:
                    columns.append(periods.index(period))
                else:
                    columns.append(None)
                    if label:
                        problems.append(_("Column “%(label)s”: the grid has no such period of the day.") % {"label": label})
    lookup = {name.casefold(): index for index, names in enumerate(row_names) for name in names if name}
    values: dict = {}
    for number, row in enumerate(body, start=1):
        cells = row
        if names_column:
            name, cells = row[0], row[1:]
            index = lookup.get(" ".join(name.split()).casefold())
            if index is None:
                if name or any(cells):
                    problems.append(_("Row “%(name)s”: not a regional object of the grid.") % {"name": name or "—"})
                continue
        else:
            index = number - 1
            if index >= len(row_names):
                problems.append(_("The range has more rows than the grid (%(count)s).") % {"count": len(row_names)})
                break
        if len(cells) > len(columns):
            problems.append(_("Row %(row)s: more cells than periods of the day in the grid.") % {"row": number})
        for column, cell in zip(columns, cells, strict=False):
            if column is not None:
                values[(index, column)] = cell
    return PastePlacement(values, list(dict.fromkeys(problems)))
