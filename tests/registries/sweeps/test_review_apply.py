import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import TransitionLog
from cases.services import TransitionRefused, run_transition
from registries.sweeps.models import AccountDeactivation, SweepState
from registries.sweeps.services import apply_sweep, form_sweep, reactivate_account, set_exclusion

from .factories import member

User = get_user_model()


@pytest.fixture
def sweep(demo):
    org = demo["organisations"]["prosecutor"]
    users = [member(org) for _ in range(4)]
    sweep, _ = form_sweep("2026-H1", by=demo["users"]["officer"])
    sweep.users = users
    return sweep


def entry_of(sweep, user):
    return sweep.entries.get(user=user)


def test_apply_is_refused_before_review_and_nothing_changes(sweep, demo):
    with pytest.raises(ValidationError) as error:
        apply_sweep(sweep, demo["users"]["supervisor"])
    assert error.value.code == "sweep_not_under_review"
    assert "тек қаралып жатқан тізім қолданылады" in error.value.messages[0]
    sweep.refresh_from_db()
    assert sweep.state == SweepState.FORMED
    assert User.objects.filter(pk__in=[u.pk for u in sweep.users], is_active=True).count() == 4
    assert not AccountDeactivation.objects.exists()


def test_review_exclude_apply_close(sweep, demo):
    officer, supervisor = demo["users"]["officer"], demo["users"]["supervisor"]
    run_transition(sweep, "start_review", officer)
    kept = sweep.users[0]
    set_exclusion(entry_of(sweep, kept), officer, True, "Ұзақ мерзімді іссапарда, 2027 ж. қайтады")
    # someone logs in after the list was formed: not deactivated
    back = sweep.users[1]
    User.objects.filter(pk=back.pk).update(last_login=sweep.period_end)

    # an officer may not apply; the supervisor may
    with pytest.raises(TransitionRefused) as refused:
        apply_sweep(sweep, officer)
    assert refused.value.status == 403
    apply_sweep(sweep, supervisor, comment="Жарты жылдық тексеру")
    sweep.refresh_from_db()
    assert sweep.state == SweepState.APPLIED
    assert sweep.applied_by == supervisor and sweep.deactivated_count == 2

    gone = sweep.users[2:]
    assert not User.objects.filter(pk__in=[u.pk for u in gone], is_active=True).exists()
    assert User.objects.filter(pk__in=[kept.pk, back.pk], is_active=True).count() == 2
    assert User.objects.filter(pk__in=[u.pk for u in sweep.users]).count() == 4  # never deleted
    records = AccountDeactivation.objects.filter(sweep=sweep)
    assert {r.user_id for r in records} == {u.pk for u in gone}
    record = records.first()
    assert record.by == supervisor and record.action == "deactivated"
    assert "2026-H1" in record.reason and "6-тармағы" in record.reason and "Жарты жылдық тексеру" in record.reason
    assert entry_of(sweep, gone[0]).deactivated_at is not None
    assert entry_of(sweep, kept).deactivated_at is None
    assert TransitionLog.objects.filter(transition="apply", by=supervisor).exists()

    # after applying, entries are frozen
    with pytest.raises(ValidationError):
        set_exclusion(entry_of(sweep, gone[0]), officer, True, "кеш")
    run_transition(sweep, "close", officer)
    sweep.refresh_from_db()
    assert sweep.state == SweepState.CLOSED


def test_exclusion_needs_a_reason(sweep, demo):
    with pytest.raises(ValidationError) as error:
        set_exclusion(entry_of(sweep, sweep.users[0]), demo["users"]["officer"], True, "  ")
    assert "exclusion_reason" in error.value.message_dict
    assert not sweep.entries.filter(excluded=True).exists()


def test_state_body_user_may_not_review_or_apply(sweep, demo):
    outsider = demo["users"]["prosecutor_manager"]
    with pytest.raises(TransitionRefused) as refused:
        run_transition(sweep, "start_review", outsider)
    assert refused.value.status == 403
    with pytest.raises(PermissionDenied):
        set_exclusion(entry_of(sweep, sweep.users[0]), outsider, True, "reason")
    sweep.refresh_from_db()
    assert sweep.state == SweepState.FORMED and not sweep.entries.filter(excluded=True).exists()


def test_reactivation_with_reason_is_recorded(sweep, demo):
    supervisor = demo["users"]["supervisor"]
    run_transition(sweep, "start_review", supervisor)
    apply_sweep(sweep, supervisor)
    user = User.objects.get(pk=sweep.users[0].pk)
    assert not user.is_active
    with pytest.raises(ValidationError):
        reactivate_account(user, supervisor, "")
    with pytest.raises(PermissionDenied):
        reactivate_account(user, demo["users"]["officer"], "қайта қабылданды")
    user.refresh_from_db()
    assert not user.is_active
    record = reactivate_account(user, supervisor, "Қызметке қайта оралды, 2026-11-20 бұйрық")
    user.refresh_from_db()
    assert user.is_active
    assert record.action == "reactivated" and record.by == supervisor and record.sweep == sweep
    with pytest.raises(ValidationError):
        reactivate_account(user, supervisor, "тағы")
