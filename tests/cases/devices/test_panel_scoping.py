"""A mobile operator reads on a demand's page only its own terms (seed 000 p. 20-4 / 20-8: each
operator's 3 working hours run in its own schedule) — in the deadlines panel and in the legal-path
panel alike, as in the API."""

import pytest
from django.urls import reverse

from cases.devices.models import DeviceDemand
from cases.models import Deadline
from registries.demo import load_full_demo


def demand_with_two_operators_terms(kcell, beeline):
    for demand in DeviceDemand.objects.all():
        awaiting = set(Deadline.objects.for_case(demand).open().values_list("awaiting_organisation", flat=True))
        if {kcell.pk, beeline.pk} <= awaiting:
            return demand
    return None


@pytest.mark.django_db
def test_an_operator_sees_only_its_own_terms_on_the_demand_page(client):
    world = load_full_demo()
    beeline = world["organisations"]["beeline"]
    kcell = world["organisations"]["kcell"]
    demand = demand_with_two_operators_terms(kcell, beeline)
    assert demand is not None, "the demo has a demand awaiting two operators"
    client.force_login(world["users"]["kcell"])
    html = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk])).content.decode()
    assert str(kcell) in html
    assert str(beeline) not in html  # neither its term nor its name on the page
    client.force_login(world["users"]["imei_db"])
    html = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk])).content.decode()
    assert str(kcell) in html and str(beeline) in html
