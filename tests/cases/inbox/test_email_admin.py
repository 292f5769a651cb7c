"""The authorised body finds the notice e-mails that failed, reads why, and puts them back for the
next run; nobody else sees the list (it names every organisation's members' addresses)."""

import pytest
from django.urls import reverse

from cases.inbox.models import Notice, NoticeEmail
from cases.monitoring.models import ReminderState
from cases.violations import services as violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_email(world, report, steps):
    steps(violations.violation_report_submit, case=report, actor=world["users"]["prosecutor_reporter"])
    email = Notice.objects.get().emails.get()
    NoticeEmail.objects.filter(pk=email.pk).update(
        state=ReminderState.FAILED, attempts=5, last_error="SMTPRecipientsRefused: mailbox full"
    )
    return email


def test_the_supervisor_sees_the_failed_email_in_kazakh_and_retries_it(world, failed_email, client):
    client.force_login(world["users"]["supervisor"])
    url = reverse("admin:inbox_noticeemail_changelist")

    page = client.get(url, {"state__exact": "failed"}, HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    results = page[page.index('id="result_list"') : page.index("</table>", page.index('id="result_list"'))]
    assert "mailbox full" in results
    assert "бұзушылық туралы хабарлама" in results  # the procedure by its name, not its model code
    assert "violationreport" not in results
    response = client.post(url, {"action": "retry_now", "_selected_action": [failed_email.pk]})
    assert response.status_code == 302
    failed_email.refresh_from_db()
    assert (failed_email.state, failed_email.attempts) == (ReminderState.PENDING, 0)


def test_the_officer_reads_but_cannot_retry(world, failed_email, client):
    client.force_login(world["users"]["officer"])
    url = reverse("admin:inbox_noticeemail_changelist")

    assert client.get(url).status_code == 200
    client.post(url, {"action": "retry_now", "_selected_action": [failed_email.pk]})

    failed_email.refresh_from_db()
    assert failed_email.state == ReminderState.FAILED


@pytest.mark.parametrize("username", ["prosecutor_reporter", "kcell", "penitentiary"])
def test_no_one_outside_the_authorised_body_sees_the_list_or_a_row(world, failed_email, client, username):
    client.force_login(world["users"][username])

    assert client.get(reverse("admin:inbox_noticeemail_changelist")).status_code == 403
    assert client.get(reverse("admin:inbox_noticeemail_change", args=[failed_email.pk])).status_code in (403, 404)
