"""The legal steps of a staff list (seed 001, Order No. 409, p. 5 and Appendix 1), each taken
through its one service: what the panel says, the system step "superseded", the returned list,
withdrawal, a list received by letter, and forged steps refused through the service and the admin."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from cases.deadlines import DeadlineUnit
from cases.models import Deadline, DeadlineOutcome, TransitionLog
from cases.rules import DeadlineRule
from cases.services import TransitionRefused, open_deadline
from cases.steps import MoveStatus, moves, take_step
from registries.stafflists.models import StaffList, StaffListState
from registries.stafflists.services import (
    staff_list_accept,
    staff_list_receive_by_letter,
    staff_list_return_list,
    staff_list_submit,
    staff_list_supersede,
    staff_list_withdraw,
)
from registries.stafflists.services.compliance import RefreshStatus, refresh_status
from registries.stafflists.services.importing import import_staff_list

from .factories import csv_bytes, make_list, person

pytestmark = pytest.mark.django_db
User = get_user_model()
BUTTON = re.compile(r'name="_fsm_transition_to"\s+value="([^"]+)"')


def buttons(html) -> set[str]:
    return set(BUTTON.findall(html))


def move(case, user, name):
    return next(m for m in moves(case, user) if m.name == name)


def change_page(client, user, case):
    client.force_login(user)
    with translation.override("kk"):
        return client.get(reverse("admin:stafflists_stafflist_change", args=[case.pk])).content.decode()


# --- the panel tells the truth ------------------------------------------------------------


def test_a_list_without_signatory_is_blocked_with_appendix1_clause_and_has_no_button(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"])
    StaffList.objects.filter(pk=staff_list.pk).update(signatory_name="")
    staff_list.refresh_from_db()
    manager = demo["users"]["prosecutor_manager"]
    submit = move(staff_list, manager, "submit")
    assert submit.status == MoveStatus.BLOCKED
    assert any("1-қосымша" in str(unmet) and "Уәкілетті лауазымды адам" in str(unmet) for unmet in submit.unmet)
    html = change_page(client, manager, staff_list)
    assert "submit" not in buttons(html)
    assert 'data-transition="submit" data-move="blocked"' in html
    assert "Уәкілетті лауазымды адам" in html
    with pytest.raises(TransitionRefused) as refused:
        staff_list_submit(case=staff_list, actor=manager)
    assert refused.value.status == 400 and "1-қосымша" in str(refused.value)
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.DRAFT


def test_a_signed_list_with_entries_is_a_button_for_its_state_body(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"])
    manager = demo["users"]["prosecutor_manager"]
    assert move(staff_list, manager, "submit").status == MoveStatus.AVAILABLE
    assert "submit" in buttons(change_page(client, manager, staff_list))
    assert move(staff_list, demo["users"]["officer"], "submit").status == MoveStatus.OTHERS


# --- "superseded" is the system's step ----------------------------------------------------


def test_supersede_is_never_a_button_and_a_forged_supersede_changes_nothing(demo, client):
    org = demo["organisations"]["prosecutor"]
    only = make_list(org, state="accepted")
    officer = demo["users"]["officer"]
    assert move(only, officer, "supersede").status == MoveStatus.SYSTEM
    html = change_page(client, officer, only)
    assert "supersede" not in buttons(html)
    client.post(reverse("admin:stafflists_stafflist_change", args=[only.pk]), {"_fsm_transition_to": "supersede"})
    only.refresh_from_db()
    assert only.state == StaffListState.ACCEPTED
    # the service itself refuses without a newer list of the same organisation being accepted
    with pytest.raises(TransitionRefused):
        take_step(only, "supersede", officer)
    other = make_list(demo["organisations"]["police"], state="submitted", half_year="2026-H1")
    with pytest.raises(TransitionRefused):
        staff_list_supersede(case=only, actor=officer, newer=other)
    only.refresh_from_db()
    assert only.state == StaffListState.ACCEPTED
    row = next(r for r in refresh_status() if r.organisation_id == org.pk)
    assert row.status == RefreshStatus.ACCEPTED


def test_accepting_a_newer_list_supersedes_the_accepted_one(demo):
    org = demo["organisations"]["prosecutor"]
    old = make_list(org, state="accepted", half_year="2026-H1", emails=["a@prokuror.kz"])
    new = make_list(org, state="submitted", half_year="2026-H2", emails=["a@prokuror.kz", "b@prokuror.kz"])
    staff_list_accept(case=new, actor=demo["users"]["officer"], comment="Тексерілді")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.state, new.state) == (StaffListState.SUPERSEDED, StaffListState.ACCEPTED)
    log = TransitionLog.objects.get(transition="supersede", object_id=old.pk)
    assert log.by == demo["users"]["officer"] and str(new.pk) in log.comment
    assert StaffList.objects.filter(organisation=org, state=StaffListState.ACCEPTED).count() == 1
    assert User.objects.filter(username="b@prokuror.kz", is_active=True).exists()


def test_a_list_of_an_earlier_half_year_cannot_replace_the_accepted_one(demo):
    org = demo["organisations"]["prosecutor"]
    accepted = make_list(org, state="accepted", half_year="2026-H2")
    older = make_list(org, state="submitted", half_year="2026-H1")
    accept = move(older, demo["users"]["officer"], "accept")
    assert accept.status == MoveStatus.BLOCKED and "5-тармағ" in " ".join(map(str, accept.unmet))
    with pytest.raises(TransitionRefused) as refused:
        staff_list_accept(case=older, actor=demo["users"]["officer"])
    assert refused.value.status == 400
    accepted.refresh_from_db()
    older.refresh_from_db()
    assert (accepted.state, older.state) == (StaffListState.ACCEPTED, StaffListState.SUBMITTED)


def test_a_refused_accept_supersedes_nothing(demo):
    org = demo["organisations"]["prosecutor"]
    accepted = make_list(org, state="accepted", half_year="2026-H1")
    submitted = make_list(org, state="submitted", half_year="2026-H2")
    with pytest.raises(TransitionRefused) as refused:
        staff_list_accept(case=submitted, actor=demo["users"]["prosecutor_manager"])
    assert refused.value.status == 403
    accepted.refresh_from_db()
    assert accepted.state == StaffListState.ACCEPTED
    assert not TransitionLog.objects.filter(transition="supersede").exists()


# --- a returned list is corrected and sent again ------------------------------------------


def test_return_needs_a_reason_and_the_returned_list_is_resubmitted(demo, client):
    org = demo["organisations"]["prosecutor"]
    officer, manager = demo["users"]["officer"], demo["users"]["prosecutor_manager"]
    staff_list = make_list(org, state="submitted")
    with pytest.raises(TransitionRefused) as refused:
        staff_list_return_list(case=staff_list, actor=officer, reason="  ")
    assert refused.value.status == 400 and "reason" in refused.value.errors
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.SUBMITTED
    staff_list_return_list(case=staff_list, actor=officer, reason="Телефондар толық емес")
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.RETURNED and staff_list.return_reason == "Телефондар толық емес"
    # the state body sees it, with the reason, and may correct it: a new import replaces its rows
    html = change_page(client, manager, staff_list)
    assert "Телефондар толық емес" in html
    assert "submit" in buttons(html)
    result = import_staff_list(
        csv_bytes([person(1), person(2), person(3), person(4)]), organisation=org, half_year="2026-H2", dry_run=False
    )
    assert result.staff_list.pk == staff_list.pk
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.RETURNED and staff_list.entry_count == 4
    staff_list_submit(case=staff_list, actor=manager, comment="Түзетілді")
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.SUBMITTED and staff_list.return_reason == ""


def test_return_through_the_admin_form_needs_a_reason(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="submitted")
    client.force_login(demo["users"]["officer"])
    url = reverse("admin:stafflists_stafflist_transition", args=[staff_list.pk, "return_list"])
    page = client.post(url, {"reason": " "})
    assert page.status_code == 200
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.SUBMITTED


# --- withdrawal of a list sent in error ---------------------------------------------------


RULE = DeadlineRule("stafflists.test", 10, DeadlineUnit.CALENDAR_DAYS, "№ 409 бұйрық, 5-т.")


def test_a_list_sent_in_error_is_withdrawn_by_its_state_body_with_a_reason(demo):
    org = demo["organisations"]["prosecutor"]
    staff_list = make_list(org, state="submitted")
    term = open_deadline(staff_list, RULE, awaiting=demo["organisations"]["info_committee"])
    manager = demo["users"]["prosecutor_manager"]
    with pytest.raises(TransitionRefused) as refused:
        staff_list_withdraw(case=staff_list, actor=manager, reason="")
    assert refused.value.status == 400 and "reason" in refused.value.errors
    for outsider in (demo["users"]["officer"], demo["users"]["police_reporter"]):
        with pytest.raises(TransitionRefused) as refused:
            staff_list_withdraw(case=staff_list, actor=outsider, reason="Қате")
        assert refused.value.status == 403
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.SUBMITTED
    staff_list_withdraw(case=staff_list, actor=manager, reason="Басқа бөлімнің тізімі қате жіберілді")
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.WITHDRAWN and staff_list.is_final
    assert staff_list.withdrawal_reason == "Басқа бөлімнің тізімі қате жіберілді"
    term.refresh_from_db()
    assert term.outcome == DeadlineOutcome.NOT_APPLICABLE and term.met_at is not None
    # a withdrawn list is not "sent": the half-year still needs one, and a new import starts a new draft
    row = next(r for r in refresh_status() if r.organisation_id == org.pk)
    assert row.status == RefreshStatus.MISSING
    result = import_staff_list(csv_bytes([person(1)]), organisation=org, half_year="2026-H2", dry_run=False)
    assert result.staff_list.pk != staff_list.pk and result.staff_list.state == StaffListState.DRAFT


def test_an_accepted_list_is_not_withdrawn_but_replaced(demo):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    manager = demo["users"]["prosecutor_manager"]
    assert "withdraw" not in {m.name for m in moves(staff_list, manager)}
    with pytest.raises(TransitionRefused) as refused:
        staff_list_withdraw(case=staff_list, actor=manager, reason="Қате")
    assert refused.value.status == 409
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.ACCEPTED


def test_withdraw_through_the_admin_form(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="returned")
    client.force_login(demo["users"]["prosecutor_reporter"])
    url = reverse("admin:stafflists_stafflist_transition", args=[staff_list.pk, "withdraw"])
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Қайта жіберілмейді: тізім жаңадан жасалады"})
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.WITHDRAWN


# --- a list received by letter is recorded with its real time -----------------------------


def test_a_list_received_by_letter_is_recorded_with_its_real_time(demo):
    org = demo["organisations"]["police_almaty"]
    officer = demo["users"]["officer"]
    staff_list = make_list(org)
    StaffList.objects.filter(pk=staff_list.pk).update(created_by=officer)
    staff_list.refresh_from_db()
    assert move(staff_list, officer, "receive_by_letter").status == MoveStatus.AVAILABLE
    real = timezone.now() - timedelta(days=12)
    staff_list_receive_by_letter(case=staff_list, actor=officer, occurred_at=real, letter_reference="№ 12-3/456")
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.SUBMITTED
    assert staff_list.submitted_at == real and staff_list.letter_reference == "№ 12-3/456"
    log = TransitionLog.objects.get(object_id=staff_list.pk, transition="receive_by_letter")
    assert log.at == real and log.recorded_afterwards and log.by == officer


def test_a_letter_time_in_the_future_is_refused(demo):
    staff_list = make_list(demo["organisations"]["police_almaty"])
    StaffList.objects.filter(pk=staff_list.pk).update(created_by=demo["users"]["officer"])
    staff_list.refresh_from_db()
    with pytest.raises(TransitionRefused) as refused:
        staff_list_receive_by_letter(
            case=staff_list, actor=demo["users"]["officer"], occurred_at=timezone.now() + timedelta(days=1), letter_reference="1"
        )
    assert refused.value.status == 400 and "occurred_at" in refused.value.errors
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.DRAFT


def test_a_state_bodys_own_draft_is_sent_by_it_not_recorded_by_letter(demo):
    staff_list = make_list(demo["organisations"]["prosecutor"])
    StaffList.objects.filter(pk=staff_list.pk).update(created_by=demo["users"]["prosecutor_manager"])
    staff_list.refresh_from_db()
    blocked = move(staff_list, demo["users"]["officer"], "receive_by_letter")
    assert blocked.status == MoveStatus.BLOCKED and blocked.unmet
    assert move(staff_list, demo["users"]["prosecutor_manager"], "receive_by_letter").status == MoveStatus.OTHERS


# --- p. 5 "оның ішінде ведомстволық бағынысты ұйымдардың": the parent sends the subordinate's list


def test_the_parent_ministry_sends_its_subordinates_list(demo):
    staff_list = make_list(demo["organisations"]["police_almaty"])
    staff_list_submit(case=staff_list, actor=demo["users"]["police_reporter"])
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.SUBMITTED
    # but not the other way round, and not another ministry
    other = make_list(demo["organisations"]["police"])
    with pytest.raises(TransitionRefused) as refused:
        staff_list_submit(case=other, actor=demo["users"]["prosecutor_manager"])
    assert refused.value.status == 403


# --- forged steps through the admin URL ---------------------------------------------------


def test_forged_admin_steps_change_nothing(demo, client):
    own = make_list(demo["organisations"]["prosecutor"], state="submitted")
    other = make_list(demo["organisations"]["police"], state="submitted", half_year="2026-H1")
    client.force_login(demo["users"]["prosecutor_manager"])
    # wrong role: a state body accepts its own list
    client.post(reverse("admin:stafflists_stafflist_change", args=[own.pk]), {"_fsm_transition_to": "accept"})
    # another organisation's list: not even visible
    response = client.post(reverse("admin:stafflists_stafflist_transition", args=[other.pk, "withdraw"]), {"reason": "x"})
    assert response.status_code in (302, 404)
    # wrong state: submit a submitted list
    client.post(reverse("admin:stafflists_stafflist_change", args=[own.pk]), {"_fsm_transition_to": "submit"})
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.state, other.state) == (StaffListState.SUBMITTED, StaffListState.SUBMITTED)
    assert not TransitionLog.objects.filter(object_id__in=[own.pk, other.pk]).exists()


def test_forged_steps_through_the_service_answer_409_403_400(demo):
    org = demo["organisations"]["prosecutor"]
    officer, manager = demo["users"]["officer"], demo["users"]["prosecutor_manager"]
    draft = make_list(org, entries=0, emails=[])
    with pytest.raises(TransitionRefused) as refused:
        staff_list_accept(case=draft, actor=officer)
    assert refused.value.status == 409
    with pytest.raises(TransitionRefused) as refused:
        staff_list_submit(case=draft, actor=officer)
    assert refused.value.status == 403
    with pytest.raises(TransitionRefused) as refused:
        staff_list_submit(case=draft, actor=manager)
    assert refused.value.status == 400 and "1-қосымша" in str(refused.value)
    draft.refresh_from_db()
    assert draft.state == StaffListState.DRAFT
    assert not Deadline.objects.exists()


def test_a_list_received_by_letter_through_the_admin_form(demo, client):
    officer = demo["users"]["officer"]
    staff_list = make_list(demo["organisations"]["police_almaty"])
    StaffList.objects.filter(pk=staff_list.pk).update(created_by=officer)
    client.force_login(officer)
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    url = reverse("admin:stafflists_stafflist_transition", args=[staff_list.pk, "receive_by_letter"])
    page = client.get(url)
    assert page.status_code == 200 and "occurred_at_0" in page.content.decode()
    # the letter's number is required: nothing changes without it
    client.post(url, {"letter_reference": " ", "occurred_at_0": day, "occurred_at_1": "10:30"})
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.DRAFT
    client.post(url, {"letter_reference": "№ 21-04/2001", "occurred_at_0": day, "occurred_at_1": "10:30"})
    staff_list.refresh_from_db()
    assert staff_list.state == StaffListState.SUBMITTED and staff_list.letter_reference == "№ 21-04/2001"
    assert timezone.localtime(staff_list.submitted_at).strftime("%Y-%m-%d %H:%M") == f"{day} 10:30"
    assert TransitionLog.objects.get(object_id=staff_list.pk, transition="receive_by_letter").recorded_afterwards
