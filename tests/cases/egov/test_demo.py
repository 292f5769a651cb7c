"""The demo of seed 002 covers every state of a complaint (one at the service-quality authority)
and every result of a request, built through the services with past times."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.egov.models import Complaint, ComplaintState, ServiceRequest
from cases.egov.steps import RefusalGround, Result
from cases.models import Deadline, TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    """The demo organisations and users with this app's demo only."""
    from cases.egov import demo as egov_demo

    egov_demo.load(demo)
    return demo


def test_every_complaint_state_has_a_demo_complaint_after_the_full_demo():
    from registries.demo import load_full_demo

    load_full_demo()
    assert set(Complaint.objects.values_list("state", flat=True)) == set(ComplaintState.values)
    # on its way to the service-quality authority: its 15 working days have not started (p. 10 para 6)
    on_its_way = Complaint.objects.get(state=ComplaintState.FORWARDED, reviewing_body__kind="QUALITY_BODY")
    assert not Deadline.objects.for_case(on_its_way).open().exists()
    registered = Complaint.objects.get(state=ComplaintState.REGISTERED_BY_AUTHORITY)
    term = Deadline.objects.for_case(registered).open().get()
    assert term.awaiting_organisation == registered.reviewing_body and term.start == registered.authority_registered_at


def test_every_result_and_refusal_ground_has_a_demo_request(world):
    assert set(ServiceRequest.objects.values_list("result", flat=True)) == set(Result.values)
    assert set(ServiceRequest.objects.exclude(refusal_ground="").values_list("refusal_ground", flat=True)) == set(
        RefusalGround.values
    )
    assert ServiceRequest.objects.over_term().exists() and ServiceRequest.objects.within().exists()


def test_demo_is_built_through_the_services_in_the_past(world):
    now = timezone.now()
    for complaint in Complaint.objects.all():
        assert complaint.received_at < complaint.registered_at < now
        assert Deadline.objects.for_case(complaint).exists(), complaint  # registration opened its term
        if complaint.state != ComplaintState.REGISTERED:
            assert TransitionLog.objects.filter(object_id=complaint.pk, target=complaint.state).exists()
    satisfied = Complaint.objects.get(state=ComplaintState.SATISFIED)
    assert satisfied.satisfied_at < now - timedelta(days=1)
    forwarded = TransitionLog.objects.filter(transition="forward")
    assert forwarded.exists() and all(log.recorded_afterwards and log.at < log.entered_at for log in forwarded)
    assert ServiceRequest.objects.filter(submitted_at__gte=now).count() == 0


def test_demo_loads_again_without_duplicates(world):
    from cases.egov import demo

    counts = (Complaint.objects.count(), ServiceRequest.objects.count(), TransitionLog.objects.count())
    demo.load(world)
    assert (Complaint.objects.count(), ServiceRequest.objects.count(), TransitionLog.objects.count()) == counts


def test_the_complaint_list_filters_by_the_two_reviewing_bodies(world, client):
    client.force_login(world["users"]["provider"])
    page = client.get("/admin/egov/complaint/", {"body": "QUALITY_BODY"})
    assert page.status_code == 200
    shown = {complaint.pk for complaint in page.context["cl"].result_list}
    assert shown == set(Complaint.objects.filter(reviewing_body__kind="QUALITY_BODY").values_list("pk", flat=True))
    filters = page.content.decode()
    assert "?body=COMPLAINT_BODY" in filters and "?body=STS" not in filters
