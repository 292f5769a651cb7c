"""Who sees what, and the API of the database operator and the mobile operators
(``/api/v1/device-demands/``, token auth, OpenAPI)."""

import pytest
from rest_framework.test import APIClient

from cases.devices.models import DemandDevice, DeviceDemand, DeviceServiceState, DeviceStatus
from registries.models import Organisation, UserProfile
from registries.roles import OrganisationKind, Role
from registries.security import issue_api_token

from .factories import advance, bad_luhn, create_demand, make_imei, make_phone

pytestmark = pytest.mark.django_db
URL = "/api/v1/device-demands/"


def client_for(user):
    client = APIClient()
    _record, token = issue_api_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def other_penitentiary(demo):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from registries.demo import bin_from_prefix

    org = Organisation.objects.create(kind=OrganisationKind.PENITENTIARY, name_kk="Басқа ҚАЖ органы", bin=bin_from_prefix("99034009901"))
    user = get_user_model().objects.create_user("pen2", password="x-Long-Password-1", is_staff=True)
    UserProfile.objects.create(user=user, organisation=org, role=Role.PENITENTIARY_OFFICER)
    user.groups.set([Group.objects.get(name=Role.PENITENTIARY_OFFICER)])
    return user


def test_visibility_by_organisation(demo, other_penitentiary):
    users = demo["users"]
    draft = create_demand(demo, operators=("kcell",))
    notified = advance(create_demand(demo, operators=("kcell", "beeline")), demo, to="notified")
    sent = advance(create_demand(demo, operators=("beeline",)), demo, to="sent")

    def demands(username):
        user = users.get(username) or other_penitentiary
        return set(DeviceDemand.objects.visible_to(user).values_list("pk", flat=True))

    assert demands("penitentiary") == {draft.pk, notified.pk, sent.pk}
    assert demands("imei_db") == {notified.pk, sent.pk}  # never drafts
    assert demands("kcell") == {notified.pk}  # only once notified, only with its devices
    assert demands("beeline") == {notified.pk}
    assert demands("officer") == {draft.pk, notified.pk, sent.pk}  # the authorised body
    assert demands("prosecutor_manager") == set()
    assert demands("sts") == set()
    assert DeviceDemand.objects.visible_to(other_penitentiary).count() == 0
    kcell_lines = DemandDevice.objects.visible_to(users["kcell"])
    assert set(kcell_lines.values_list("operator__name_kk", flat=True)) == {demo["organisations"]["kcell"].name_kk}


def test_mobile_operator_reads_only_its_devices_through_the_api(demo):
    demand = advance(create_demand(demo, operators=("kcell", "beeline", "kcell")), demo, to="notified")
    response = client_for(demo["users"]["kcell"]).get(URL)
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item["id"] == demand.pk and item["kind"] == "suspend"
    operators = {d["operator"] for d in item["devices"]}
    assert operators == {demo["organisations"]["kcell"].pk} and len(item["devices"]) == 2
    assert item["progress"] == {"executed": 0, "total": 2}
    # its own execution deadline only, not the database operator's nor beeline's
    assert {d["awaiting_organisation"] for d in item["deadlines"]} == {str(demo["organisations"]["kcell"])}
    assert all("Қағидалардың 20-4-тармағы" in d["citation"] for d in item["deadlines"])
    # the database operator sees everything of the demand
    full = client_for(demo["users"]["imei_db"]).get(f"{URL}{demand.pk}/").json()
    assert len(full["devices"]) == 3 and len(full["deadlines"]) == 4


@pytest.mark.parametrize("username", ["prosecutor_manager", "sts", "provider"])
def test_others_get_404(demo, username):
    demand = advance(create_demand(demo), demo, to="notified")
    client = client_for(demo["users"][username])
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{demand.pk}/").status_code == 404
    device = demand.devices.get()
    assert client.post(f"{URL}{demand.pk}/devices/{device.pk}/execute/").status_code == 404
    assert client.post(f"{URL}{demand.pk}/receive/").status_code == 404


def test_other_penitentiary_org_is_denied(demo, other_penitentiary):
    demand = create_demand(demo)
    client = client_for(other_penitentiary)
    assert client.get(f"{URL}{demand.pk}/").status_code == 404
    assert client.post(f"{URL}{demand.pk}/send/").status_code == 404
    demand.refresh_from_db()
    assert demand.state == "draft"


def test_unauthenticated_is_refused(demo):
    assert APIClient().get(URL).status_code in (401, 403)


def test_full_chain_through_the_api(demo):
    users, orgs = demo["users"], demo["organisations"]
    pen = client_for(users["penitentiary"])
    imeis = [make_imei(), make_imei()]
    response = pen.post(URL, {
        "kind": "suspend",
        "institution": "ЕЦ-166/1 мекемесі",
        "devices": [
            {"imei": imeis[0], "phone": "+7 701 111 22 33", "operator": orgs["kcell"].pk},
            {"imei": imeis[1], "phone": "87471112233"},
        ],
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    demand_id = body["id"]
    assert body["state"] == "draft" and body["signatory_name"] == orgs["penitentiary"].head_name
    sent = pen.post(f"{URL}{demand_id}/send/", {}, format="json")
    assert sent.status_code == 200 and sent.json()["state"] == "received"  # through the system: received when sent

    db = client_for(users["imei_db"])
    refused = db.post(f"{URL}{demand_id}/notify-operators/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "transition_refused"
    second = DemandDevice.objects.get(imei=imeis[1])
    ok = db.post(f"{URL}{demand_id}/devices/{second.pk}/operator/", {"operator": orgs["beeline"].pk}, format="json")
    assert ok.status_code == 200 and ok.json()["operator"] == orgs["beeline"].pk
    assert db.post(f"{URL}{demand_id}/notify-operators/", {}, format="json").json()["state"] == "notified"

    kcell = client_for(users["kcell"])
    assert kcell.post(f"{URL}{demand_id}/acknowledge/").json() == {"acknowledged": 1}
    first = DemandDevice.objects.get(imei=imeis[0])
    assert first.acknowledged_at is not None and second.acknowledged_at is None
    # kcell may not execute beeline's line
    assert kcell.post(f"{URL}{demand_id}/devices/{second.pk}/execute/", {}, format="json").status_code == 404
    done = kcell.post(f"{URL}{demand_id}/devices/{first.pk}/execute/", {"comment": "Тоқтатылды"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "executed"
    again = kcell.post(f"{URL}{demand_id}/devices/{first.pk}/execute/", {}, format="json")
    assert again.status_code == 409 and imeis[0] in again.json()["errors"][0]
    assert db.get(f"{URL}{demand_id}/").json()["progress"] == {"executed": 1, "total": 2}

    beeline = client_for(users["beeline"])
    assert beeline.post(f"{URL}{demand_id}/devices/{second.pk}/execute/", {}, format="json").status_code == 200
    assert db.get(f"{URL}{demand_id}/").json()["state"] == "executed"
    informed = db.post(f"{URL}{demand_id}/inform-requester/", {"answer": "Орындалды"}, format="json")
    assert informed.json()["state"] == "informed"

    states = pen.get("/api/v1/device-service-states/", {"imei": imeis[0]}).json()["results"]
    assert states[0]["status"] == "suspended" and states[0]["history"][0]["demand"] == demand_id
    assert beeline.get("/api/v1/device-service-states/", {"imei": imeis[0]}).json()["results"] == []


def test_create_errors_per_line_and_nothing_saved(demo):
    pen = client_for(demo["users"]["penitentiary"])
    good, bad = make_imei(), bad_luhn(make_imei())
    response = pen.post(URL, {
        "kind": "suspend",
        "institution": "ЕЦ-166/1",
        "devices": [{"imei": good, "phone": make_phone()}, {"imei": bad, "phone": "+7 717 274 00 00"}],
    }, format="json")
    assert response.status_code == 400
    rows = response.json()["devices"]
    assert rows[0] == {}
    assert bad in rows[1]["imei"][0] and bad in rows[1]["phone"][0]
    assert not DeviceDemand.objects.exists() and not DemandDevice.objects.exists()


@pytest.mark.parametrize("username", ["imei_db", "kcell", "prosecutor_reporter"])
def test_only_the_penitentiary_authority_creates(demo, username):
    response = client_for(demo["users"][username]).post(URL, {
        "kind": "suspend", "institution": "x", "devices": [{"imei": make_imei(), "phone": make_phone()}],
    }, format="json")
    assert response.status_code == 403
    assert not DeviceDemand.objects.exists()


def test_wrong_role_on_transition_is_403_and_changes_nothing(demo):
    demand = advance(create_demand(demo), demo, to="sent")
    response = client_for(demo["users"]["penitentiary"]).post(f"{URL}{demand.pk}/receive/", {}, format="json")
    assert response.status_code == 403
    demand.refresh_from_db()
    assert demand.state == "sent" and demand.received_at is None


def test_openapi_schema_lists_the_endpoints(demo):
    """The schema of this app's endpoints (generated from its own urlconf, so another app's
    schema problem cannot hide ours)."""
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=[path("api/v1/", include("cases.devices.api_urls"))]).get_schema(request=None, public=True)
    paths = schema["paths"]
    for route in (
        "/api/v1/device-demands/",
        "/api/v1/device-demands/{id}/send/",
        "/api/v1/device-demands/{id}/receive/",
        "/api/v1/device-demands/{id}/notify-operators/",
        "/api/v1/device-demands/{id}/inform-requester/",
        "/api/v1/device-demands/{id}/acknowledge/",
        "/api/v1/device-demands/{id}/devices/{device_id}/execute/",
        "/api/v1/device-service-states/",
    ):
        assert route in paths, route
    execute = paths["/api/v1/device-demands/{id}/devices/{device_id}/execute/"]["post"]
    token_schemes = {name for name, scheme in schema["components"]["securitySchemes"].items()
                     if scheme.get("in") == "header" and scheme.get("name") == "Authorization"}
    assert any(token_schemes & set(item) for item in execute["security"])  # the step is open to API tokens


def test_service_state_kept_per_imei(demo):
    demand = advance(create_demand(demo), demo, to="executed")
    device = demand.devices.get()
    assert device.status == DeviceStatus.EXECUTED
    assert DeviceServiceState.objects.get(imei=device.imei).device == device


def test_steps_document_their_real_answer(demo):
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=[path("api/v1/", include("cases.devices.api_urls"))]).get_schema(request=None, public=True)
    for step in ("send", "withdraw", "receive", "notify-operators", "inform-requester"):
        responses = schema["paths"][f"/api/v1/device-demands/{{id}}/{step}/"]["post"]["responses"]
        assert responses["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/DeviceDemand"), step
        assert {"400", "403", "409"} <= set(responses), step


def test_the_execution_route_documents_its_answer_and_the_real_time(demo):
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(patterns=[path("api/v1/", include("cases.devices.api_urls"))]).get_schema(request=None, public=True)
    execute = schema["paths"]["/api/v1/device-demands/{id}/devices/{device_id}/execute/"]["post"]
    assert execute["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/DemandDevice")
    assert {"400", "403", "404", "409"} <= set(execute["responses"])
    assert "occurred_at" in schema["components"]["schemas"]["RecordedAfterwardsInput"]["properties"]


def test_deadlines_use_the_shared_serializer(demo):
    demand = advance(create_demand(demo), demo, to="received")
    deadlines = client_for(demo["users"]["imei_db"]).get(f"{URL}{demand.pk}/").json()["deadlines"]
    assert {"id", "outcome", "awaiting_organisation"} <= set(deadlines[0])


def test_a_restoration_cannot_refer_to_another_organisations_line(demo, other_penitentiary):
    """The suspension a restoration refers to is looked up among the lines the caller may see:
    another authority's line id is unknown, and its IMEI is not revealed."""
    imei = make_imei()
    suspended = advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}]),
                        demo, to="executed")
    line = suspended.devices.get()
    response = client_for(other_penitentiary).post(URL, {
        "kind": "restore", "institution": "x", "devices": [{"imei": make_imei(), "phone": make_phone(), "suspension": line.pk}],
    }, format="json")
    assert response.status_code == 400 and imei not in response.content.decode()
    assert "suspension" in str(response.json()["devices"])  # the line id is unknown to this caller
    assert DeviceDemand.objects.count() == 1
