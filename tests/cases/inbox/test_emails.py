"""The notice e-mail rides the reminders' delivery machinery: once per notice and language,
retried on failure, never to a member who switched it off nor to the official who took the step;
Kazakh, with Russian after it for the members who chose Russian; an absolute link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from cases.inbox import services
from cases.inbox.emails import send_notice_emails
from cases.inbox.models import Notice, NoticeEmail, NoticeEvent
from cases.inbox.selectors import what_happened
from cases.monitoring.models import DeadlineReminder, ReminderState
from cases.monitoring.reminders import send_deadline_reminders
from cases.violations import services as violations

pytestmark = pytest.mark.django_db


def choose_russian(user):
    user.profile.language = "ru"
    user.profile.save(update_fields=["language"])


def submit(steps, report, world):
    steps(violations.violation_report_submit, case=report, actor=world["users"]["prosecutor_reporter"])
    return Notice.objects.get()


def test_one_email_per_language_kazakh_then_russian_with_an_absolute_link(world, report, steps):
    officer, supervisor = world["users"]["officer"], world["users"]["supervisor"]
    choose_russian(supervisor)
    notice = submit(steps, report, world)
    assert sorted(notice.emails.values_list("language", flat=True)) == ["kk", "ru"]
    result = send_notice_emails()
    assert result.sent == 2 and len(mail.outbox) == 2
    by_language = {m.bcc[0] in {supervisor.email}: m for m in mail.outbox}
    kazakh, russian = by_language[False], by_language[True]
    assert officer.email in kazakh.bcc and supervisor.email not in kazakh.bcc
    assert russian.bcc == [supervisor.email] and not kazakh.to and not russian.to
    link = f"https://compliance.example.kz/admin/violations/violationreport/{report.pk}/change/"
    assert link in kazakh.body and link in russian.body
    with translation.override("kk"):
        label_kk = what_happened(notice)
    with translation.override("ru"):
        label_ru = what_happened(notice)
    assert label_kk in kazakh.body
    assert label_kk == label_ru or label_ru not in kazakh.body  # the Kazakh e-mail has no Russian
    assert russian.body.index(label_kk) < russian.body.rindex(label_ru)
    # exactly once: the next runs send nothing more
    assert send_notice_emails().sent == 0 and send_deadline_reminders().others["Notice e-mail"]["sent"] == 0
    assert len(mail.outbox) == 2
    assert set(NoticeEmail.objects.values_list("state", flat=True)) == {ReminderState.SENT}


def test_switched_off_members_and_the_actor_get_no_email(world, report, steps):
    services.set_email_preference(user=world["users"]["supervisor"], email=False)
    submit(steps, report, world)
    send_notice_emails()
    sent_to = {address for m in mail.outbox for address in m.bcc}
    assert world["users"]["officer"].email in sent_to
    assert world["users"]["supervisor"].email not in sent_to
    assert world["users"]["prosecutor_reporter"].email not in sent_to


def test_nobody_wanting_email_writes_no_email_row(world, report, steps):
    for member in world["organisations"]["info_committee"].members.all():
        services.set_email_preference(user=member.user, email=False)
    notice = submit(steps, report, world)
    assert not notice.emails.exists()


def test_a_member_switching_off_after_the_notice_is_skipped_not_failed(world, report, steps):
    notice = submit(steps, report, world)
    for member in world["organisations"]["info_committee"].members.all():
        services.set_email_preference(user=member.user, email=False)
    result = send_notice_emails()
    assert result.skipped == 1 and result.sent == 0 and not mail.outbox
    assert notice.emails.get().state == ReminderState.SKIPPED


def test_a_failed_email_is_retried_on_the_next_run(world, report, steps, monkeypatch):
    notice = submit(steps, report, world)

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    assert send_notice_emails().failed == 1
    row = notice.emails.get()
    assert row.state == ReminderState.FAILED and row.attempts == 1 and "SMTP down" in row.last_error
    monkeypatch.undo()
    assert send_notice_emails().sent == 1 and len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.state == ReminderState.SENT and row.attempts == 2


def test_a_term_at_its_reminder_point_is_in_the_inbox_once(world, report):
    """The reminder job shows the term to the awaiting organisation (and, overdue, to the
    authorised body: escalation), however often it runs; the reminder is the e-mail."""
    from cases.rules import DeadlineRule
    from cases.services import open_deadline

    kcell = world["organisations"]["kcell"]
    deadline = open_deadline(
        report,
        DeadlineRule("test.inbox", 1, "hours", "test"),
        start=timezone.now() - timedelta(hours=3),
        awaiting=kcell,
    )
    first = send_deadline_reminders()
    assert first.created["overdue"] == 1 and first.sent == 1
    send_deadline_reminders()
    notices = Notice.objects.filter(event=NoticeEvent.REMINDER)
    assert sorted(n.organisation.pk for n in notices) == sorted([kcell.pk, report.addressee_id])
    assert all(n.deadline == deadline and n.due == deadline.due for n in notices)
    assert not NoticeEmail.objects.exists()
    reminder = DeadlineReminder.objects.get()
    assert all(n.reminder == reminder for n in notices)
    assert "test.inbox" not in what_happened(notices[0])


def test_the_reminder_skips_a_member_who_switched_email_off(world, report):
    from cases.rules import DeadlineRule
    from cases.services import open_deadline

    kcell_user = world["users"]["kcell"]
    services.set_email_preference(user=kcell_user, email=False)
    open_deadline(
        report,
        DeadlineRule("test.inbox", 1, "hours", "test"),
        start=timezone.now() - timedelta(hours=3),
        awaiting=world["organisations"]["kcell"],
    )
    send_deadline_reminders()
    assert all(kcell_user.email not in m.bcc + m.to for m in mail.outbox)
