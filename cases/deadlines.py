"""Deadline arithmetic for legal procedures, on Kazakhstan's working calendar.

Pure module: it imports no Django model at import time. The only database
access is the lazy loading of calendar overrides (``registries.CalendarOverride``)
by :class:`KazakhstanCalendar` when it is built without explicit overrides.

Units (see DESIGN.md, "Deadlines and the working calendar"):

* ``hours`` -- clock hours, 24/7 (absolute time);
* ``working_hours`` -- hours inside the acting organisation's schedule on working days;
* ``working_days`` -- on the statutory working week (Mon-Fri and the Kazakh calendar, whatever
  the organisation's schedule), counted from the day after the event, due at its closing time;
* ``calendar_days`` -- counted from the day after, moved off non-working days
  (Civil Code of the RK, Art. 173);
* ``days24`` -- тәулік, n x 24 clock hours;
* ``months`` -- calendar months, day clamped to the month end, ending at the end of that day
  and moved off a non-working day (Civil Code of the RK, Art. 172-174), like calendar days.

All local-date reasoning happens in ``Asia/Almaty``; results are aware datetimes
in that zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

ALMATY = ZoneInfo("Asia/Almaty")

class DeadlineUnit(StrEnum):
    """The units of the acts' terms (DESIGN, "Deadlines and the working calendar")."""

    HOURS = "hours"  # сағат: clock hours, 24/7
    WORKING_HOURS = "working_hours"  # жұмыс сағаты: in the acting organisation's schedule
    WORKING_DAYS = "working_days"  # жұмыс күні: the statutory working week
    CALENDAR_DAYS = "calendar_days"  # күнтізбелік күн: moved off a non-working last day
    DAYS24 = "days24"  # тәулік: n × 24 hours
    MONTHS = "months"  # ай: calendar months


UNITS = tuple(unit.value for unit in DeadlineUnit)

END_OF_DAY = time.max  # 23:59:59.999999

# Longest run of consecutive non-working days we accept before concluding that a
# calendar/schedule combination has no working day at all (guards against loops).
MAX_CONSECUTIVE_DAYS_OFF = 366


SCHEDULE_FIELDS = ("weekdays", "start", "end", "lunch_start", "lunch_end")


class Schedule(Protocol):
    """Anything shaped like :class:`WorkSchedule` (e.g. an organisation's schedule)."""

    weekdays: frozenset[int]
    start: time
    end: time
    lunch_start: time | None
    lunch_end: time | None


class WorkingCalendar(Protocol):
    def is_working_day(self, day: date, schedule: Schedule) -> bool: ...


@dataclass(frozen=True)
class WorkSchedule:
    """An organisation's working week: working weekdays (Mon=0..Sun=6), hours, lunch break."""

    weekdays: frozenset[int]
    start: time
    end: time
    lunch_start: time | None = None
    lunch_end: time | None = None

    def __post_init__(self) -> None:
        validate_schedule(self)
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))


def validate_schedule(schedule: object) -> None:
    """Raise ValueError unless ``schedule`` describes a usable working week."""
    missing = [name for name in SCHEDULE_FIELDS if not hasattr(schedule, name)]
    if missing:
        raise ValueError(f"Schedule is missing attribute(s): {', '.join(missing)}.")
    _validate_weekdays(schedule.weekdays)
    _validate_working_hours(schedule.start, schedule.end)
    _validate_lunch(schedule)


def _is_plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _validate_weekdays(weekdays: object) -> None:
    try:
        days = set(weekdays)
    except TypeError:
        raise ValueError("Schedule weekdays must be a set of integers 0 (Mon) to 6 (Sun).") from None
    if not days:
        raise ValueError("Schedule must have at least one working weekday.")
    if not all(_is_plain_int(day) and 0 <= day <= 6 for day in days):
        raise ValueError("Schedule weekdays must be integers 0 (Mon) to 6 (Sun).")


def _validate_working_hours(start: object, end: object) -> None:
    if not (isinstance(start, time) and isinstance(end, time) and start < end):
        raise ValueError(f"Schedule end ({end!r}) must be a time after its start ({start!r}).")


def _validate_lunch(schedule: Schedule) -> None:
    lunch_start, lunch_end = schedule.lunch_start, schedule.lunch_end
    if lunch_start is None and lunch_end is None:
        return
    both_times = isinstance(lunch_start, time) and isinstance(lunch_end, time)
    if not (both_times and schedule.start <= lunch_start < lunch_end <= schedule.end):
        raise ValueError(
            f"Schedule lunch {lunch_start!r}-{lunch_end!r} must be two times inside working "
            f"hours {schedule.start}-{schedule.end}, ending after it starts (or both None)."
        )


DEFAULT_SCHEDULE = WorkSchedule(
    weekdays=frozenset(range(5)),
    start=time(9, 0),
    end=time(18, 0),
    lunch_start=time(13, 0),
    lunch_end=time(14, 0),
)


# --- Kazakhstan's working calendar -------------------------------------------------------

_override_cache: dict[date, bool] | None = None


def clear_calendar_cache() -> None:
    """Forget the cached calendar overrides; the next lookup reloads them from the database."""
    global _override_cache
    _override_cache = None


def _load_overrides_from_database() -> dict[date, bool]:
    """Read ``registries.CalendarOverride`` rows; empty when Django or the table is unavailable."""
    from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
    from django.db import DatabaseError

    try:
        from registries.models import CalendarOverride

        return dict(CalendarOverride.objects.values_list("date", "is_working"))
    except (ImportError, ImproperlyConfigured, AppRegistryNotReady, DatabaseError):
        return {}


def _database_overrides() -> Mapping[date, bool]:
    """Overrides from the database, cached module-wide until :func:`clear_calendar_cache`."""
    global _override_cache
    if _override_cache is None:
        _override_cache = _load_overrides_from_database()
    return _override_cache


@dataclass(frozen=True)
class _PublicCalendarYear:
    days_off: frozenset[date]
    transferred_working_days: frozenset[date]


@cache
def _public_calendar_for_year(year: int) -> _PublicCalendarYear:
    """Public holidays, carry-overs and transfers the ``holidays`` package knows for ``year``.

    The following year is loaded too, because a transfer decreed for next year may
    make a day of this year working (e.g. 28 Dec 2013 worked for 3 Jan 2014).
    """
    known = holidays.country_holidays("KZ", years=(year, year + 1))
    return _PublicCalendarYear(
        days_off=frozenset(day for day in known if day.year == year),
        transferred_working_days=frozenset(day for day in known.weekend_workdays if day.year == year),
    )


class KazakhstanCalendar:
    """Working days under the Law of the RK "On holidays" plus officials' overrides.

    A day is a working day iff:

    1. an override exists for it -> its value (True = working, False = day off);
    2. else it is a public holiday, carry-over ("қайта белгіленген демалыс") or
       transferred day off known to the ``holidays`` package -> not working;
    3. else it is a weekend day the package knows was made working by a Government
       transfer -> working;
    4. else -> its weekday is in the schedule's working weekdays.

    ``overrides=None`` loads them lazily from ``registries.CalendarOverride``
    (cached module-wide; see :func:`clear_calendar_cache`).
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._explicit_overrides = None if overrides is None else dict(overrides)

    @property
    def overrides(self) -> Mapping[date, bool]:
        if self._explicit_overrides is None:
            return _database_overrides()
        return self._explicit_overrides

    def is_public_day_off(self, day: date) -> bool:
        return day in _public_calendar_for_year(day.year).days_off

    def is_working_day(self, day: date, schedule: Schedule | None = None) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override
        if self.is_public_day_off(day):
            return False
        if day in _public_calendar_for_year(day.year).transferred_working_days:
            return True
        return day.weekday() in (DEFAULT_SCHEDULE if schedule is None else schedule).weekdays


# --- Public entry point ------------------------------------------------------------------


def due_at(
    start: datetime,
    amount: int,
    unit: str,
    schedule: Schedule | None = None,
    calendar: WorkingCalendar | None = None,
) -> datetime:
    """Return when a term of ``amount`` ``unit`` starting at ``start`` expires (aware, Asia/Almaty).

    ``schedule`` defaults to :data:`DEFAULT_SCHEDULE`; ``calendar`` defaults to a
    :class:`KazakhstanCalendar` with overrides from the database.
    Raises ValueError for a naive ``start``, an unknown unit, an amount that is not
    a non-negative int (bool is rejected), or an invalid schedule.
    """
    _validate_start(start)
    _validate_amount(amount)
    compute = _UNIT_RULES.get(unit)
    if compute is None:
        raise ValueError(f"Unknown deadline unit {unit!r}; expected one of: {', '.join(UNITS)}.")
    schedule = DEFAULT_SCHEDULE if schedule is None else schedule
    validate_schedule(schedule)
    calendar = KazakhstanCalendar() if calendar is None else calendar
    return compute(start.astimezone(ALMATY), amount, schedule, calendar)


def within_term(
    start: datetime,
    amount: int,
    unit: str,
    at: datetime,
    schedule: Schedule | None = None,
    calendar: WorkingCalendar | None = None,
) -> bool:
    """Whether moment ``at`` is still within the term of ``amount`` ``unit`` from ``start``
    (``at <= due_at(...)``): the one comparison of a moment with a term, e.g. seed 004 p. 7
    "хабарлама жіберілген күннен бастап сегіз ай ішінде". Raises ValueError as ``due_at``
    does, and for a naive ``at``."""
    _validate_start(at)
    return at <= due_at(start, amount, unit, schedule=schedule, calendar=calendar)


def _validate_start(start: object) -> None:
    if isinstance(start, datetime) and start.utcoffset() is not None:
        return
    got = "a naive datetime" if isinstance(start, datetime) else type(start).__name__
    raise ValueError(f"Deadline start must be a timezone-aware datetime, got {got}: {start!r}.")


def _validate_amount(amount: object) -> None:
    if not _is_plain_int(amount):
        raise ValueError(f"Deadline amount must be an int, got {type(amount).__name__} {amount!r}.")
    if amount < 0:
        raise ValueError(f"Deadline amount must not be negative, got {amount}.")


# --- Rules, one per unit (``start`` is already in Asia/Almaty) --------------------------


def _clock_hours(start: datetime, amount: int, schedule: Schedule, calendar: WorkingCalendar) -> datetime:
    """Hours (сағат): ``amount`` clock hours of absolute time, 24/7."""
    return _add_absolute_time(start, timedelta(hours=amount))


def _days_of_24_hours(start: datetime, amount: int, schedule: Schedule, calendar: WorkingCalendar) -> datetime:
    """Days of 24 hours (тәулік): ``amount`` x 24 clock hours of absolute time."""
    return _add_absolute_time(start, timedelta(hours=24 * amount))


def _add_absolute_time(start: datetime, duration: timedelta) -> datetime:
    """Add elapsed time in UTC, so a change of the zone's offset cannot distort it."""
    return (start.astimezone(UTC) + duration).astimezone(ALMATY)


def _working_hours(start: datetime, amount: int, schedule: Schedule, calendar: WorkingCalendar) -> datetime:
    """Working hours (жұмыс сағаты): the earliest instant at which ``amount`` hours inside
    the schedule's working intervals, on working days, have elapsed since ``start``.

    Time before opening, in the lunch break, after closing and on non-working days
    does not count; the schedule is the acting organisation's (DESIGN.md, "working
    hours (жұмыс сағаты)"). ``amount`` = 0 returns ``start`` itself.
    """
    remaining = timedelta(hours=amount)
    intervals = _working_intervals_from(start, schedule, calendar)
    while remaining:
        opens, closes = next(intervals)
        if remaining <= closes - opens:
            return opens + remaining
        remaining -= closes - opens
    return start


def _working_intervals_from(
    start: datetime, schedule: Schedule, calendar: WorkingCalendar
) -> Iterator[tuple[datetime, datetime]]:
    """Yield the working intervals (local) from ``start`` on, the first one clipped to ``start``."""
    day = start.date()
    while True:
        day = _first_working_day_from(day, schedule, calendar)
        for opens, closes in _daily_intervals(schedule):
            interval_start = max(_local(day, opens), start)
            interval_end = _local(day, closes)
            if interval_start < interval_end:
                yield interval_start, interval_end
        day += timedelta(days=1)


def _daily_intervals(schedule: Schedule) -> list[tuple[time, time]]:
    if schedule.lunch_start is None:
        return [(schedule.start, schedule.end)]
    return [(schedule.start, schedule.lunch_start), (schedule.lunch_end, schedule.end)]


def _working_days(start: datetime, amount: int, schedule: Schedule, calendar: WorkingCalendar) -> datetime:
    """Working days (жұмыс күні): counted from the day after the event; the term ends
    at the schedule's closing time on the ``amount``-th working day (DESIGN.md; Civil
    Code of the RK: a term for an action in an organisation ends when it closes).

    Which days are working days is the statutory working week -- Monday to Friday and the
    Kazakh calendar with its overrides (:data:`DEFAULT_SCHEDULE`'s weekdays) -- whatever the
    organisation's own schedule says (a 24/7 duty desk does not make Saturday a working day);
    only the closing time is the organisation's.

    ``amount`` = 0 means "by the close of business": the start day's closing time if
    it is a working day and ``start`` is before closing, else the next working day's.
    """
    if amount == 0:
        return _local(_zero_working_days_due_date(start, schedule, calendar), schedule.end)
    day = start.date()
    for _ in range(amount):
        day = _first_working_day_from(day + timedelta(days=1), DEFAULT_SCHEDULE, calendar)
    return _local(day, schedule.end)


def _zero_working_days_due_date(start: datetime, schedule: Schedule, calendar: WorkingCalendar) -> date:
    today = start.date()
    if calendar.is_working_day(today, DEFAULT_SCHEDULE) and start.time() < schedule.end:
        return today
    return _first_working_day_from(today + timedelta(days=1), DEFAULT_SCHEDULE, calendar)


def _calendar_days(start: datetime, amount: int, schedule: Schedule, calendar: WorkingCalendar) -> datetime:
    """Calendar days (күнтізбелік күн): counted from the day after the event, ending at
    the end (23:59:59.999999) of the ``amount``-th day; if that day is a non-working day
    the term ends on the next working day (Civil Code of the RK, Art. 173).

    Non-working days here are the general ones (statutory Mon-Fri week, holidays,
    overrides), i.e. :data:`DEFAULT_SCHEDULE`, not the organisation's own schedule.
    """
    last_day = start.date() + timedelta(days=amount)
    return _local(_first_working_day_from(last_day, DEFAULT_SCHEDULE, calendar), END_OF_DAY)


def _months(start: datetime, amount: int, schedule: Schedule, calendar: WorkingCalendar) -> datetime:
    """Months (ай): the term ends at the end (24:00) of the corresponding day of the last month,
    moved to the next working day when that day is not a working day -- the rule calendar days
    follow. Civil Code of the RK, Art. 172: "Айлармен есептелетін мерзім мерзімнің соңғы айының
    тиісті күнінде бітеді" ("Срок, исчисляемый месяцами, истекает в соответствующее число
    последнего месяца срока"); a month without that date ends the term on its last day
    (31 Aug + 6 months = 28/29 Feb); Art. 173: "Если последний день срока приходится на нерабочий
    день, днем окончания срока считается ближайший следующий за ним рабочий день"; Art. 174:
    the act "может быть выполнено до двадцати четырех часов последнего дня срока".

    Non-working days are the general ones (statutory week, holidays, overrides), as for
    calendar days, not the organisation's own schedule.
    """
    last_day = start.date() + relativedelta(months=amount)
    return _local(_first_working_day_from(last_day, DEFAULT_SCHEDULE, calendar), END_OF_DAY)


_UNIT_RULES: dict[str, Callable[[datetime, int, Schedule, WorkingCalendar], datetime]] = {
    DeadlineUnit.HOURS: _clock_hours,
    DeadlineUnit.WORKING_HOURS: _working_hours,
    DeadlineUnit.WORKING_DAYS: _working_days,
    DeadlineUnit.CALENDAR_DAYS: _calendar_days,
    DeadlineUnit.DAYS24: _days_of_24_hours,
    DeadlineUnit.MONTHS: _months,
}


# --- Helpers -----------------------------------------------------------------------------


def _first_working_day_from(day: date, schedule: Schedule, calendar: WorkingCalendar) -> date:
    """``day`` itself if it is a working day, else the next working day."""
    for offset in range(MAX_CONSECUTIVE_DAYS_OFF + 1):
        candidate = day + timedelta(days=offset)
        if calendar.is_working_day(candidate, schedule):
            return candidate
    raise ValueError(f"No working day within {MAX_CONSECUTIVE_DAYS_OFF} days after {day}; check the calendar.")


def _local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=ALMATY)
