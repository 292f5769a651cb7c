"""Celery job: at the start of each half-year, form the sweep of the half-year just ended
(seed 001 p. 6, "жарты жылда бір рет"). The lead wires the beat schedule (1 January, 1 July)."""

from celery import shared_task

from .halfyear import HalfYear
from .services import form_sweep


@shared_task(name="sweeps.form_sweep_of_last_half_year")
def form_sweep_of_last_half_year() -> dict:
    half = HalfYear.just_ended()
    sweep, created = form_sweep(half.code)
    return {"half_year": sweep.half_year, "sweep": sweep.pk, "created": created, "entries": sweep.entries_count}
