"""seed 004 p. 9: throttling level by the time elapsed since the notice; limits in whole Kbit/s."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases.platforms.throttle import limit_kbps, next_level, period_minutes, periods_overlap, throttle_level, window_end

ALMATY = ZoneInfo("Asia/Almaty")
NOTICE = datetime(2025, 3, 10, 11, 30, tzinfo=ALMATY)
SECOND = timedelta(seconds=1)


def at(year, month, day, hour=11, minute=30):
    return datetime(year, month, day, hour, minute, tzinfo=ALMATY)


def end_of(year, month, day):
    """The last moment of a day: a term in months ends at 24:00 of its last day (Civil Code)."""
    return datetime(year, month, day, 23, 59, 59, 999999, tzinfo=ALMATY)


@pytest.mark.parametrize(
    ("moment", "level"),
    [
        (NOTICE - SECOND, None),  # before the notice: nothing
        (NOTICE, 10),
        (at(2025, 6, 1), 10),
        (at(2025, 11, 10), 10),  # the notice's clock time on the last day: still "сегіз ай ішінде"
        (at(2025, 11, 10, 16, 46), 10),
        (end_of(2025, 11, 10), 10),  # to the end of the last day (Monday)
        (end_of(2025, 11, 10) + timedelta(microseconds=1), 50),
        (end_of(2026, 3, 10), 50),  # 1 year: Tuesday 10 March 2026
        (end_of(2026, 3, 10) + timedelta(microseconds=1), 90),
        (end_of(2026, 9, 10), 90),  # 1 year 6 months: Thursday 10 September 2026
        (end_of(2026, 9, 10) + timedelta(microseconds=1), None),  # beyond: the Rules set no level
        (at(2027, 1, 1), None),
    ],
)
def test_throttle_level_windows_and_exact_boundaries(moment, level):
    """p. 9: "хабарлама жөнелтілген кезден бастап сегіз ай ішінде – … 10%-ға; … бір жыл ішінде –
    … 50%-ға; … бір жыл және алты ай ішінде – … 90%-ға"."""
    assert throttle_level(NOTICE, moment) == level


@pytest.mark.parametrize(
    ("notice", "eight_months", "one_year", "eighteen_months"),
    [
        # month-end clamping: 30 June + 8 months = 28 Feb (2025 not leap, a Friday)
        (at(2024, 6, 30), end_of(2025, 2, 28), end_of(2025, 6, 30), end_of(2025, 12, 30)),
        # 31 August + 12 months = Sunday 31 August 2025 → Monday 1 September is the transferred
        # Constitution Day → Tuesday 2 September; + 18 months = Saturday 28 February → Monday 2 March
        (at(2024, 8, 31), end_of(2025, 4, 30), end_of(2025, 9, 2), end_of(2026, 3, 2)),
        # leap day: 29 Feb 2028 + 8 months = Sunday 29 October → Monday 30; + 12 months = 28 Feb 2029
        (at(2028, 2, 29), end_of(2028, 10, 30), end_of(2029, 2, 28), end_of(2029, 8, 29)),
    ],
)
def test_windows_follow_calendar_months_clamped(notice, eight_months, one_year, eighteen_months):
    """Terms in months end on the corresponding day (clamped to the month end), at its end,
    moved to the next working day (the deadline engine's rule)."""
    after = timedelta(microseconds=1)
    assert window_end(notice, 10) == eight_months
    assert window_end(notice, 50) == one_year
    assert window_end(notice, 90) == eighteen_months
    assert throttle_level(notice, eight_months) == 10
    assert throttle_level(notice, eight_months + after) == 50
    assert throttle_level(notice, one_year) == 50
    assert throttle_level(notice, one_year + after) == 90
    assert throttle_level(notice, eighteen_months) == 90
    assert throttle_level(notice, eighteen_months + after) is None


def test_utc_moment_compares_in_absolute_time():
    utc_notice = NOTICE.astimezone(ZoneInfo("UTC"))
    assert throttle_level(utc_notice, end_of(2025, 11, 10).astimezone(ZoneInfo("UTC"))) == 10
    assert throttle_level(utc_notice, at(2025, 11, 11, 0, 0).astimezone(ZoneInfo("UTC"))) == 50


@pytest.mark.parametrize(
    ("peak", "level", "limit"),
    [
        (1000, 10, 900),
        (1000, 50, 500),
        (1000, 90, 100),
        (Decimal("999"), 10, 899),  # 899.1 → 899
        (Decimal("1234.567"), 50, 617),  # 617.2835 → 617
        (Decimal("9"), 90, 0),  # 0.9 → 0
        (0, 10, 0),
        (Decimal("125000.999"), 90, 12500),
    ],
)
def test_limit_is_peak_reduced_and_rounded_down(peak, level, limit):
    assert limit_kbps(peak, level) == limit


def test_limit_refuses_negative_peak_and_unknown_level():
    with pytest.raises(ValueError):
        limit_kbps(-1, 10)
    with pytest.raises(ValueError):
        limit_kbps(100, 30)
    with pytest.raises(ValueError):
        window_end(NOTICE, 30)


def test_next_level():
    assert next_level(None) == 10
    assert next_level(10) == 50
    assert next_level(50) == 90
    assert next_level(90) is None


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((time(0), time(6)), (time(6), time(12)), False),  # touching ends do not overlap
        ((time(0), time(6)), (time(5, 59), time(12)), True),
        ((time(22), time(6)), (time(5), time(7)), True),  # past midnight
        ((time(22), time(6)), (time(6), time(22)), False),
        ((time(18), time(0)), (time(0), time(6)), False),  # 18:00–24:00
        ((time(0), time(0)), (time(12), time(13)), True),  # whole day
    ],
)
def test_periods_overlap(a, b, overlap):
    assert periods_overlap(a, b) is overlap
    assert periods_overlap(b, a) is overlap


def test_period_minutes():
    assert period_minutes(time(22), time(6)) == [(1320, 1440), (0, 360)]
    assert period_minutes(time(18), time(0)) == [(1080, 1440)]
