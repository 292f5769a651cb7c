from datetime import datetime, timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from cases.monitoring.models import DeadlineReminder, ReminderState
from cases.monitoring.reminders import create_due_reminders, send_deadline_reminders
from cases.monitoring.tasks import send_deadline_reminders as reminder_task

from .conftest import ALMATY, NOW
from .factories import DeadlineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awaiting(demo):
    return demo["organisations"]["imei_db"]


def _deadline(case, awaiting, start, due):
    return DeadlineFactory(case=case, awaiting_organisation=awaiting, start=start, due=due)


def test_half_point_is_sent_once_to_the_organisation_and_its_users(frozen, make_demand, awaiting, demo):
    case = make_demand()
    half = _deadline(case, awaiting, NOW - timedelta(days=6), NOW + timedelta(days=5))
    _deadline(case, awaiting, NOW - timedelta(days=1), NOW + timedelta(days=9))  # not yet at half
    result = send_deadline_reminders()
    assert result.created == {"half": 1, "one_working_hour_left": 0, "overdue": 0}
    assert result.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [awaiting.email]
    assert demo["users"]["imei_db"].email in message.bcc
    assert demo["users"]["supervisor"].email not in message.recipients()  # escalation only when overdue
    assert "267-НҚ" in message.body and "Asia/Almaty" in message.body
    reminder = DeadlineReminder.objects.get()
    assert (reminder.deadline, reminder.point, reminder.state) == (half, "half", ReminderState.SENT)
    for _ in range(3):
        again = send_deadline_reminders()
        assert again.sent == 0
    assert len(mail.outbox) == 1


def test_points_follow_the_clock_and_the_organisations_schedule(frozen, make_demand, demo):
    kcell = demo["organisations"]["kcell"]  # works 08:00-20:00, Monday to Saturday, no lunch
    case = make_demand()
    # Due Tuesday 11:30 in Kcell's time: 1.5 working hours left at 10:00 -> not yet.
    deadline = _deadline(case, kcell, NOW - timedelta(hours=1), NOW + timedelta(hours=1, minutes=30))
    send_deadline_reminders()
    assert not DeadlineReminder.objects.filter(point="one_working_hour_left").exists()
    frozen.move_to(NOW + timedelta(minutes=31))
    send_deadline_reminders()
    assert list(DeadlineReminder.objects.values_list("point", flat=True)) == ["one_working_hour_left"]
    frozen.move_to(NOW + timedelta(hours=2))
    send_deadline_reminders()
    assert set(DeadlineReminder.objects.filter(deadline=deadline).values_list("point", flat=True)) == {
        "one_working_hour_left", "overdue",
    }
    assert len(mail.outbox) == 2
    # The half point was overtaken by a more urgent one and is never sent late.
    assert not DeadlineReminder.objects.filter(point="half").exists()


def test_one_working_hour_skips_the_night_and_the_weekend(make_demand, awaiting, demo):
    """Friday 17:30: due Monday 09:30 leaves 0.5 + 0.5 = 1 working hour (09:00-18:00 schedule)."""
    beeline = demo["organisations"]["beeline"]
    case = make_demand()
    friday = datetime(2026, 11, 27, 17, 30, tzinfo=ALMATY)
    _deadline(case, beeline, friday - timedelta(days=2), datetime(2026, 11, 30, 9, 30, tzinfo=ALMATY))
    _deadline(case, beeline, friday - timedelta(days=2), datetime(2026, 11, 30, 10, 30, tzinfo=ALMATY))
    created = create_due_reminders(friday)
    assert created["one_working_hour_left"] == 1


def test_overdue_escalates_to_the_authorised_bodys_supervisors(frozen, make_demand, awaiting, demo):
    case = make_demand()
    _deadline(case, awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=5))
    send_deadline_reminders()
    (message,) = mail.outbox
    assert demo["users"]["supervisor"].email in message.bcc
    assert demo["users"]["officer"].email not in message.recipients()
    assert demo["users"]["imei_db"].email in message.bcc


def test_broken_mail_server_keeps_the_reminder_and_retries_it(frozen, make_demand, awaiting, monkeypatch, settings):
    case = make_demand()
    _deadline(case, awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=5))

    def refuse(self, fail_silently=False):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    result = send_deadline_reminders()
    assert result.failed == 1 and result.sent == 0
    reminder = DeadlineReminder.objects.get()
    assert reminder.state == ReminderState.FAILED and reminder.attempts == 1
    assert "SMTPServerDisconnected" in reminder.last_error
    assert send_deadline_reminders().failed == 1  # retried on the next run, still failing
    monkeypatch.undo()
    result = send_deadline_reminders()
    assert result.sent == 1
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SENT and reminder.attempts == 3 and reminder.last_error == ""
    assert len(mail.outbox) == 1


def test_no_address_is_a_visible_failure(frozen, make_demand, demo, settings):
    org = demo["organisations"]["beeline"]
    org.email = ""
    org.save()
    demo["users"]["beeline"].delete()
    _deadline(make_demand(), org, NOW - timedelta(days=2), NOW + timedelta(days=1))
    send_deadline_reminders()
    reminder = DeadlineReminder.objects.get()
    assert reminder.state == ReminderState.FAILED and "No e-mail address" in reminder.last_error


def test_gives_up_after_max_attempts_until_an_official_resets(frozen, make_demand, awaiting, settings, monkeypatch):
    settings.DEADLINE_REMINDER_MAX_ATTEMPTS = 2
    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", lambda self, fail_silently=False: 1 / 0)
    _deadline(make_demand(), awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=5))
    for _ in range(4):
        send_deadline_reminders()
    assert DeadlineReminder.objects.get().attempts == 2


def test_met_deadline_cancels_its_pending_reminders(frozen, make_demand, awaiting, monkeypatch):
    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", lambda self, fail_silently=False: 1 / 0)
    deadline = _deadline(make_demand(), awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=5))
    send_deadline_reminders()
    deadline.met_at = NOW
    deadline.save()
    monkeypatch.undo()
    assert send_deadline_reminders().cancelled == 1
    assert DeadlineReminder.objects.get().state == ReminderState.CANCELLED
    assert mail.outbox == []


def test_stale_sending_rows_are_released(frozen, make_demand, awaiting):
    deadline = _deadline(make_demand(), awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=5))
    DeadlineReminder.objects.create(
        deadline=deadline, point="overdue", state=ReminderState.SENDING, attempts=1, last_attempt_at=NOW - timedelta(hours=2)
    )
    result = send_deadline_reminders()
    assert result.released == 1 and result.sent == 1


def test_points_are_configurable(frozen, make_demand, awaiting, settings):
    settings.DEADLINE_REMINDER_POINTS = ["overdue"]
    _deadline(make_demand(), awaiting, NOW - timedelta(days=6), NOW + timedelta(days=5))
    assert send_deadline_reminders().created == {"overdue": 0}
    settings.DEADLINE_REMINDER_POINTS = ["half", "soon-ish"]
    with pytest.raises(ImproperlyConfigured):
        send_deadline_reminders()


def test_management_command_and_eager_task_run_the_same_service(frozen, make_demand, awaiting, capsys):
    _deadline(make_demand(), awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=5))
    call_command("send_deadline_reminders")
    assert "sent 1" in capsys.readouterr().out
    _deadline(make_demand(), awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=1))
    result = reminder_task.delay().get()  # no broker configured: runs inline
    assert result["sent"] == 1
    assert len(mail.outbox) == 2


def test_reminders_admin_shows_failures_and_scopes_them(frozen, make_demand, awaiting, demo, client, monkeypatch):
    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", lambda self, fail_silently=False: 1 / 0)
    _deadline(make_demand(), awaiting, NOW - timedelta(days=2), NOW - timedelta(minutes=5))
    send_deadline_reminders()
    reminder = DeadlineReminder.objects.get()
    client.force_login(demo["users"]["supervisor"])
    page = client.get("/admin/monitoring/deadlinereminder/?state__exact=failed")
    assert page.status_code == 200 and "ZeroDivisionError" in page.content.decode()
    response = client.post(
        "/admin/monitoring/deadlinereminder/", {"action": "retry_now", "_selected_action": [reminder.pk]}
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.PENDING and reminder.attempts == 0
    # another organisation's user sees nothing of it (404 on the object)
    client.force_login(demo["users"]["kcell"])
    assert client.get(f"/admin/monitoring/deadlinereminder/{reminder.pk}/change/").status_code in (302, 403, 404)
    assert DeadlineReminder.objects.visible_to(demo["users"]["kcell"]).count() == 0
    assert DeadlineReminder.objects.visible_to(demo["users"]["imei_db"]).count() == 1


def test_the_mail_names_the_term_by_its_label_not_its_code(frozen, make_demand, awaiting):
    from cases.devices.rules import NOTIFY_SUSPEND
    from cases.rules import rule_label

    case = make_demand()
    DeadlineFactory(
        case=case, awaiting_organisation=awaiting, start=NOW - timedelta(days=6), due=NOW + timedelta(days=5),
        rule_code=NOTIFY_SUSPEND.code,
    )
    send_deadline_reminders()
    (message,) = mail.outbox
    assert NOTIFY_SUSPEND.code not in message.subject + message.body
    assert rule_label(NOTIFY_SUSPEND.code) in message.subject
