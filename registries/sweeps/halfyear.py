"""Half-years ("2026-H1", "2026-H2"): parsing and their bounds in local (Asia/Almaty) time.

Seed 001 p. 6: the authorised body forms the list of inactive accounts "жарты жылда бір рет"
(once every half-year); a sweep is keyed by its half-year.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

HALF_YEAR_RE = re.compile(r"^(?P<year>\d{4})-H(?P<half>[12])$")

#: No half-year before the system's first act on the subject (Order No. 409 was signed on
#: 27.09.2022) is known: the first sweepable half-year is 2022-H2.
FIRST_YEAR = 2022
FIRST_HALF = (2022, 2)
ROMAN = {1: "I", 2: "II"}


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int

    def __str__(self):
        return f"{self.year}-H{self.half}"

    @property
    def code(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        """As a person reads it, in the active language: "2026 ж. II жартыжылдық"."""
        return gettext("%(year)s, half-year %(half)s") % {"year": self.year, "half": ROMAN[self.half]}

    @property
    def first_day(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def start(self) -> datetime:
        """The first instant of the half-year, local time (aware)."""
        return timezone.make_aware(datetime.combine(self.first_day, time.min))

    @property
    def end(self) -> datetime:
        """The first instant after the half-year, local time (aware)."""
        return timezone.make_aware(datetime.combine(self.last_day + timedelta(days=1), time.min))

    def previous(self) -> "HalfYear":
        return HalfYear(self.year - 1, 2) if self.half == 1 else HalfYear(self.year, 1)

    @classmethod
    def containing(cls, day: date) -> "HalfYear":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def just_ended(cls, today: date | None = None) -> "HalfYear":
        """The half-year that ended most recently (the Celery task's target)."""
        return cls.containing(today or timezone.localdate()).previous()


def parse_half_year(value, today: date | None = None) -> HalfYear:
    """Parse and check a half-year code: malformed, unknown (before 2022-H2, when Order
    No. 409 was signed) and future half-years are refused with a clear message."""
    text = str(value or "").strip().upper()
    match = HALF_YEAR_RE.match(text)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a half-year. Write it as YYYY-H1 (January–June) or YYYY-H2 (July–December), e.g. 2026-H1."),
            code="malformed_half_year",
            params={"value": value},
        )
    half = HalfYear(int(match["year"]), int(match["half"]))
    if (half.year, half.half) < FIRST_HALF:
        raise ValidationError(
            _("The half-year %(half)s is unknown: sweeps exist from 2022-H2, when Order No. 409 was signed."),
            code="unknown_half_year",
            params={"half": half.code},
        )
    today = today or timezone.localdate()
    if half.first_day > today:
        raise ValidationError(
            _("The half-year %(half)s has not begun yet; a sweep can only be formed for a half-year that has begun."),
            code="future_half_year",
            params={"half": half.code},
        )
    return half


def half_year_label(code) -> str:
    """The label of a half-year code ("2026-H2" -> "2026 ж. II жартыжылдық"); a value that is not
    a half-year code is returned as it is."""
    match = HALF_YEAR_RE.match(str(code or "").strip().upper())
    return HalfYear(int(match["year"]), int(match["half"])).label if match else str(code or "")


def half_year_choices(today: date | None = None, *, ahead: int = 0) -> list[tuple[str, str]]:
    """(code, label) of every half-year from the first known (2022-H2) to the current one (plus
    ``ahead`` more), newest first: what a person picks instead of typing "2026-H2"."""
    current = HalfYear.containing(today or timezone.localdate())
    for _step in range(ahead):
        current = HalfYear(current.year + 1, 1) if current.half == 2 else HalfYear(current.year, 2)
    found = []
    while (current.year, current.half) >= FIRST_HALF:
        found.append((current.code, current.label))
        current = current.previous()
    return found
