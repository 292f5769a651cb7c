"""A deadline rule: an amount of a unit, with the legal citation it comes from."""

from dataclasses import dataclass
from datetime import datetime

from .deadlines import due_at


@dataclass(frozen=True)
class DeadlineRule:
    """E.g. DeadlineRule("s004.warning_letter", 3, "working_days", "Order 267-НҚ (seed 004), p. 5").

    ``code`` is stable (stored on every deadline); ``citation`` is quoted by the admin and letters.
    """

    code: str
    amount: int
    unit: str
    citation: str

    def due(self, start: datetime, schedule=None) -> datetime:
        return due_at(start, self.amount, self.unit, schedule=schedule)
