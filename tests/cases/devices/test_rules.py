"""The act's rules on the lines of a demand (seed 000, ch. 3-1; Appendix): every error names the
line and the IMEI; nothing is half-saved."""

import pytest
from django.core.exceptions import ValidationError

from cases.devices import services
from cases.devices.models import DemandDevice, DemandKind, DeviceDemand, DeviceStatus

from .factories import advance, bad_luhn, create_demand, make_imei, make_phone

pytestmark = pytest.mark.django_db


def _lines_error(demo, kind, lines):
    with pytest.raises(services.LinesInvalid) as info:
        create_demand(demo, kind=kind, lines=lines)
    return info.value


def test_valid_lines_are_normalised(demo):
    imei = make_imei()
    demand = create_demand(demo, lines=[{"imei": f"{imei[:2]}-{imei[2:8]} {imei[8:]}", "phone": "8 (701) 234-56-78"}])
    device = demand.devices.get()
    assert (device.imei, device.phone, device.row) == (imei, "+77012345678", 1)
    assert demand.state == "draft"


def test_imei_with_wrong_luhn_digit_is_refused_naming_the_line(demo):
    good, bad = make_imei(), bad_luhn(make_imei())
    error = _lines_error(demo, DemandKind.SUSPEND, [{"imei": good, "phone": make_phone()}, {"imei": bad, "phone": make_phone()}])
    assert error.rows[0] == {}
    (message,) = error.rows[1]["imei"]
    assert "2" in message and bad in message and "Luhn" in message
    assert not DeviceDemand.objects.exists() and not DemandDevice.objects.exists()


@pytest.mark.parametrize("imei", ["35693803564380", "3569380356438099", "35693803564380A"])
def test_imei_must_have_15_digits(demo, imei):
    error = _lines_error(demo, DemandKind.SUSPEND, [{"imei": imei, "phone": make_phone()}])
    assert imei in error.rows[0]["imei"][0]


@pytest.mark.parametrize("phone", ["+77172740000", "+7 701 234 56", "+1 202 555 0100", "abc"])
def test_phone_must_be_a_kazakh_mobile(demo, phone):
    imei = make_imei()
    error = _lines_error(demo, DemandKind.SUSPEND, [{"imei": imei, "phone": phone}])
    assert imei in error.rows[0]["phone"][0]
    assert not DeviceDemand.objects.exists()


def test_duplicate_imei_in_one_demand_is_refused(demo):
    imei = make_imei()
    error = _lines_error(demo, DemandKind.SUSPEND, [{"imei": imei, "phone": make_phone()}, {"imei": imei, "phone": make_phone()}])
    assert error.rows[0] == {}
    assert "1" in error.rows[1]["imei"][0] and imei in error.rows[1]["imei"][0]


def test_imei_with_suspension_in_force_cannot_be_suspended_again(demo):
    imei = make_imei()
    first = advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}]), demo, to="executed")
    assert first.state == "executed"
    error = _lines_error(demo, DemandKind.SUSPEND, [{"imei": imei, "phone": make_phone()}])
    message = error.rows[0]["imei"][0]
    assert imei in message and f"№ {first.pk}" in message
    assert DeviceDemand.objects.count() == 1


def test_suspension_already_under_way_is_refused(demo):
    imei = make_imei()
    pending = advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}]), demo, to="received")
    error = _lines_error(demo, DemandKind.SUSPEND, [{"imei": imei, "phone": make_phone()}])
    assert f"№ {pending.pk}" in error.rows[0]["imei"][0]


def test_restoration_without_a_suspension_recorded_here_is_accepted_with_a_warning(demo):
    """p. 20-5: the restoration is made when the demand arrives (test_restoration_warning.py)."""
    imei = make_imei()
    demand = create_demand(demo, kind=DemandKind.RESTORE, lines=[{"imei": imei, "phone": make_phone()}])
    (warning,) = services.restoration_warnings(demand)
    assert imei in warning and "20-5" in warning


def test_restoration_of_a_suspension_not_yet_executed_is_refused(demo):
    imei = make_imei()
    demand = advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}]), demo, to="notified")
    suspension = demand.devices.get()
    error = _lines_error(demo, DemandKind.RESTORE, [{"imei": imei, "phone": make_phone(), "suspension": suspension}])
    assert imei in error.rows[0]["imei"][0]


def test_restoration_refers_to_the_executed_suspension_of_the_same_imei(demo):
    imei, other = make_imei(), make_imei()
    kcell = demo["organisations"]["kcell"]
    suspended = advance(create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell},
                                                   {"imei": other, "phone": make_phone(), "operator": kcell}]), demo, to="executed")
    line_other = suspended.devices.get(imei=other)
    # explicit reference to the suspension of another IMEI: refused
    error = _lines_error(demo, DemandKind.RESTORE, [{"imei": imei, "phone": make_phone(), "suspension": line_other}])
    assert other in error.rows[0]["imei"][0]
    # found automatically by IMEI
    restore = create_demand(demo, kind=DemandKind.RESTORE, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}])
    assert restore.devices.get().suspension == suspended.devices.get(imei=imei)
    # after the restoration is executed, the suspension is no longer in force
    advance(restore, demo, to="executed")
    assert services.suspension_in_force(imei) is None
    # restoring it again is not refused (suspended again on paper?): a warning
    again = create_demand(demo, kind=DemandKind.RESTORE, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}])
    assert again.devices.get().suspension is None and services.restoration_warnings(again)
    again.delete()
    # and it may be suspended again
    again = create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}])
    assert again.devices.get().status == DeviceStatus.PENDING


def test_lines_are_checked_again_when_sent(demo):
    """Two drafts for the same IMEI: the second one cannot be sent once the first is under way."""
    imei = make_imei()
    kcell = demo["organisations"]["kcell"]
    first = create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}])
    second = create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": kcell}])
    advance(first, demo, to="sent")
    from cases.services import TransitionRefused

    with pytest.raises(TransitionRefused) as info:
        services.device_demand_send(case=second, actor=demo["users"]["penitentiary"])
    assert imei in info.value.messages[0] and f"№ {first.pk}" in info.value.messages[0]
    second.refresh_from_db()
    assert second.state == "draft" and second.sent_at is None


def test_empty_demand_is_refused(demo):
    with pytest.raises(ValidationError):
        create_demand(demo, lines=[])


def test_errors_are_in_kazakh_in_the_kazakh_interface(demo):
    from django.utils import translation

    imei = bad_luhn(make_imei())
    with translation.override("kk"):
        error = _lines_error(demo, DemandKind.SUSPEND, [{"imei": imei, "phone": make_phone()}])
    assert error.rows[0]["imei"][0].startswith(f"1-жол (IMEI {imei})")


# --- one validator for the admin, the API and the services ------------------------------------


def _admin_add(client, demo, kind, lines):
    from django.urls import reverse

    data = {
        "kind": kind, "institution": "ЕЦ-166/1 мекемесі", "reference": "", "db_operator": demo["organisations"]["imei_db"].pk,
        "signatory_position": "Басшы", "signatory_name": "Сейітов Марат Әділбекұлы",
        "devices-TOTAL_FORMS": str(len(lines)), "devices-INITIAL_FORMS": "0", "devices-MIN_NUM_FORMS": "0",
        "devices-MAX_NUM_FORMS": "1000",
    }
    for i, (imei, phone) in enumerate(lines):
        data |= {f"devices-{i}-imei": imei, f"devices-{i}-phone": phone, f"devices-{i}-operator": demo["organisations"]["kcell"].pk}
    client.force_login(demo["users"]["penitentiary"])
    return client.post(reverse("admin:devices_devicedemand_add"), data)


def _api_add(demo, kind, lines):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(demo["users"]["penitentiary"])
    return client.post("/api/v1/device-demands/", {
        "kind": kind, "institution": "ЕЦ-166/1", "devices": [{"imei": imei, "phone": phone} for imei, phone in lines],
    }, format="json")


def test_admin_accepts_the_notations_the_api_accepts(client, demo):
    imei = make_imei()
    response = _admin_add(client, demo, "suspend", [(f"{imei[:2]}-{imei[2:8]} {imei[8:]}", "8 (701) 234-56-78")])
    assert response.status_code == 302, response.content.decode()[:2000]
    device = DemandDevice.objects.get()
    assert (device.imei, device.phone) == (imei, "+77012345678")


@pytest.mark.parametrize("case", ["duplicate", "restoration_under_way", "bad_phone"])
def test_the_same_line_error_in_the_admin_the_api_and_the_service(client, demo, case):
    imei = make_imei()
    kind, lines = {
        "duplicate": ("suspend", [(imei, make_phone()), (imei, make_phone())]),
        "restoration_under_way": ("restore", [(imei, make_phone())]),
        "bad_phone": ("suspend", [(imei, "+7 717 274 00 00")]),
    }[case]
    field = "phone" if case == "bad_phone" else "imei"
    row = len(lines) - 1
    if case == "restoration_under_way":
        advance(create_demand(demo, kind=DemandKind.RESTORE,
                              lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}]),
                demo, to="received")
    existing = set(DeviceDemand.objects.values_list("pk", flat=True))
    from django.utils import translation

    with translation.override("kk"):  # the language the admin and the API answer in
        service_error = _lines_error(demo, kind, [{"imei": i, "phone": p} for i, p in lines]).rows[row][field][0]
    assert service_error.startswith(f"{len(lines)}-жол (IMEI {imei})")
    assert _api_add(demo, kind, lines).json()["devices"][row][field] == [service_error]
    page = _admin_add(client, demo, kind, lines)
    assert page.status_code == 200
    formset = page.context["inline_admin_formsets"][0].formset
    assert formset.forms[row].errors[field] == [service_error]
    assert set(DeviceDemand.objects.values_list("pk", flat=True)) == existing
