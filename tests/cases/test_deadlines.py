"""Table-driven tests of cases.deadlines.

Expected values were worked out by hand on the real 2024-2029 calendars (Mon=first
column), not copied from the function's output. Every test passes an explicit
KazakhstanCalendar(overrides=...), so none needs the database.

Calendar facts used (2026 unless stated):
  Mar: Sun 8 Women's Day -> Mon 9 carry-over; Nauryz Sat 21, Sun 22, Mon 23,
       carry-overs Tue 24, Wed 25; Thu 26 working again.
  May: Fri 1 Unity Day, Thu 7 Defender's Day, Sat 9 Victory Day -> Mon 11 carry-over,
       Wed 27 Kurban Ait (per holidays 0.108, estimated).
  Jan: Thu 1, Fri 2 New Year, Wed 7 Orthodox Christmas.   Dec: Wed 16 Independence Day.
  Almaty is UTC+5 since 1 Mar 2024 00:00 local (was UTC+6).
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time
from types import SimpleNamespace
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest

from cases import deadlines
from cases.deadlines import (
    DEFAULT_SCHEDULE,
    UNITS,
    KazakhstanCalendar,
    WorkSchedule,
    clear_calendar_cache,
    due_at,
)

ALMATY = ZoneInfo("Asia/Almaty")

# A telecom operator's duty desk: Mon-Sat 08:00-20:00, no lunch break.
OPERATOR_SCHEDULE = WorkSchedule(weekdays=frozenset(range(6)), start=time(8), end=time(20))


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime.combine(date(year, month, day), time.max, tzinfo=ALMATY)


class DeadlineCase(NamedTuple):
    reason: str
    start: datetime
    amount: int
    unit: str
    expected: datetime
    schedule: WorkSchedule | None = None
    overrides: dict[date, bool] = {}


# fmt: off
DEADLINE_CASES = [
    # --- working hours (default Mon-Fri 09-13, 14-18) ---------------------------------
    DeadlineCase("wh: Mon 11:00 + 3 skips lunch -> 15:00",
                 local(2026, 3, 2, 11), 3, "working_hours", local(2026, 3, 2, 15)),
    DeadlineCase("wh: evening start Mon 20:00 + 2 -> Tue 11:00",
                 local(2026, 3, 2, 20), 2, "working_hours", local(2026, 3, 3, 11)),
    DeadlineCase("wh: Saturday start, Mon 9 Mar Women's Day carry-over -> Tue 11:00",
                 local(2026, 3, 7, 10), 2, "working_hours", local(2026, 3, 10, 11)),
    DeadlineCase("wh: start on Orthodox Christmas 7 Jan -> 8 Jan 10:00",
                 local(2026, 1, 7, 10), 1, "working_hours", local(2026, 1, 8, 10)),
    DeadlineCase("wh: before opening 07:30 + 1 -> 10:00",
                 local(2026, 3, 3, 7, 30), 1, "working_hours", local(2026, 3, 3, 10)),
    DeadlineCase("wh: during lunch 13:20 + 1 -> 15:00",
                 local(2026, 3, 3, 13, 20), 1, "working_hours", local(2026, 3, 3, 15)),
    DeadlineCase("wh: exactly at closing 18:00 + 1 -> next day 10:00",
                 local(2026, 3, 3, 18), 1, "working_hours", local(2026, 3, 4, 10)),
    DeadlineCase("wh: 15:00 + 3 ends at closing 18:00 same day, not next morning",
                 local(2026, 3, 3, 15), 3, "working_hours", local(2026, 3, 3, 18)),
    DeadlineCase("wh: 10:00 + 3 ends at lunch start 13:00",
                 local(2026, 3, 3, 10), 3, "working_hours", local(2026, 3, 3, 13)),
    DeadlineCase("wh: minutes kept, 10:30 + 2 -> 12:30",
                 local(2026, 3, 3, 10, 30), 2, "working_hours", local(2026, 3, 3, 12, 30)),
    DeadlineCase("wh: full day is 8 hours, 09:00 + 8 -> 18:00",
                 local(2026, 3, 2, 9), 8, "working_hours", local(2026, 3, 2, 18)),
    DeadlineCase("wh: 09:00 + 9 -> next day 10:00",
                 local(2026, 3, 2, 9), 9, "working_hours", local(2026, 3, 3, 10)),
    DeadlineCase("wh: Fri 20 Mar 16:00 + 4 skips Nauryz 21-25 -> Thu 26 11:00",
                 local(2026, 3, 20, 16), 4, "working_hours", local(2026, 3, 26, 11)),
    DeadlineCase("wh: Tue 26 May 16:00 + 4 skips Kurban Ait 27 May -> 28 May 11:00",
                 local(2026, 5, 26, 16), 4, "working_hours", local(2026, 5, 28, 11)),
    DeadlineCase("wh: Tue 15 Dec 17:00 + 2 skips 16 Dec -> 17 Dec 10:00",
                 local(2026, 12, 15, 17), 2, "working_hours", local(2026, 12, 17, 10)),
    DeadlineCase("wh: operator Mon-Sat 08-20, Fri 18:00 + 5 -> Sat 11:00",
                 local(2026, 3, 6, 18), 5, "working_hours", local(2026, 3, 7, 11),
                 schedule=OPERATOR_SCHEDULE),
    DeadlineCase("wh: operator schedule still skips Nauryz Saturday -> Thu 26 10:00",
                 local(2026, 3, 20, 19), 3, "working_hours", local(2026, 3, 26, 10),
                 schedule=OPERATOR_SCHEDULE),
    DeadlineCase("wh: transferred working Saturday (override) is counted",
                 local(2026, 3, 13, 17), 2, "working_hours", local(2026, 3, 14, 10),
                 overrides={date(2026, 3, 14): True}),
    DeadlineCase("wh: zero hours returns start itself, in Almaty time",
                 utc(2026, 3, 7, 5), 0, "working_hours", local(2026, 3, 7, 10)),
    DeadlineCase("wh: 23:00 UTC Mon is Tue 04:00 local -> Tue 10:00",
                 utc(2026, 3, 2, 23), 1, "working_hours", local(2026, 3, 3, 10)),
    # --- working days (from the day after, due at closing) -----------------------------
    DeadlineCase("wd: Mon + 3 -> Thu 18:00",
                 local(2026, 3, 2, 10), 3, "working_days", local(2026, 3, 5, 18)),
    DeadlineCase("wd: Thu 5 Mar + 2 skips weekend and 9 Mar carry-over -> Tue 10",
                 local(2026, 3, 5, 10), 2, "working_days", local(2026, 3, 10, 18)),
    DeadlineCase("wd: Thu 19 Mar + 3 skips Nauryz incl. carry-overs 24-25 -> Fri 27",
                 local(2026, 3, 19, 10), 3, "working_days", local(2026, 3, 27, 18)),
    DeadlineCase("wd: Fri 20 Mar + 1 -> Thu 26 Mar",
                 local(2026, 3, 20, 10), 1, "working_days", local(2026, 3, 26, 18)),
    DeadlineCase("wd: Wed 6 May + 1 skips 7 May -> Fri 8 May",
                 local(2026, 5, 6, 10), 1, "working_days", local(2026, 5, 8, 18)),
    DeadlineCase("wd: Fri 8 May + 1 skips 9 May Sat and its carry-over Mon 11 -> Tue 12",
                 local(2026, 5, 8, 10), 1, "working_days", local(2026, 5, 12, 18)),
    DeadlineCase("wd: Thu 30 Apr + 5 skips 1 May, 7 May, 11 May -> Tue 12 May",
                 local(2026, 4, 30, 10), 5, "working_days", local(2026, 5, 12, 18)),
    DeadlineCase("wd: Tue 26 May + 1 skips Kurban Ait -> Thu 28 May",
                 local(2026, 5, 26, 10), 1, "working_days", local(2026, 5, 28, 18)),
    DeadlineCase("wd: Tue 15 Dec + 1 skips Independence Day -> Thu 17 Dec",
                 local(2026, 12, 15, 10), 1, "working_days", local(2026, 12, 17, 18)),
    DeadlineCase("wd: 31 Dec 2025 + 3 skips 1-2 Jan, weekend, 7 Jan -> Thu 8 Jan 2026",
                 local(2025, 12, 31, 10), 3, "working_days", local(2026, 1, 8, 18)),
    DeadlineCase("wd: Saturday event + 1 -> Monday",
                 local(2026, 3, 14, 12), 1, "working_days", local(2026, 3, 16, 18)),
    DeadlineCase("wd: transferred day off (override False on Tue) -> Wed",
                 local(2026, 3, 2, 10), 1, "working_days", local(2026, 3, 4, 18),
                 overrides={date(2026, 3, 3): False}),
    DeadlineCase("wd: transferred working Saturday (override True) -> Sat",
                 local(2026, 3, 6, 10), 1, "working_days", local(2026, 3, 7, 18),
                 overrides={date(2026, 3, 7): True}),
    DeadlineCase("wd: override True wins over the 7 May holiday",
                 local(2026, 5, 6, 10), 1, "working_days", local(2026, 5, 7, 18),
                 overrides={date(2026, 5, 7): True}),
    DeadlineCase("wd: zero, working day before closing -> today 18:00",
                 local(2026, 3, 2, 10), 0, "working_days", local(2026, 3, 2, 18)),
    DeadlineCase("wd: zero, exactly at closing 18:00 -> next working day 18:00",
                 local(2026, 3, 2, 18), 0, "working_days", local(2026, 3, 3, 18)),
    DeadlineCase("wd: zero, after closing -> next working day 18:00",
                 local(2026, 3, 2, 19), 0, "working_days", local(2026, 3, 3, 18)),
    DeadlineCase("wd: zero, on Saturday before carry-over Monday -> Tue 10 Mar 18:00",
                 local(2026, 3, 7, 10), 0, "working_days", local(2026, 3, 10, 18)),
    DeadlineCase("wd: 23:00 UTC Thu is Fri 04:00 local, + 1 -> Tue 10 Mar",
                 utc(2026, 3, 5, 23), 1, "working_days", local(2026, 3, 10, 18)),
    DeadlineCase("wd: operator's Saturday is not a statutory working day; Mon 9 is the "
                 "Women's Day carry-over -> Tue 10 Mar at the operator's 20:00 closing",
                 local(2026, 3, 6, 10), 1, "working_days", local(2026, 3, 10, 20),
                 schedule=OPERATOR_SCHEDULE),
    DeadlineCase("wd: a 24/7 schedule does not make the weekend working: Fri + 3 -> Wed",
                 local(2026, 4, 3, 10), 3, "working_days", datetime.combine(date(2026, 4, 8), time(23, 59), tzinfo=ALMATY),
                 schedule=WorkSchedule(weekdays=frozenset(range(7)), start=time(0), end=time(23, 59))),
    DeadlineCase("wd: zero on a Saturday with a 24/7 schedule -> Monday's closing",
                 local(2026, 4, 4, 10), 0, "working_days", datetime.combine(date(2026, 4, 6), time(23, 59), tzinfo=ALMATY),
                 schedule=WorkSchedule(weekdays=frozenset(range(7)), start=time(0), end=time(23, 59))),
    # --- calendar days (Civil Code Art. 173) -------------------------------------------
    DeadlineCase("cd: Mon + 3 -> end of Thu",
                 local(2026, 3, 2, 10), 3, "calendar_days", end_of(2026, 3, 5)),
    DeadlineCase("cd: zero -> end of the start day",
                 local(2026, 3, 2, 10), 0, "calendar_days", end_of(2026, 3, 2)),
    DeadlineCase("cd: ends on Saturday -> moves to Monday",
                 local(2026, 3, 9, 10), 5, "calendar_days", end_of(2026, 3, 16)),
    DeadlineCase("cd: ends on Nauryz Sat 21 -> run to 25 -> Thu 26",
                 local(2026, 3, 16, 10), 5, "calendar_days", end_of(2026, 3, 26)),
    DeadlineCase("cd: ends on Victory Day Sat 9 May -> carry-over Mon 11 -> Tue 12",
                 local(2026, 5, 4, 10), 5, "calendar_days", end_of(2026, 5, 12)),
    DeadlineCase("cd: ends on Kurban Ait 27 May -> 28 May",
                 local(2026, 5, 20, 10), 7, "calendar_days", end_of(2026, 5, 28)),
    DeadlineCase("cd: ends on 16 Dec -> 17 Dec",
                 local(2026, 12, 6, 10), 10, "calendar_days", end_of(2026, 12, 17)),
    DeadlineCase("cd: 27 Dec 2025 + 5 ends on 1 Jan -> Mon 5 Jan 2026",
                 local(2025, 12, 27, 10), 5, "calendar_days", end_of(2026, 1, 5)),
    DeadlineCase("cd: 31 Dec 2025 + 7 ends on Orthodox Christmas -> 8 Jan",
                 local(2025, 12, 31, 10), 7, "calendar_days", end_of(2026, 1, 8)),
    DeadlineCase("cd: ends on transferred day off (override False) -> next day",
                 local(2026, 3, 2, 10), 3, "calendar_days", end_of(2026, 3, 6),
                 overrides={date(2026, 3, 5): False}),
    DeadlineCase("cd: ends on transferred working Saturday (override True) -> stays",
                 local(2026, 3, 9, 10), 5, "calendar_days", end_of(2026, 3, 14),
                 overrides={date(2026, 3, 14): True}),
    DeadlineCase("cd: 23:00 UTC Sun is Mon 04:00 local, + 5 -> Sat -> Mon 16",
                 utc(2026, 3, 8, 23), 5, "calendar_days", end_of(2026, 3, 16)),
    DeadlineCase("cd: organisation's Saturday work does not stop the Art. 173 move",
                 local(2026, 3, 9, 10), 5, "calendar_days", end_of(2026, 3, 16),
                 schedule=OPERATOR_SCHEDULE),
    # --- months: end of the corresponding day, moved off a non-working day (Civil Code
    # Art. 172-174) ----------------------------------------------------------------------
    DeadlineCase("months: seed 004 p. 7 notice 09:00 1 Apr 2026 + 8 -> end of Tue 1 Dec 2026",
                 local(2026, 4, 1, 9), 8, "months", end_of(2026, 12, 1)),
    DeadlineCase("months: 31 Aug 2026 + 6 -> 28 Feb 2027 is a Sunday -> end of Mon 1 Mar",
                 local(2026, 8, 31, 10), 6, "months", end_of(2027, 3, 1)),
    DeadlineCase("months: 31 Aug 2027 + 6 -> end of Tue 29 Feb 2028 (leap year)",
                 local(2027, 8, 31, 10), 6, "months", end_of(2028, 2, 29)),
    DeadlineCase("months: 31 Jan + 1 -> 28 Feb 2026 is a Saturday -> end of Mon 2 Mar",
                 local(2026, 1, 31, 15, 45), 1, "months", end_of(2026, 3, 2)),
    DeadlineCase("months: 29 Feb 2028 + 12 -> end of Wed 28 Feb 2029",
                 local(2028, 2, 29, 10), 12, "months", end_of(2029, 2, 28)),
    DeadlineCase("months: landing on Nauryz Sat 21 Mar runs to 25 -> end of Thu 26 Mar",
                 local(2026, 2, 21, 9), 1, "months", end_of(2026, 3, 26)),
    DeadlineCase("months: landing on Independence Day 16 Dec -> end of 17 Dec",
                 local(2026, 6, 16, 9), 6, "months", end_of(2026, 12, 17)),
    DeadlineCase("months: landing on the Women's Day carry-over Mon 9 Mar -> end of Tue 10 Mar",
                 local(2026, 2, 9, 12), 1, "months", end_of(2026, 3, 10)),
    DeadlineCase("months: landing on a transferred day off (override False) -> next day",
                 local(2026, 2, 4, 12), 1, "months", end_of(2026, 3, 5),
                 overrides={date(2026, 3, 4): False}),
    DeadlineCase("months: landing on a transferred working Saturday (override True) -> stays",
                 local(2026, 2, 14, 12), 1, "months", end_of(2026, 3, 14),
                 overrides={date(2026, 3, 14): True}),
    DeadlineCase("months: 20:00 UTC 30 Jan is 31 Jan 01:00 local -> Sat 28 Feb -> end of Mon 2 Mar",
                 utc(2026, 1, 30, 20), 1, "months", end_of(2026, 3, 2)),
    DeadlineCase("months: an operator's Saturday work does not stop the Art. 173 move",
                 local(2026, 1, 31, 10), 1, "months", end_of(2026, 3, 2),
                 schedule=OPERATOR_SCHEDULE),
    # --- clock hours and days of 24 hours (absolute time) ------------------------------
    DeadlineCase("hours: UTC input converted, 20:00Z + 5 -> 06:00 local next day",
                 utc(2026, 3, 2, 20), 5, "hours", local(2026, 3, 3, 6)),
    DeadlineCase("hours: run through the weekend, Fri 22:00 + 48 -> Sun 22:00",
                 local(2026, 3, 6, 22), 48, "hours", local(2026, 3, 8, 22)),
    DeadlineCase("hours: across the 1 Mar 2024 switch to UTC+5, elapsed time is exact",
                 utc(2024, 2, 29, 16), 2, "hours", utc(2024, 2, 29, 18)),
    DeadlineCase("hours: zero returns the start instant",
                 utc(2026, 3, 2, 5), 0, "hours", local(2026, 3, 2, 10)),
    DeadlineCase("days24: Fri 10:00 + 3 runs through Nauryz -> Mon 23 10:00",
                 local(2026, 3, 20, 10), 3, "days24", local(2026, 3, 23, 10)),
    DeadlineCase("days24: 23:00Z 31 Dec + 1 -> 2 Jan 04:00 local",
                 utc(2026, 12, 31, 23), 1, "days24", local(2027, 1, 2, 4)),
    DeadlineCase("days24: across the 2024 offset switch counts 24 real hours",
                 utc(2024, 2, 29, 12), 1, "days24", utc(2024, 3, 1, 12)),
]
# fmt: on


@pytest.mark.parametrize("case", DEADLINE_CASES, ids=[c.reason for c in DEADLINE_CASES])
def test_due_at(case: DeadlineCase) -> None:
    calendar = KazakhstanCalendar(overrides=case.overrides)

    result = due_at(case.start, case.amount, case.unit, case.schedule, calendar)

    # Compare in UTC: Python never equates a fold=1 (repeated-hour) datetime across zones.
    assert result.astimezone(UTC) == case.expected.astimezone(UTC)
    assert result.tzinfo is not None and result.tzinfo.key == "Asia/Almaty"
    assert result.utcoffset() == case.expected.astimezone(ALMATY).utcoffset()


class CalendarCase(NamedTuple):
    reason: str
    day: date
    expected_working: bool
    schedule: WorkSchedule = DEFAULT_SCHEDULE
    overrides: dict[date, bool] = {}


# fmt: off
CALENDAR_CASES = [
    CalendarCase("Fri 20 Mar 2026 is an ordinary working day", date(2026, 3, 20), True),
    CalendarCase("Nauryz Sat 21 Mar", date(2026, 3, 21), False),
    CalendarCase("Nauryz Sun 22 Mar", date(2026, 3, 22), False),
    CalendarCase("Nauryz Mon 23 Mar", date(2026, 3, 23), False),
    CalendarCase("Nauryz carry-over Tue 24 Mar", date(2026, 3, 24), False),
    CalendarCase("Nauryz carry-over Wed 25 Mar", date(2026, 3, 25), False),
    CalendarCase("Thu 26 Mar back to work", date(2026, 3, 26), True),
    CalendarCase("Women's Day carry-over Mon 9 Mar", date(2026, 3, 9), False),
    CalendarCase("New Year 1 Jan", date(2026, 1, 1), False),
    CalendarCase("New Year 2 Jan", date(2026, 1, 2), False),
    CalendarCase("Orthodox Christmas 7 Jan", date(2026, 1, 7), False),
    CalendarCase("Defender of the Fatherland Day 7 May", date(2026, 5, 7), False),
    CalendarCase("Victory Day Sat 9 May", date(2026, 5, 9), False),
    CalendarCase("Victory Day carry-over Mon 11 May", date(2026, 5, 11), False),
    CalendarCase("Kurban Ait 27 May 2026", date(2026, 5, 27), False),
    CalendarCase("Independence Day 16 Dec", date(2026, 12, 16), False),
    CalendarCase("override True wins over Nauryz",
                 date(2026, 3, 23), True,
                 overrides={date(2026, 3, 23): True}),
    CalendarCase("override False makes a Wednesday a day off",
                 date(2026, 3, 4), False,
                 overrides={date(2026, 3, 4): False}),
    CalendarCase("override True makes a Saturday working",
                 date(2026, 3, 14), True,
                 overrides={date(2026, 3, 14): True}),
    CalendarCase("operator schedule works an ordinary Saturday",
                 date(2026, 3, 14), True,
                 schedule=OPERATOR_SCHEDULE),
    CalendarCase("operator schedule rests on Sunday",
                 date(2026, 3, 15), False,
                 schedule=OPERATOR_SCHEDULE),
    CalendarCase("operator schedule rests on a holiday Saturday",
                 date(2026, 3, 21), False,
                 schedule=OPERATOR_SCHEDULE),
    CalendarCase("package transfer: Sat 4 May 2024 worked", date(2024, 5, 4), True),
    CalendarCase("package transfer: Wed 8 May 2024 off", date(2024, 5, 8), False),
    CalendarCase("package transfer: Fri 3 Jan 2025 off", date(2025, 1, 3), False),
    CalendarCase("override False wins over a package working Saturday",
                 date(2024, 5, 4), False,
                 overrides={date(2024, 5, 4): False}),
]
# fmt: on


@pytest.mark.parametrize("case", CALENDAR_CASES, ids=[c.reason for c in CALENDAR_CASES])
def test_is_working_day(case: CalendarCase) -> None:
    calendar = KazakhstanCalendar(overrides=case.overrides)

    assert calendar.is_working_day(case.day, case.schedule) is case.expected_working


NAIVE_START = datetime(2026, 3, 2, 10)
AWARE_START = local(2026, 3, 2, 10)


def schedule_like(**changes: object) -> SimpleNamespace:
    fields = {
        "weekdays": frozenset(range(5)),
        "start": time(9),
        "end": time(18),
        "lunch_start": time(13),
        "lunch_end": time(14),
    }
    return SimpleNamespace(**(fields | changes))


class InvalidCase(NamedTuple):
    reason: str
    start: object
    amount: object
    unit: str
    schedule: object
    message: str


# fmt: off
INVALID_CASES = [
    InvalidCase("naive start",
                NAIVE_START, 1, "hours", None, "timezone-aware"),
    InvalidCase("date instead of datetime",
                date(2026, 3, 2), 1, "hours", None, "timezone-aware"),
    InvalidCase("unknown unit",
                AWARE_START, 1, "weeks", None, "Unknown deadline unit"),
    InvalidCase("negative amount",
                AWARE_START, -1, "working_days", None, "negative"),
    InvalidCase("float amount",
                AWARE_START, 1.5, "hours", None, "must be an int"),
    InvalidCase("bool amount",
                AWARE_START, True, "working_days", None, "must be an int"),
    InvalidCase("string amount",
                AWARE_START, "3", "calendar_days", None, "must be an int"),
    InvalidCase("schedule ends before it starts",
                AWARE_START, 1, "working_hours", schedule_like(start=time(18), end=time(9)),
                "must be a time after"),
    InvalidCase("lunch outside working hours",
                AWARE_START, 1, "working_hours", schedule_like(lunch_start=time(19), lunch_end=time(20)),
                "inside working hours"),
    InvalidCase("lunch with only a start",
                AWARE_START, 1, "working_hours", schedule_like(lunch_end=None),
                "inside working hours"),
    InvalidCase("schedule without weekdays",
                AWARE_START, 1, "working_days", schedule_like(weekdays=frozenset()),
                "at least one working weekday"),
    InvalidCase("weekday out of range",
                AWARE_START, 1, "working_days", schedule_like(weekdays=frozenset({7})),
                r"0 \(Mon\) to 6 \(Sun\)"),
    InvalidCase("schedule missing attributes",
                AWARE_START, 1, "working_days", SimpleNamespace(weekdays=frozenset({0})),
                "missing attribute"),
]
# fmt: on


@pytest.mark.parametrize("case", INVALID_CASES, ids=[c.reason for c in INVALID_CASES])
def test_invalid_input_raises_value_error(case: InvalidCase) -> None:
    calendar = KazakhstanCalendar(overrides={})

    with pytest.raises(ValueError, match=case.message):
        due_at(case.start, case.amount, case.unit, case.schedule, calendar)


def test_work_schedule_validates_on_construction() -> None:
    with pytest.raises(ValueError, match="must be a time after"):
        WorkSchedule(weekdays=frozenset({0}), start=time(18), end=time(9))


def test_duck_typed_schedule_is_accepted() -> None:
    calendar = KazakhstanCalendar(overrides={})

    result = due_at(local(2026, 3, 2, 11), 3, "working_hours", schedule_like(), calendar)

    assert result == local(2026, 3, 2, 15)


def test_any_calendar_object_is_accepted() -> None:
    class EveryDayWorks:
        def is_working_day(self, day: date, schedule: object) -> bool:
            return True

    result = due_at(local(2026, 3, 20, 10), 1, "working_days", calendar=EveryDayWorks())

    assert result == local(2026, 3, 21, 18)


def test_public_constants() -> None:
    assert UNITS == ("hours", "working_hours", "working_days", "calendar_days", "days24", "months")
    expected = WorkSchedule(
        weekdays=frozenset({0, 1, 2, 3, 4}),
        start=time(9),
        end=time(18),
        lunch_start=time(13),
        lunch_end=time(14),
    )
    assert expected == DEFAULT_SCHEDULE


@pytest.fixture
def fresh_override_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.mark.usefixtures("fresh_override_cache")
def test_database_overrides_are_cached_until_cleared(monkeypatch) -> None:
    loads: list[int] = []

    def fake_load() -> dict[date, bool]:
        loads.append(1)
        return {date(2026, 3, 23): True}

    monkeypatch.setattr(deadlines, "_load_overrides_from_database", fake_load)

    assert KazakhstanCalendar().is_working_day(date(2026, 3, 23), DEFAULT_SCHEDULE)
    assert KazakhstanCalendar().is_working_day(date(2026, 3, 23), DEFAULT_SCHEDULE)
    assert len(loads) == 1

    clear_calendar_cache()
    KazakhstanCalendar().is_working_day(date(2026, 3, 23), DEFAULT_SCHEDULE)
    assert len(loads) == 2


@pytest.mark.usefixtures("fresh_override_cache")
def test_missing_override_model_means_no_overrides(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "registries.models", None)  # import -> ImportError

    calendar = KazakhstanCalendar()

    assert calendar.overrides == {}
    assert calendar.is_working_day(date(2026, 3, 23), DEFAULT_SCHEDULE) is False


# --- the one "still within the term?" question (seed 004 p. 7 / p. 9) -----------------------

NOTICE_1_APRIL = local(2026, 4, 1, 9)  # seed 004 p. 6 notice sent at 09:00 on 1 April 2026
NO_OVERRIDES = KazakhstanCalendar(overrides={})


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (local(2026, 12, 1, 9), True),  # the notice's own clock time on the last day
        (local(2026, 12, 1, 16, 46), True),  # the afternoon of the last day
        (local(2026, 12, 1, 23, 59), True),  # "до двадцати четырех часов последнего дня срока"
        (local(2026, 12, 2, 0, 0), False),  # the next day is outside
    ],
    ids=["09:00", "16:46", "23:59", "next-day 00:00"],
)
def test_eight_months_of_seed_004_p7_run_to_the_end_of_1_december_2026(at, expected) -> None:
    """Seed 004 p. 7: the statistics request is made "хабарлама жіберілген күннен бастап сегіз ай
    ішінде". Civil Code of the RK, Art. 172: "Срок, исчисляемый месяцами, истекает в соответствующее
    число последнего месяца срока"; Art. 174: the act "может быть выполнено до двадцати четырех
    часов последнего дня срока". 1 Dec 2026 is a Tuesday and a working day in the calendar, so a
    notice sent at 09:00 on 1 April 2026 allows the request until 23:59 on 1 December 2026."""
    assert NO_OVERRIDES.is_working_day(date(2026, 12, 1))
    assert deadlines.within_term(NOTICE_1_APRIL, 8, "months", at, calendar=NO_OVERRIDES) is expected


def test_within_term_is_due_at_compared() -> None:
    """One rule, one place: ``within_term`` is ``at <= due_at(...)`` for every unit."""
    calendar = NO_OVERRIDES
    for unit in UNITS:
        due = due_at(NOTICE_1_APRIL, 3, unit, calendar=calendar)
        assert deadlines.within_term(NOTICE_1_APRIL, 3, unit, due, calendar=calendar)
        assert not deadlines.within_term(NOTICE_1_APRIL, 3, unit, due + (datetime.min.replace(microsecond=1) - datetime.min), calendar=calendar)


def test_within_term_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError):
        deadlines.within_term(NOTICE_1_APRIL, 8, "months", datetime(2026, 12, 1, 9))
