"""The home page (admin index) as served: its sections, human labels only, the app list folded
below, and each viewer's own numbers (issue 19 item 1)."""

from datetime import timedelta

import pytest

from cases.rules import rule_label

from .conftest import NOW
from .factories import DeadlineFactory

pytestmark = pytest.mark.django_db

RULE = "s000.notify_suspend"


@pytest.fixture
def world(frozen, make_demand, demo):
    orgs = demo["organisations"]
    seen = make_demand()
    DeadlineFactory(
        case=seen,
        awaiting_organisation=orgs["imei_db"],
        rule_code=RULE,
        start=NOW - timedelta(days=1),
        due=NOW - timedelta(hours=1),
    )
    return {"seen": seen}


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_has_the_three_sections_and_the_app_list_folded_below(world, demo, client):
    html = _page(client, demo["users"]["officer"])
    order = [
        html.index(marker) for marker in ('id="my-queue"', 'id="open-cases"', 'id="urgent-cases"', 'id="home-apps"')
    ]
    assert order == sorted(order)
    assert '<details class="module home-apps" id="home-apps">' in html  # folded (no "open")
    assert "admin/css/home.css" in html
    assert 'id="recent-actions-module"' not in html  # no 260 px side column


def test_what_waits_shows_the_rule_label_and_links_to_the_case(world, demo, client):
    html = _page(client, demo["users"]["imei_db"])
    queue = html.split('id="my-queue"')[1].split("</section>")[0]
    assert rule_label(RULE) in queue and RULE not in html
    assert f'href="/admin/devices/devicedemand/{world["seen"].pk}/change/"' in queue
    assert "deadline-red" in queue


def test_states_are_shown_by_their_labels(world, demo, client, demand_model):
    html = _page(client, demo["users"]["penitentiary"])
    section = html.split('id="open-cases"')[1].split("</section>")[0]
    state = world["seen"].state
    label = str(dict(demand_model._meta.get_field("state").flatchoices)[state])
    assert f">{label}</a>" in section and f">{state}<" not in section
    assert f"state__exact={state}" in section


def test_another_organisation_sees_nothing_of_it(world, demo, client):
    html = _page(client, demo["users"]["kcell"])
    assert f"/admin/devices/devicedemand/{world['seen'].pk}/change/" not in html
    assert demo["organisations"]["imei_db"].name_kk not in html
    assert rule_label(RULE) not in html
    assert "Nothing waits for your organisation." in html or "home-empty" in html


def test_each_request_is_live(world, demo, client):
    """No cache: a deadline added between two requests is on the second page."""
    user = demo["users"]["imei_db"]
    _page(client, user)
    later = DeadlineFactory(
        case=world["seen"],
        awaiting_organisation=demo["organisations"]["imei_db"],
        rule_code="s000.inform_requester",
        start=NOW,
        due=NOW + timedelta(hours=2),
    )
    assert rule_label(later.rule_code) in _page(client, user)
