"""The next actor is told: a step's notice goes to the organisation that must act, scoped to it;
read marks are per user (seed 001 p. 8-11 for the violation-report steps used here)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.inbox import selectors, services
from cases.inbox.models import Notice, NoticeEvent
from cases.models import Deadline
from cases.violations import services as violations

pytestmark = pytest.mark.django_db


def submit(steps, report, world):
    steps(violations.violation_report_submit, case=report, actor=world["users"]["prosecutor_reporter"])


def test_submission_tells_the_authorised_body_and_nobody_else(world, report, steps):
    submit(steps, report, world)
    notice = Notice.objects.get()
    assert notice.organisation == world["organisations"]["info_committee"]
    assert (notice.event, notice.transition, notice.object_id) == (NoticeEvent.STEP, "submit", report.pk)
    assert notice.by == world["users"]["prosecutor_reporter"] and notice.due is None
    assert selectors.unread_count(world["users"]["officer"]) == 1
    assert selectors.unread_count(world["users"]["supervisor"]) == 1
    assert selectors.unread_count(world["users"]["prosecutor_reporter"]) == 0
    assert selectors.unread_count(world["users"]["kcell"]) == 0
    assert not selectors.notices_for(world["users"]["kcell"]).exists()


def test_a_step_before_the_commit_tells_nobody(world, report):
    """Not committed (the test's transaction never commits): no notice is written."""
    violations.violation_report_submit(case=report, actor=world["users"]["prosecutor_reporter"])
    assert not Notice.objects.exists()


def test_return_for_completion_tells_the_reporting_body(world, report, steps):
    submit(steps, report, world)
    steps(
        violations.violation_report_return_for_completion,
        case=report,
        actor=world["users"]["officer"],
        missing="Скриншот толық емес",
    )
    notice = Notice.objects.get(transition="return_for_completion")
    assert notice.organisation == world["organisations"]["prosecutor"]
    assert selectors.unread_count(world["users"]["prosecutor_reporter"]) == 1
    assert selectors.unread_count(world["users"]["prosecutor_manager"]) == 1


def test_the_terms_a_step_opens_name_the_next_actor_with_their_due(world, report):
    """Whatever the procedure's table says, the organisations awaiting the terms the step opened
    are told, each with its earliest due time; a met term tells nobody."""
    from cases.rules import DeadlineRule
    from cases.services import open_deadline

    kcell, beeline = world["organisations"]["kcell"], world["organisations"]["beeline"]
    rule = DeadlineRule("test.inbox", 3, "working_days", "test")
    step_began = timezone.now()
    first = open_deadline(report, rule, awaiting=kcell)
    open_deadline(report, rule, start=timezone.now() + timedelta(days=10), awaiting=kcell)
    met = open_deadline(report, rule, awaiting=beeline)
    Deadline.objects.filter(pk=met.pk).update(met_at=timezone.now())
    notices = services.notify_step(
        case=report, transition="take_into_review", by=world["users"]["officer"], opened_since=step_began
    )
    assert [(n.organisation, n.deadline, n.due) for n in notices] == [(kcell, first, first.due)]


def test_a_term_opened_by_an_earlier_step_is_not_announced_again(world, report):
    """A long term an organisation is already working to (opened and announced by an earlier step)
    does not bring it a notice at every later step of the case: its reminder points do that."""
    from cases.rules import DeadlineRule
    from cases.services import open_deadline

    kcell = world["organisations"]["kcell"]
    open_deadline(report, DeadlineRule("test.inbox", 6, "months", "test"), awaiting=kcell)
    step_began = timezone.now()

    notices = services.notify_step(
        case=report, transition="take_into_review", by=world["users"]["officer"], opened_since=step_began
    )

    assert notices == []
    assert selectors.unread_count(world["users"]["kcell"]) == 0


def test_the_acting_officials_own_organisation_is_told_but_the_actor_has_it_read(world, report):
    from cases.rules import DeadlineRule
    from cases.services import open_deadline

    committee = world["organisations"]["info_committee"]
    step_began = timezone.now()
    open_deadline(report, DeadlineRule("test.inbox", 1, "working_days", "test"), awaiting=committee)
    services.notify_step(
        case=report, transition="take_into_review", by=world["users"]["officer"], opened_since=step_began
    )
    assert selectors.unread_count(world["users"]["officer"]) == 0
    assert selectors.unread_count(world["users"]["supervisor"]) == 1


def test_the_list_shows_case_procedure_step_label_when_and_due(world, report, steps, client):
    submit(steps, report, world)
    client.force_login(world["users"]["officer"])
    page = client.get(reverse("inbox:list"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    notice = Notice.objects.get()
    assert reverse("inbox:open", args=[notice.pk]) in html
    assert str(report) in html
    label = selectors.what_happened(notice)
    assert label and label != "submit" and label in html
    assert str(report._meta.verbose_name) in html
    assert 'class="unread"' in html


def test_the_header_badge_counts_unread_with_one_query(world, report, steps, client):
    submit(steps, report, world)
    officer = world["users"]["officer"]
    client.force_login(officer)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="inbox-link"' in html and 'class="inbox-badge"' in html
    officer.refresh_from_db()
    officer.profile  # noqa: B018  (loaded, as every admin page already does for scoping)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.unread_count(officer) == 1
    assert len(queries) == 1


def test_another_organisation_sees_nothing_and_cannot_touch_the_notice(world, report, steps, client):
    submit(steps, report, world)
    notice = Notice.objects.get()
    client.force_login(world["users"]["kcell"])
    html = client.get(reverse("inbox:list")).content.decode()
    assert reverse("inbox:open", args=[notice.pk]) not in html
    assert 'class="inbox-badge"' not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("inbox:open", args=[notice.pk])).status_code == 404
    assert client.post(reverse("inbox:read", args=[notice.pk])).status_code == 404
    assert not notice.reads.exists()
    # the authorised body sees every case, yet an inbox is one's own organisation's only
    client.force_login(world["users"]["prosecutor_reporter"])
    assert client.get(reverse("inbox:open", args=[notice.pk])).status_code == 404


def test_opening_marks_read_for_that_user_only_and_goes_to_the_case(world, report, steps, client):
    submit(steps, report, world)
    notice = Notice.objects.get()
    client.force_login(world["users"]["officer"])
    response = client.get(reverse("inbox:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:violations_violationreport_change", args=[report.pk])
    assert selectors.unread_count(world["users"]["officer"]) == 0
    assert selectors.unread_count(world["users"]["supervisor"]) == 1


def test_mark_read_and_mark_all_read(world, report, steps, client):
    submit(steps, report, world)
    services.notify_step(case=report, transition="submit", opened_since=timezone.now())
    first, second = Notice.objects.order_by("pk")
    client.force_login(world["users"]["officer"])
    assert client.get(reverse("inbox:read", args=[first.pk])).status_code == 302  # GET changes nothing
    assert selectors.unread_count(world["users"]["officer"]) == 2
    client.post(reverse("inbox:read", args=[first.pk]), {"next": "https://evil.example.com/"})
    assert selectors.unread_count(world["users"]["officer"]) == 1
    response = client.post(reverse("inbox:read_all"))
    assert response.status_code == 302 and response["Location"] == reverse("inbox:list")
    assert selectors.unread_count(world["users"]["officer"]) == 0
    assert selectors.unread_count(world["users"]["supervisor"]) == 2
    # a notice arriving after "mark all read" is unread again
    services.notify_step(case=report, transition="submit", opened_since=timezone.now())
    assert selectors.unread_count(world["users"]["officer"]) == 1
    page = selectors.inbox_page(world["users"]["officer"])
    assert [n.is_read for n in page] == [False, True, True]


def test_a_user_without_an_organisation_has_no_inbox(world, client):
    admin = world["users"]["admin"]
    assert selectors.unread_count(admin) is None
    client.force_login(admin)
    assert 'id="inbox-link"' not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("inbox:list")).status_code == 200


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("inbox:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_failing_notice_never_undoes_or_breaks_the_step(world, report, steps, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("inbox down")

    monkeypatch.setattr("cases.inbox.services.notify_step", broken)
    submit(steps, report, world)
    report.refresh_from_db()
    assert report.state == "submitted" and not Notice.objects.exists()


def test_the_preferences_page_switches_email_off_and_on(world, client):
    from cases.inbox.models import InboxPreference

    officer = world["users"]["officer"]
    client.force_login(officer)
    page = client.get(reverse("inbox:preferences"))
    assert page.status_code == 200 and 'name="email"' in page.content.decode() and "checked" in page.content.decode()
    assert client.post(reverse("inbox:preferences"), {}).status_code == 302
    assert InboxPreference.objects.get(user=officer).email is False
    client.post(reverse("inbox:preferences"), {"email": "on"})
    assert InboxPreference.objects.get(user=officer).email is True
    assert reverse("inbox:preferences") in client.get(reverse("inbox:list")).content.decode()


def test_a_step_overtaken_in_the_same_transaction_tells_nobody(world, report, django_capture_on_commit_callbacks):
    """A batch (the demo, an import) taking several steps of one case in one transaction: only
    the last step tells, from where the case is when it commits."""
    with django_capture_on_commit_callbacks(execute=True):
        violations.violation_report_submit(case=report, actor=world["users"]["prosecutor_reporter"])
        violations.violation_report_return_for_completion(
            case=report, actor=world["users"]["officer"], missing="Скриншот толық емес"
        )
    assert list(Notice.objects.values_list("transition", "organisation")) == [
        ("return_for_completion", world["organisations"]["prosecutor"].pk)
    ]


def test_the_header_count_is_capped(world, report):
    for _ in range(3):
        services.notify_step(case=report, transition="submit", opened_since=timezone.now())
    officer = world["users"]["officer"]
    assert selectors.unread_count(officer) == 3
    assert selectors.unread_count(officer, cap=2) == 2
