from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Deadline
from cases.rules import DeadlineRule
from cases.services import meet_deadlines, open_deadline

ALMATY = ZoneInfo("Asia/Almaty")
RULE = DeadlineRule("test.three_days", 3, "working_days", "Бұйрық № 267-НҚ (seed 004), 5-т.")


@pytest.mark.django_db
def test_open_deadline_computes_due_with_citation(demo):
    case = demo["organisations"]["prosecutor"]  # any model instance serves as the "case"
    start = datetime(2026, 3, 20, 10, 0, tzinfo=ALMATY)  # Friday before Nauryz
    deadline = open_deadline(case, RULE, start=start, awaiting=demo["organisations"]["info_committee"])
    assert deadline.citation.startswith("Бұйрық № 267-НҚ")
    # 23–25 March holidays, 21–22 weekend → 26, 27, 30 March; due 30 March 18:00
    assert deadline.due == datetime(2026, 3, 30, 18, 0, tzinfo=ALMATY)


@pytest.mark.django_db
def test_overdue_and_due_within_are_one_query_each(demo):
    case = demo["organisations"]["prosecutor"]
    now = datetime(2026, 11, 24, 12, 0, tzinfo=ALMATY)
    past = open_deadline(case, DeadlineRule("t.past", 1, "hours", "x"), start=now - timedelta(hours=3))
    soon = open_deadline(case, DeadlineRule("t.soon", 2, "hours", "x"), start=now)
    later = open_deadline(case, DeadlineRule("t.later", 30, "days24", "x"), start=now)
    with CaptureQueriesContext(connection) as queries:
        overdue = list(Deadline.objects.overdue(now))
        within = list(Deadline.objects.due_within(timedelta(days=1), now))
    assert len(queries) == 2
    assert overdue == [past]
    assert within == [soon]
    assert later not in within

    meet_deadlines(case, DeadlineRule("t.past", 1, "hours", "x"), at=now)
    assert not Deadline.objects.overdue(now).exists()
    assert list(Deadline.objects.met_late()) == [Deadline.objects.get(pk=past.pk)]


@pytest.mark.django_db
def test_a_term_whose_start_is_unknown_is_never_shown_as_running(demo):
    """Seed 004 Appendix 2: the six hours run "хабарламаны алған сәттен бастап"; until the receipt
    is recorded its start is unknown, so no term runs (none is open, due soon or overdue) — the step
    that records the receipt opens it. An omitted start still means "now"."""
    case = demo["organisations"]["prosecutor"]
    rule = DeadlineRule("t.unknown_start", 6, "hours", "x")

    assert open_deadline(case, rule, start=None, awaiting=demo["organisations"]["info_committee"]) is None

    later = datetime(2030, 1, 1, tzinfo=ALMATY)
    assert not Deadline.objects.filter(rule_code="t.unknown_start").exists()
    assert not Deadline.objects.overdue(later).exists()
    assert not Deadline.objects.due_within(timedelta(days=3650), datetime(2026, 1, 1, tzinfo=ALMATY)).exists()
    assert open_deadline(case, rule).start is not None  # the default start: the moment the step runs
