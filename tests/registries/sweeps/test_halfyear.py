from datetime import date

import pytest
from django.core.exceptions import ValidationError

from registries.sweeps.halfyear import HalfYear, parse_half_year

TODAY = date(2026, 11, 24)


def test_parses_and_bounds():
    half = parse_half_year("2026-h1", today=TODAY)
    assert half == HalfYear(2026, 1)
    assert half.first_day == date(2026, 1, 1) and half.last_day == date(2026, 6, 30)
    assert parse_half_year(" 2026-H2 ", today=TODAY).last_day == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("2026-H3", "malformed_half_year"),
        ("2026", "malformed_half_year"),
        ("H1-2026", "malformed_half_year"),
        ("", "malformed_half_year"),
        (None, "malformed_half_year"),
        ("2021-H2", "unknown_half_year"),
        ("2022-H1", "unknown_half_year"),
        ("2027-H1", "future_half_year"),
    ],
)
def test_refuses_bad_half_years(value, code):
    with pytest.raises(ValidationError) as error:
        parse_half_year(value, today=TODAY)
    assert error.value.code == code
    assert error.value.messages[0]


def test_current_half_year_is_allowed_and_just_ended():
    assert parse_half_year("2026-H2", today=TODAY).code == "2026-H2"
    assert HalfYear.just_ended(TODAY) == HalfYear(2026, 1)
    assert HalfYear.just_ended(date(2027, 1, 1)) == HalfYear(2026, 2)


@pytest.mark.parametrize(
    ("code", "language", "label"),
    [
        ("2026-H1", "kk", "2026 ж. I жартыжылдық"),
        ("2026-H2", "kk", "2026 ж. II жартыжылдық"),
        ("2026-H2", "ru", "II полугодие 2026 г."),
        ("not a half", "kk", "not a half"),
    ],
)
def test_a_half_year_reads_as_people_write_it(code, language, label):
    from django.utils import translation

    from registries.sweeps.halfyear import half_year_label

    with translation.override(language):
        assert half_year_label(code) == label
