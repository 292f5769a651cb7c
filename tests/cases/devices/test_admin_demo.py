"""The admin (Kazakh-first interface of the officials) and the demo data."""

import pytest
from django.urls import reverse

from cases.devices import demo as devices_demo
from cases.devices.models import DemandDevice, DeviceDemand, DeviceServiceState, DeviceStatus

from .factories import advance, bad_luhn, create_demand, make_imei, make_phone

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_mobile_operator_sees_only_its_devices_in_the_admin(client, demo):
    demand = advance(create_demand(demo, operators=("kcell", "beeline")), demo, to="notified")
    kcell_line = demand.devices.get(operator=demo["organisations"]["kcell"])
    beeline_line = demand.devices.get(operator=demo["organisations"]["beeline"])
    login(client, demo["users"]["kcell"])
    listing = client.get(reverse("admin:devices_demanddevice_changelist"))
    assert listing.status_code == 200
    assert kcell_line.imei in listing.content.decode() and beeline_line.imei not in listing.content.decode()
    page = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk]))
    assert page.status_code == 200
    assert kcell_line.imei in page.content.decode() and beeline_line.imei not in page.content.decode()
    assert client.get(reverse("admin:devices_demanddevice_change", args=[beeline_line.pk])).status_code in (302, 404)


@pytest.mark.parametrize("username", ["prosecutor_manager", "sts"])
def test_others_cannot_open_a_demand_in_the_admin(client, demo, username):
    demand = advance(create_demand(demo), demo, to="notified")
    login(client, demo["users"][username])
    response = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk]))
    assert response.status_code in (302, 403, 404)


def test_admin_action_marks_executed_and_shows_the_state_of_service(client, demo):
    demand = advance(create_demand(demo, operators=("kcell", "kcell")), demo, to="notified")
    lines = list(demand.devices.order_by("row"))
    login(client, demo["users"]["kcell"])
    response = client.post(reverse("admin:devices_demanddevice_changelist"),
                           {"action": "mark_executed", "_selected_action": [lines[0].pk]}, follow=True)
    assert response.status_code == 200
    lines[0].refresh_from_db()
    assert lines[0].status == DeviceStatus.EXECUTED
    demand.refresh_from_db()
    assert demand.state == "notified"  # partial
    state = DeviceServiceState.objects.get(imei=lines[0].imei)
    page = client.get(reverse("admin:devices_deviceservicestate_change", args=[state.pk])).content.decode()
    assert f"№ {demand.pk}" in page
    demand_page = client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk])).content.decode()
    assert "1 / 2" in demand_page


def test_admin_action_refused_to_the_database_operator(client, demo):
    demand = advance(create_demand(demo), demo, to="notified")
    line = demand.devices.get()
    login(client, demo["users"]["imei_db"])
    client.post(reverse("admin:devices_demanddevice_changelist"), {"action": "mark_executed", "_selected_action": [line.pk]})
    line.refresh_from_db()
    assert line.status == DeviceStatus.NOTIFIED


def _add_form(demo, lines):
    data = {
        "kind": "suspend",
        "institution": "ЕЦ-166/1 мекемесі",
        "reference": "",
        "db_operator": demo["organisations"]["imei_db"].pk,
        "signatory_position": "Басшы",
        "signatory_name": "Сейітов Марат Әділбекұлы",
        "devices-TOTAL_FORMS": str(len(lines)),
        "devices-INITIAL_FORMS": "0",
        "devices-MIN_NUM_FORMS": "0",
        "devices-MAX_NUM_FORMS": "1000",
    }
    for i, (imei, phone) in enumerate(lines):
        data[f"devices-{i}-imei"] = imei
        data[f"devices-{i}-phone"] = phone
        data[f"devices-{i}-operator"] = demo["organisations"]["kcell"].pk
    return data


def test_penitentiary_adds_a_demand_in_the_admin(client, demo):
    login(client, demo["users"]["penitentiary"])
    imei = make_imei()
    response = client.post(reverse("admin:devices_devicedemand_add"), _add_form(demo, [(imei, "+7 701 555 44 33")]))
    assert response.status_code == 302, response.content.decode()[:3000]
    demand = DeviceDemand.objects.get()
    assert demand.penitentiary == demo["organisations"]["penitentiary"]
    device = demand.devices.get()
    assert (device.imei, device.phone, device.row) == (imei, "+77015554433", 1)


def test_admin_add_with_bad_and_duplicate_lines_saves_nothing(client, demo):
    login(client, demo["users"]["penitentiary"])
    imei, bad = make_imei(), bad_luhn(make_imei())
    response = client.post(reverse("admin:devices_devicedemand_add"),
                           _add_form(demo, [(imei, make_phone()), (imei, make_phone()), (bad, make_phone())]))
    assert response.status_code == 200
    body = response.content.decode()
    assert bad in body and imei in body
    assert not DeviceDemand.objects.exists() and not DemandDevice.objects.exists()


def test_demo_loads_idempotently(demo):
    devices_demo.load(demo)
    devices_demo.load(demo)
    states = dict(DeviceDemand.objects.values_list("reference", "state"))
    assert len(states) == DeviceDemand.objects.count() == len(devices_demo.DEMO_DEMANDS)
    assert states | {
        "ҚАЖК-2026/0411": "informed",
        "ҚАЖК-2026/0438": "executed",
        "ҚАЖК-2026/0452": "notified",
        "ҚАЖК-2026/0460": "received",
    } == states
    assert DeviceServiceState.objects.get(imei="490154203237518").status == "restored"
    assert DeviceServiceState.objects.get(imei="356938035643809").status == "suspended"


def test_demand_letter_issued_on_send_and_hidden_from_mobile_operators(client, demo):
    from forms_kz.models import OutgoingLetter

    demand = advance(create_demand(demo, operators=("kcell", "beeline")), demo, to="notified")
    (letter,) = OutgoingLetter.objects.for_case(demand)
    assert letter.form_code == "s000-demand" and letter.register_number and letter.pdf
    assert [d["imei"] for d in letter.data["devices"]] == list(demand.devices.order_by("row").values_list("imei", flat=True))
    assert letter.organisation == demo["organisations"]["penitentiary"]
    login(client, demo["users"]["penitentiary"])
    assert letter.register_number in client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk])).content.decode()
    client.logout()
    login(client, demo["users"]["kcell"])
    assert letter.register_number not in client.get(reverse("admin:devices_devicedemand_change", args=[demand.pk])).content.decode()


def test_the_full_demo_has_a_demand_in_every_state_built_in_the_past(db):
    from django.utils import timezone

    from cases.devices.models import DemandState
    from cases.models import TransitionLog
    from registries.demo import load_full_demo

    world = load_full_demo()
    load_full_demo()  # idempotent
    assert set(DeviceDemand.objects.values_list("state", flat=True)) == set(DemandState.values)
    # one half-executed: a line executed by Kcell, Kcell's other line and Beeline's line pending
    half = DeviceDemand.objects.get(reference="ҚАЖК-2026/0452")
    lines = {(d.operator.name_kk, d.status) for d in half.devices.select_related("operator")}
    kcell, beeline = world["organisations"]["kcell"].name_kk, world["organisations"]["beeline"].name_kk
    assert lines == {(kcell, DeviceStatus.EXECUTED), (kcell, DeviceStatus.NOTIFIED), (beeline, DeviceStatus.NOTIFIED)}
    # built through the steps with their real (past) times
    logs = TransitionLog.objects.filter(content_type__model="devicedemand")
    assert logs.exists() and all(log.at < timezone.now() - timezone.timedelta(minutes=10) for log in logs)
    withdrawn = DeviceDemand.objects.get(state=DemandState.WITHDRAWN)
    assert withdrawn.withdrawal_reason
    informed = DeviceDemand.objects.get(state=DemandState.INFORMED)
    assert informed.answer and not any(d.is_overdue() for d in informed.deadlines.filter(rule_code="s000.inform_requester"))


def test_the_mobile_operator_sees_its_step_on_the_half_executed_demo_demand(client, db):
    from registries.demo import load_full_demo

    world = load_full_demo()
    half = DeviceDemand.objects.get(reference="ҚАЖК-2026/0452")
    login(client, world["users"]["kcell"])
    page = client.get(reverse("admin:devices_devicedemand_change", args=[half.pk]))
    assert [b["name"] for b in page.context["step_buttons"]] == ["execute_device"]


def test_the_mobile_operators_line_list_names_no_other_operator(client, demo):
    advance(create_demand(demo, operators=("kcell", "beeline")), demo, to="notified")
    login(client, demo["users"]["kcell"])
    listing = client.get(reverse("admin:devices_demanddevice_changelist")).content.decode()
    assert demo["organisations"]["beeline"].name_kk not in listing
    client.logout()
    login(client, demo["users"]["imei_db"])
    assert demo["organisations"]["beeline"].name_kk in client.get(reverse("admin:devices_demanddevice_changelist")).content.decode()


@pytest.mark.parametrize("username", ["kcell", "beeline", "imei_db", "penitentiary", "officer"])
def test_no_link_on_a_demand_page_answers_403(client, db, username):
    """Every link a user meets on the demand pages it may open works (read-only references to an
    organisation or a user it may not open are shown as text)."""
    import re

    from registries.demo import load_full_demo

    world = load_full_demo()
    user = world["users"][username]
    login(client, user)
    pages = [reverse("admin:devices_devicedemand_change", args=[d.pk]) for d in DeviceDemand.objects.visible_to(user)]
    pages += [reverse("admin:devices_demanddevice_change", args=[d.pk]) for d in DemandDevice.objects.visible_to(user)[:3]]
    assert pages
    seen = set()
    for page in pages:
        body = client.get(page).content.decode()
        content = body[body.index('id="content"'):]
        for href in set(re.findall(r'href="(/admin/[^"#?]*)"', content)) - seen:
            seen.add(href)
            status = client.get(href).status_code
            assert status in (200, 302), f"{username}: {href} from {page} answers {status}"
