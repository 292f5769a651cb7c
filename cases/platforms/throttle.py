"""Throttling levels and limits of seed 004 (Order No. 267-НҚ of 24.06.2024), p. 9.

Pure module: no database access (the statistics-row check at the end is given the rows it
compares). p. 9 orders the STS to restrict access to a foreign online platform, counted from the dispatch of the Appendix 2 notice ("хабарлама жөнелтілген кезден
бастап"):

1) within eight months — by 10 % of the peak of the p. 8 statistics;
2) within one year — by 50 %;
3) within one year and six months — by 90 %.

"Within" ("ішінде") is a term in months: it ends at the end (24:00) of the corresponding day of
the last month, moved to the next working day when that day is not one (Civil Code of the RK —
the one rule of the deadline engine, ``cases.deadlines.within_term``). So on the whole last day
of the eight months the level is still 10 %. After one year and six months the Rules set no
further level.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from cases.deadlines import DeadlineUnit, due_at, within_term

#: (months after the notice, percent) — seed 004, p. 9 subp. 1)–3).
THROTTLE_WINDOWS: tuple[tuple[int, int], ...] = ((8, 10), (12, 50), (18, 90))

LEVELS = tuple(level for _months, level in THROTTLE_WINDOWS)

CITATION = "№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағы"


def window_end(notice_at: datetime, level: int) -> datetime:
    """The last moment at which ``level`` (10, 50 or 90) may be ordered."""
    for months, window_level in THROTTLE_WINDOWS:
        if window_level == level:
            return due_at(notice_at, months, DeadlineUnit.MONTHS)
    raise ValueError(f"Unknown throttling level {level!r}; expected one of {LEVELS}.")


def throttle_level(notice_at: datetime, at: datetime) -> int | None:
    """The throttling level in percent that p. 9 allows at ``at`` for a notice sent at
    ``notice_at``: 10, 50, 90, or None (before the notice, or after 1 year 6 months)."""
    if at < notice_at:
        return None
    for months, level in THROTTLE_WINDOWS:
        if within_term(notice_at, months, DeadlineUnit.MONTHS, at):
            return level
    return None


def next_level(current: int | None) -> int | None:
    """The level after ``current`` (None → 10), or None after 90."""
    if current is None:
        return LEVELS[0]
    index = LEVELS.index(current)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def limit_kbps(peak_kbps, level: int) -> int:
    """Upper limit in whole Kbit/s: the peak reduced by ``level`` percent, rounded down
    (seed 004, p. 9; Appendix 3 table "(Кбит/с)")."""
    peak = Decimal(str(peak_kbps))
    if peak < 0:
        raise ValueError("A peak throughput cannot be negative.")
    if level not in LEVELS:
        raise ValueError(f"Unknown throttling level {level!r}; expected one of {LEVELS}.")
    value = peak * (Decimal(100) - Decimal(level)) / Decimal(100)
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


MINUTES_PER_DAY = 24 * 60


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def period_minutes(start: time, end: time) -> list[tuple[int, int]]:
    """The period of the day as half-open minute ranges inside [0, 1440).

    An end at or before the start runs past midnight (22:00–06:00); equal start and end
    mean the whole day (00:00–00:00)."""
    s, e = _minutes(start), _minutes(end)
    if s < e:
        return [(s, e)]
    if s == e:
        return [(0, MINUTES_PER_DAY)]
    ranges = [(s, MINUTES_PER_DAY)]
    if e > 0:
        ranges.append((0, e))
    return ranges


def periods_overlap(a: tuple[time, time], b: tuple[time, time]) -> bool:
    """Whether two periods of the day share at least one minute."""
    return any(
        x0 < y1 and y0 < x1
        for x0, x1 in period_minutes(*a)
        for y0, y1 in period_minutes(*b)
    )


# --- one statistics row (p. 7–8): the one check of the model form and the batch ---------------


def overlap_error(other) -> str:
    return _(
        "This period overlaps %(start)s–%(end)s already given for %(object)s: periods of the day of one regional "
        "object must not overlap (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 7-тармағы)."
    ) % {"start": f"{other.period_start:%H:%M}", "end": f"{other.period_end:%H:%M}", "object": other.regional_object}


def statistic_row_errors(row, others) -> dict[str, list[str]]:
    """Field errors of one statistics row against the rows already given (``others``): a
    negative peak (p. 8) or a period of the day overlapping another of the same regional object
    (p. 7). Empty when the row is good."""
    if row.peak_kbps is not None and row.peak_kbps < 0:
        return {"peak_kbps": [_("The peak throughput cannot be negative (№ 267-НҚ бұйрықпен бекітілген Қағидалардың 8-тармағы).")]}
    if row.period_start is None or row.period_end is None:
        return {}
    for other in others:
        if other.regional_object_id == row.regional_object_id and periods_overlap(
            (row.period_start, row.period_end), (other.period_start, other.period_end)
        ):
            return {"period_start": [overlap_error(other)]}
    return {}
