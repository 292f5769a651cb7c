"""The transition log and the deadline list read as people write: steps, states, rules and case
types by their labels, people by name -- never a transition, state or rule code, a login, or
"app | model" (nor every content type of the project offered as a filter)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from cases.models import Deadline, TransitionLog
from cases.rules import rule_label
from registries.people import person_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    """The full demo: a case at every stage of every procedure, with its steps and terms."""
    with override_settings(DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", stdout=io.StringIO())
    return {"users": {user.username: user for user in get_user_model().objects.all()}}


def results(page: str) -> str:
    start = page.index('id="result_list"')
    return page[start : page.index("</table>", start)]


def sidebar(page: str) -> str:
    start = page.index('id="changelist-filter"')
    return page[start : page.index("</nav>", start)]


def test_the_transition_log_names_steps_states_people_and_procedures(demo, client):
    client.force_login(demo["users"]["supervisor"])
    response = client.get(reverse("admin:cases_transitionlog_changelist"), HTTP_ACCEPT_LANGUAGE="kk")
    page = response.content.decode()
    log = next(log for log in response.context["cl"].result_list if log.by_id)
    model = log.content_type.model_class()

    table = results(page)
    codes = {log.transition for log in TransitionLog.objects.all()} | {
        value for log in TransitionLog.objects.all() for value in (log.source, log.target) if "_" in value
    }
    assert not [code for code in codes if "_" in code and re.search(rf"\b{re.escape(code)}\b", table)]
    assert str(dict(model._meta.get_field("state").flatchoices)[log.target]) in table
    assert person_label(log.by) in table
    assert ">officer<" not in table and " | " not in table
    assert "сеанс" not in sidebar(page).lower()  # no content types of sessions, groups … in the filter


def test_the_deadline_list_filters_rules_by_their_labels(demo, client):
    client.force_login(demo["users"]["supervisor"])
    code = Deadline.objects.values_list("rule_code", flat=True).first()

    page = client.get(reverse("admin:cases_deadline_changelist"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    filters = sidebar(page)
    assert rule_label(code) in filters
    assert f">{code}<" not in filters and code not in results(page).replace(f"rule_code__exact={code}", "")
    narrowed = client.get(reverse("admin:cases_deadline_changelist"), {"rule_code__exact": code})
    assert narrowed.status_code == 200
    assert set(narrowed.context["cl"].result_list.values_list("rule_code", flat=True)) == {code}


def test_a_deadline_and_a_log_entry_page_read_as_labels_with_a_link_to_the_case(demo, client):
    client.force_login(demo["users"]["supervisor"])
    deadline = Deadline.objects.select_related("content_type").first()
    log = TransitionLog.objects.select_related("content_type").exclude(source="").first()
    model = log.content_type.model_class()

    deadline_page = client.get(reverse("admin:cases_deadline_change", args=[deadline.pk])).content.decode()
    log_page = client.get(reverse("admin:cases_transitionlog_change", args=[log.pk])).content.decode()

    assert rule_label(deadline.rule_code) in deadline_page and deadline.rule_code not in deadline_page
    case_model = deadline.content_type.model_class()
    case_url = reverse(f"admin:{case_model._meta.app_label}_{case_model._meta.model_name}_change", args=[deadline.object_id])
    assert f'href="{case_url}"' in deadline_page
    states = dict(model._meta.get_field("state").flatchoices)
    assert str(states[log.source]) in log_page and str(states[log.target]) in log_page
    assert f">{log.transition}<" not in log_page and f": {log.transition}" not in log_page


def test_the_rule_filter_offers_the_procedures_rules_only():
    """A rule made on the fly (tests, a retired code) has no label: it is not offered as a filter."""
    from cases.admin import RuleFilter
    from cases.rules import DeadlineRule, declared_rules

    DeadlineRule("t.unlabelled", 1, "working_days", "test")
    offered = dict(RuleFilter.lookups(None, None, None))

    assert "t.unlabelled" not in offered
    assert {code for code, rule in declared_rules().items() if rule.label} == set(offered)
