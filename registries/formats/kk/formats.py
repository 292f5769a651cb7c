"""Kazakh date, time and number formats (Django ships none for ``kk``).

The *_FORMAT strings use Django's date format syntax; "E" is the month name in the form used
inside a date ("24 қараша 2026 ж."). Kazakhstan writes numbers like Russian: a decimal comma and
a non-breaking space between thousands; the week starts on Monday.
"""

DATE_FORMAT = r"j E Y \ж."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j E Y \ж. H:i"
YEAR_MONTH_FORMAT = r"F Y \ж."
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Python strftime syntax.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '24.11.2026'
    "%d.%m.%y",  # '24.11.26'
    "%Y-%m-%d",  # '2026-11-24' (ISO, what the admin's date picker and imports may send)
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",
    "%H:%M:%S.%f",
    "%H:%M",
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S.%f",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
