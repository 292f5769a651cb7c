"""Seed 000 p. 20-5: "…қызмет көрсету жұмысын қалпына келтіру осы Қағидаларға қосымшаға сәйкес
нысан бойынша қылмыстық-атқару жүйесінің уәкілетті органынан тиісті талап келіп түскен кезде жүзеге
асырылады" — a restoration is made when the demand arrives. The act does not make it depend on a
suspension recorded in this system: a device suspended before the system existed, or on paper, is
restored all the same. The system warns (on the demand's page and in the API answer) that no
suspension of the IMEI is recorded; it does not refuse."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.devices import services
from cases.devices.models import DemandKind, DemandState, DeviceServiceState, ServiceStatus

from .factories import advance, create_demand, make_imei, make_phone

pytestmark = pytest.mark.django_db


def _restoration(demo, imei):
    return create_demand(demo, kind=DemandKind.RESTORE,
                         lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}])


def test_a_device_suspended_outside_the_system_is_restored(demo):
    imei = make_imei()
    demand = _restoration(demo, imei)
    assert demand.devices.get().suspension is None
    advance(demand, demo, to="executed")
    assert demand.state == DemandState.EXECUTED
    state = DeviceServiceState.objects.get(imei=imei)
    assert state.status == ServiceStatus.RESTORED


def test_the_warning_names_the_line_and_the_clause(demo):
    imei = make_imei()
    demand = _restoration(demo, imei)
    (warning,) = services.restoration_warnings(demand)
    assert imei in warning and "20-5" in warning


def test_a_restoration_of_a_suspension_recorded_here_carries_no_warning(demo):
    imei = make_imei()
    kcell = demo["organisations"]["kcell"]
    advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}]), demo, to="executed")
    demand = _restoration(demo, imei)
    assert demand.devices.get().suspension is not None
    assert services.restoration_warnings(demand) == []


def test_a_device_restored_here_and_suspended_again_on_paper_can_be_restored_again(demo):
    imei = make_imei()
    kcell = demo["organisations"]["kcell"]
    advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}]), demo, to="executed")
    advance(_restoration(demo, imei), demo, to="executed")
    again = _restoration(demo, imei)  # not refused
    assert services.restoration_warnings(again)
    advance(again, demo, to="executed")
    assert DeviceServiceState.objects.get(imei=imei).status == ServiceStatus.RESTORED


def test_a_restoration_already_under_way_is_still_refused(demo):
    imei = make_imei()
    advance(_restoration(demo, imei), demo, to="received")
    with pytest.raises(services.LinesInvalid) as refused:
        _restoration(demo, imei)
    assert imei in refused.value.rows[0]["imei"][0]


def test_the_api_answers_the_warning(demo):
    imei = make_imei()
    client = APIClient()
    client.force_authenticate(demo["users"]["penitentiary"])
    answer = client.post("/api/v1/device-demands/", {
        "kind": "restore", "institution": "ЕЦ-166/1", "devices": [{"imei": imei, "phone": make_phone()}],
    }, format="json")
    assert answer.status_code == 201, answer.content
    (warning,) = answer.json()["warnings"]
    assert imei in warning and "20-5" in warning
    detail = client.get(f"/api/v1/device-demands/{answer.json()['id']}/").json()
    assert detail["warnings"] == [warning]


def test_the_demand_page_shows_the_warning(client, demo):
    imei = make_imei()
    demand = _restoration(demo, imei)
    client.force_login(demo["users"]["penitentiary"])
    page = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk]))
    assert page.status_code == 200
    warnings = [str(m) for m in page.context["messages"] if m.level_tag == "warning"]
    assert any(imei in w and "20-5" in w for w in warnings)
