from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from registries.stafflists.models import StaffListReminder, half_year_bounds, half_year_of, previous_half_year
from registries.stafflists.services.compliance import RefreshStatus, due_reminders, refresh_status, send_reminders

from .factories import make_list

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ALMATY)
LATE_DECEMBER = datetime(2026, 12, 20, 10, 0, tzinfo=ALMATY)


def test_half_year_arithmetic():
    assert half_year_of(NOW.date()) == "2026-H2"
    assert half_year_bounds("2026-H1")[1].isoformat() == "2026-06-30"
    assert previous_half_year("2026-H1") == "2025-H2"


def rows_by_org(now=NOW):
    return {row.organisation_id: row for row in refresh_status(now)}


def test_refresh_status_per_state_body(demo):
    orgs = demo["organisations"]
    make_list(orgs["prosecutor"], state="accepted", half_year="2026-H2")
    make_list(orgs["police"], state="submitted", half_year="2026-H2")
    make_list(orgs["police_almaty"], state="returned", half_year="2026-H2")
    make_list(orgs["police_almaty"], state="superseded", half_year="2026-H1")
    rows = rows_by_org()
    assert rows[orgs["prosecutor"].pk].status == RefreshStatus.ACCEPTED
    assert rows[orgs["police"].pk].status == RefreshStatus.SUBMITTED
    assert rows[orgs["police_almaty"].pk].status == RefreshStatus.RETURNED
    assert not rows[orgs["police_almaty"].pk].overdue  # H1 was sent
    assert orgs["kcell"].pk not in rows  # state bodies only


def test_missing_and_overdue(demo):
    orgs = demo["organisations"]
    make_list(orgs["police"], state="accepted", half_year="2026-H1")
    rows = rows_by_org()
    assert rows[orgs["prosecutor"].pk].status == RefreshStatus.MISSING and rows[orgs["prosecutor"].pk].overdue
    assert rows[orgs["police"].pk].status == RefreshStatus.MISSING and not rows[orgs["police"].pk].overdue
    assert list(refresh_status(NOW))[0].overdue  # overdue first


def test_reminders_after_and_before_end_each_once(demo, settings):
    orgs = demo["organisations"]
    make_list(orgs["police"], state="accepted", half_year="2026-H1")
    make_list(orgs["police_almaty"], state="submitted", half_year="2026-H2")
    # 24 November: only "after" reminders for 2026-H1 (prosecutor sent nothing for H1 nor H2).
    assert send_reminders(NOW) == 1
    assert mail.outbox[0].to == [orgs["prosecutor"].email]
    assert "2026-H1" in mail.outbox[0].subject
    assert send_reminders(NOW) == 0  # exactly once
    # 20 December: 14 days (default) before the end of H2: prosecutor and police are reminded.
    mail.outbox.clear()
    assert send_reminders(LATE_DECEMBER) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([orgs["prosecutor"].email, orgs["police"].email])
    assert send_reminders(LATE_DECEMBER) == 0
    assert StaffListReminder.objects.count() == 3
    settings.STAFF_LIST_REMINDER_DAYS_BEFORE = 3
    assert due_reminders(datetime(2026, 12, 27, tzinfo=ALMATY)) == []


def test_reminder_days_setting(demo, settings):
    settings.STAFF_LIST_REMINDER_DAYS_BEFORE = 40
    kinds = {kind for _org, _half, kind in due_reminders(NOW)}
    assert "before_end" in kinds


def test_failed_send_is_retried(demo, monkeypatch):
    from django.core.mail import EmailMessage

    def boom(self, fail_silently=False):
        raise OSError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", boom)
    with pytest.raises(OSError):
        send_reminders(NOW)
    assert not StaffListReminder.objects.exists()


def test_command_and_task(demo, time_machine):
    time_machine.move_to(NOW)
    out = StringIO()
    call_command("remind_staff_lists", stdout=out)
    # prosecutor and police: nothing for H1 / H2; police_almaty (no list of its own) is on the ministry's list
    assert StaffListReminder.objects.count() == 2
    from registries.stafflists.tasks import remind_staff_lists

    assert remind_staff_lists.delay().get() == 0


def test_a_subordinate_organisation_is_counted_in_its_parents_list(demo):
    """Seed 001 p. 5: the state body sends the list of its staff "ведомстволық бағынысты ұйымдарды
    қоса алғанда" (including its subordinate organisations): a subordinate organisation that sends
    no list of its own is covered by its parent's list, never counted (or reminded) on its own."""
    from registries.models import Organisation
    from registries.roles import OrganisationKind

    orgs = demo["organisations"]
    sub = Organisation.objects.create(
        kind=OrganisationKind.STATE_BODY, name_kk="Бағынысты ұйым", name_ru="Подведомственная организация",
        bin="990340012345", parent=orgs["prosecutor"], email="sub@prokuror.kz",
    )
    make_list(orgs["prosecutor"], state="accepted", half_year="2026-H2")
    rows = rows_by_org(LATE_DECEMBER)
    assert sub.pk not in rows and rows[orgs["prosecutor"].pk].status == RefreshStatus.ACCEPTED
    assert sub.pk not in {org.pk for org, _half, _kind in due_reminders(LATE_DECEMBER)}
