import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cases.services import run_transition
from registries.sweeps.models import AccountSweep, SweepState
from registries.sweeps.tasks import form_sweep_of_last_half_year

from .factories import member

User = get_user_model()


@pytest.fixture
def dormant(demo):
    return [member(demo["organisations"]["prosecutor"]) for _ in range(3)]


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("sweep_inactive", *args, stdout=out)
    return out.getvalue()


def test_command_forms_and_is_idempotent(dormant):
    assert "3" in run("--half", "2026-H1")
    run("--half", "2026-H1")
    assert AccountSweep.objects.get().entries_count == 3


def test_command_refuses_bad_half_year(dormant):
    with pytest.raises(CommandError):
        run("--half", "2027-H1")
    assert not AccountSweep.objects.exists()


def test_command_apply_needs_review_and_a_supervisor(dormant, demo):
    with pytest.raises(CommandError, match="--by"):
        run("--half", "2026-H1", "--apply")
    with pytest.raises(CommandError, match="қаралып жатқан"):
        run("--half", "2026-H1", "--apply", "--by", "supervisor")
    assert User.objects.filter(is_active=False).count() == 0
    sweep = AccountSweep.objects.get()
    run_transition(sweep, "start_review", demo["users"]["officer"])
    with pytest.raises(CommandError):
        run("--half", "2026-H1", "--apply", "--by", "officer")
    out = run("--half", "2026-H1", "--apply", "--by", "supervisor")
    assert "3" in out
    sweep.refresh_from_db()
    assert sweep.state == SweepState.APPLIED
    assert User.objects.filter(pk__in=[u.pk for u in dormant], is_active=False).count() == 3


def test_task_forms_the_half_year_just_ended(dormant):
    result = form_sweep_of_last_half_year.apply().get()
    assert result["half_year"] == "2026-H1" and result["created"] and result["entries"] == 3
    assert form_sweep_of_last_half_year.apply().get()["created"] is False


def test_demo_is_idempotent_and_realistic(demo):
    from registries.sweeps import demo as sweeps_demo

    sweeps_demo.load(demo)
    sweeps_demo.load(demo)
    closed = AccountSweep.objects.get(half_year="2025-H2")
    review = AccountSweep.objects.get(half_year="2026-H1")
    assert closed.state == SweepState.CLOSED and closed.deactivated_count >= 1
    assert closed.entries.filter(excluded=True).exclude(exclusion_reason="").exists()
    assert review.state == SweepState.UNDER_REVIEW and review.entries_count >= 1
    # one sweep in every state (formed, under review, applied, closed)
    assert AccountSweep.objects.count() == 4
