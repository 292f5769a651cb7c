from datetime import datetime, timedelta

import pytest
from django.contrib.admin import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.models import Deadline
from cases.monitoring.badges import badge_colour, deadline_badge, with_next_deadline
from cases.monitoring.filters import DeadlineStatusFilter, filter_by_deadline_status
from cases.monitoring.status import windows

from .conftest import ALMATY, NOW
from .factories import DeadlineFactory

pytestmark = pytest.mark.django_db


def test_windows_use_the_local_day_and_the_next_working_day(frozen):
    win = windows()
    assert win.end_of_today == datetime(2026, 11, 25, 0, 0, tzinfo=ALMATY)
    assert win.soon_until == datetime(2026, 11, 25, 18, 0, tzinfo=ALMATY)  # close of the next working day
    friday = windows(datetime(2026, 11, 27, 15, 0, tzinfo=ALMATY))
    assert friday.soon_until == datetime(2026, 11, 30, 18, 0, tzinfo=ALMATY)  # weekend skipped


@pytest.fixture
def four_cases(frozen, make_demand):
    overdue, today, soon, later, closed = (make_demand() for _ in range(5))
    DeadlineFactory(case=overdue, start=NOW - timedelta(days=3), due=NOW - timedelta(hours=1))
    DeadlineFactory(case=today, start=NOW - timedelta(hours=2), due=NOW + timedelta(hours=5))
    DeadlineFactory(case=soon, start=NOW, due=datetime(2026, 11, 25, 17, 0, tzinfo=ALMATY))
    DeadlineFactory(case=later, start=NOW, due=NOW + timedelta(days=20))
    DeadlineFactory(case=closed, start=NOW - timedelta(days=3), due=NOW - timedelta(days=1), met_at=NOW - timedelta(days=2))
    # a finished case: its deadline met and its state final (DeviceDemand.FINAL_STATES)
    type(closed).objects.filter(pk=closed.pk).update(state=type(closed).FINAL_STATES[0])
    return {"overdue": overdue, "today": today, "soon": soon, "later": later, "closed": closed}


def test_filter_selects_cases_by_their_deadlines_in_one_query(four_cases, demand_model):
    c = four_cases
    expected = {
        "overdue": {c["overdue"]},
        "due_today": {c["today"]},
        "due_soon": {c["today"], c["soon"]},
        "open": {c["overdue"], c["today"], c["soon"], c["later"]},
    }
    for status, cases in expected.items():
        with CaptureQueriesContext(connection) as queries:
            found = set(filter_by_deadline_status(demand_model.objects.all(), status))
        assert found == cases, status
        assert len(queries) == 1


def test_filter_ignores_other_procedures_deadlines_with_the_same_id(four_cases, demand_model, demo):
    # A deadline of another model whose object_id equals a demand's pk must not count.
    org = demo["organisations"]["kcell"]
    fresh = four_cases["later"]
    Deadline.objects.filter(object_id=fresh.pk).delete()
    DeadlineFactory(case=org, start=NOW - timedelta(days=3), due=NOW - timedelta(hours=1))
    Deadline.objects.filter(object_id=org.pk).update(object_id=fresh.pk)
    assert fresh not in filter_by_deadline_status(demand_model.objects.all(), "overdue")


def test_list_filter_on_a_changelist_and_unknown_values_are_ignored(four_cases, demand_model, demo):
    request = RequestFactory().get("/", {"deadline": "overdue"})
    request.user = demo["users"]["officer"]
    model_admin = site._registry.get(demand_model)
    flt = DeadlineStatusFilter(request, {"deadline": ["overdue"]}, demand_model, model_admin)
    assert [v for v, _ in flt.lookups(request, model_admin)] == ["overdue", "due_today", "due_soon", "open"]
    assert set(flt.queryset(request, demand_model.objects.all())) == {four_cases["overdue"]}
    bogus = DeadlineStatusFilter(request, {"deadline": ["drop table"]}, demand_model, model_admin)
    assert bogus.queryset(request, demand_model.objects.all()).count() == 5


def test_filter_works_on_the_deadline_changelist_too(four_cases):
    assert filter_by_deadline_status(Deadline.objects.all(), "overdue").count() == 1


def test_final_states_make_a_non_final_case_open(four_cases, demand_model, monkeypatch):
    states = set(demand_model.objects.values_list("state", flat=True))
    monkeypatch.setattr(demand_model, "FINAL_STATES", ("no-such-final-state",), raising=False)
    assert filter_by_deadline_status(demand_model.objects.all(), "open").count() == 5  # 'closed' too
    # a case in a final state is finished, whatever deadline it left open (the dashboard's rule)
    monkeypatch.setattr(demand_model, "FINAL_STATES", tuple(states), raising=False)
    assert filter_by_deadline_status(demand_model.objects.all(), "open").count() == 0


def test_badge_colours(frozen):
    start = NOW - timedelta(days=8)
    assert badge_colour(start, NOW - timedelta(minutes=1)) == "red"
    assert badge_colour(start, NOW + timedelta(hours=20)) == "amber"  # within one working day
    assert badge_colour(NOW - timedelta(days=90), NOW + timedelta(days=5)) == "amber"  # < 1/4 of the term left
    assert badge_colour(start, NOW + timedelta(days=8)) == "green"


def test_badges_cost_no_query_per_row(four_cases, demand_model):
    queryset = with_next_deadline(demand_model.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        rendered = {case.pk: str(deadline_badge(case)) for case in queryset}
    assert len(queries) == 1
    overdue = rendered[four_cases["overdue"].pk]
    assert "deadline-red" in overdue and "(Asia/Almaty, UTC+05:00)" in overdue and "24.11.2026 09:00" in overdue
    assert "267-НҚ" in overdue and "test.rule" in overdue
    assert "deadline-amber" in rendered[four_cases["today"].pk]
    assert "deadline-green" in rendered[four_cases["later"].pk]
    assert rendered[four_cases["closed"].pk] == "—"


def test_badge_without_annotation_picks_the_nearest_open_deadline(frozen, make_demand):
    case = make_demand()
    DeadlineFactory(case=case, rule_code="far", start=NOW, due=NOW + timedelta(days=30))
    DeadlineFactory(case=case, rule_code="near", start=NOW, due=NOW + timedelta(days=9))
    DeadlineFactory(case=case, rule_code="met", start=NOW, due=NOW + timedelta(days=1), met_at=NOW)
    html = str(deadline_badge(case))
    assert "near" in html and "far" not in html and "met" not in html


def test_the_badge_names_the_rule_never_its_code():
    """A changelist's badge shows the rule's label, not ``s004.warning_letter`` (issue 19: no raw code)."""
    from django.utils import translation

    from cases.monitoring.badges import render_badge
    from cases.platforms.rules import WARNING_LETTER

    with translation.override("kk"):
        html = render_badge(NOW + timedelta(days=5), NOW, WARNING_LETTER.code, "№ 267-НҚ", now=NOW)
        label = str(WARNING_LETTER.label)
    assert "s004.warning_letter" not in html
    assert label.split(" (")[0] in html
