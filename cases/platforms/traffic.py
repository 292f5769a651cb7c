"""Traffic statistics entered by the STS (seed 004 p. 7–8): a batch of rows, all or nothing,
checked row by row by the one row check (``throttle.statistic_row_errors``) that the model's
``clean`` uses too; rows are entered only while the request of the authorised body is open."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registries.models import RegionalObject

from .choices import PlatformCaseState
from .records import TrafficStatistic
from .throttle import statistic_row_errors


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
