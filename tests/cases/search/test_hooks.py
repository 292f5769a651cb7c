"""Each procedure's hook finds its records by what identifies them — and only among the records
the user's organisation may see: another organisation's user finds nothing by the exact number,
IMEI, phone or IIN (registries.scoping)."""

import pytest

from cases.devices.choices import DeviceStatus
from cases.search.query import parse
from cases.search.registry import GROUP_LIMIT, run_search
from tests.cases.devices.factories import advance, create_demand, make_imei, make_phone
from tests.cases.egov.factories import IIN, ServiceRequestFactory, make_provider, make_user
from tests.cases.platforms.factories import PlatformCaseFactory
from tests.cases.violations.factories import complete_report

pytestmark = pytest.mark.django_db


# --- notifications (seed 001) ------------------------------------------------------------------


@pytest.fixture
def report(demo):
    return complete_report(demo, facts=(("domain", "qazaq-shop.example.kz"), ("url", "https://bad.example.kz/p/1")))


def test_a_notification_by_number_domain_and_url(find, report):
    label = str(report)
    for term in (str(report.pk), "qazaq-shop.example.kz", "https://bad.example.kz/p/1"):
        assert label in find("prosecutor_reporter", term)["violations"], term
        assert label in find("officer", term)["violations"], term


def test_another_state_body_finds_no_notification_by_its_number_or_domain(find, report):
    for term in (str(report.pk), "qazaq-shop.example.kz"):
        assert "violations" not in find("police_reporter", term)
        assert "violations" not in find("kcell", term)  # no view permission either


# --- device demands (seed 000 ch. 3-1) --------------------------------------------------------


@pytest.fixture
def demand(demo):
    imei, phone = make_imei(), make_phone()
    demand = create_demand(demo, lines=[{"imei": imei, "phone": phone, "operator": demo["organisations"]["kcell"]}])
    advance(demand, demo, to="notified")
    demand.line_imei, demand.line_phone = imei, phone
    return demand


def test_a_device_line_by_imei_and_phone_for_its_operator(find, demand):
    for term in (demand.line_imei, demand.line_phone, "8" + demand.line_phone[2:]):
        for username in ("kcell", "penitentiary", "imei_db", "officer"):
            found = find(username, term)
            assert any(demand.line_imei in label for label in found["devices"]), (username, term)


def test_a_demand_by_its_number(find, demand):
    label = f"№ {demand.pk} {demand.get_kind_display()}"
    assert label in find("penitentiary", str(demand.pk))["devices"]
    assert label in find("kcell", str(demand.pk))["devices"]


def test_another_operator_finds_no_line_by_imei_phone_or_number(find, demand):
    for term in (demand.line_imei, demand.line_phone, str(demand.pk)):
        assert "devices" not in find("beeline", term), term
        assert "devices" not in find("prosecutor_reporter", term), term


def test_a_line_not_yet_notified_is_not_found_by_its_operator(find, demo):
    imei = make_imei()
    create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}])
    assert "devices" not in find("kcell", imei)
    assert "devices" in find("penitentiary", imei)


# --- the e-gov service (seed 002) ---------------------------------------------------------------


@pytest.fixture
def service_request(demo):
    return ServiceRequestFactory(provider=demo["organisations"]["gov_for_citizens"], created_by=demo["users"]["provider"])


def _details(demo, username, term):
    return [
        hit.detail
        for procedure in run_search(parse(term), demo["users"][username])
        for group in procedure.groups
        for hit in group.hits
        if procedure.app_label == "egov"
    ]


def test_a_request_by_number_iin_and_phone(find, service_request):
    label = f"№ {service_request.request_number}"
    for term in (service_request.request_number, IIN, "+7 701 123 56 78"):
        assert label in find("provider", term)["egov"], term
        assert label in find("officer", term)["egov"], term


def test_the_iin_is_masked_where_the_list_masks_it(demo, service_request):
    """Only the provider's staff see IIN and phone in full in lists (cases.egov.privacy)."""
    assert _details(demo, "provider", IIN) == [f"{IIN} · +77011235678"]
    assert _details(demo, "officer", IIN) == [f"{IIN[:4]}******{IIN[-2:]} · +7701***5678"]


def test_another_provider_finds_no_request_by_number_iin_or_phone(demo, service_request):
    stranger = make_user("other_provider_staff", make_provider(), "service_provider")
    for term in (service_request.request_number, IIN, "+77011235678"):
        assert run_search(parse(term), stranger) == [], term
    for username in ("complaints", "kcell"):
        assert run_search(parse(IIN), demo["users"][username]) == []


# --- online platforms (seed 004) -------------------------------------------------------------


def test_a_platform_case_by_number_and_platform_name(find, demo):
    case = PlatformCaseFactory(organisation=demo["organisations"]["info_committee"], platform__name="Qazaq Tube",
                               platform__website="https://www.qazaqtube.example.com")
    for term in (str(case.pk), "qazaq tu", "https://qazaqtube.example.com/watch?v=1"):
        assert f"№ {case.pk}: Qazaq Tube" in find("officer", term)["platforms"], term
    assert "Qazaq Tube" in find("officer", "Qazaq")["registries"]
    for term in (str(case.pk), "Qazaq Tube"):
        assert "platforms" not in find("sts", term)  # not addressed to the STS
        assert "platforms" not in find("police_reporter", term)
    assert "registries" not in find("police_reporter", "Qazaq")  # the platforms' register is the body's


# --- letters ------------------------------------------------------------------------------------


def test_a_letter_by_its_register_number_and_its_beginning(find, demo):
    from forms_kz.services import issue_letter
    from tests.forms_kz.factories import make_draft

    letter = issue_letter(make_draft(demo, "s004-app1"), by=demo["users"]["officer"])
    number = letter.register_number
    organisation, year, sequence = number.split("/")[0], number.split("/")[1], int(number.split("/")[2])
    for term in (number, f"{organisation.lower()}/{year}/{sequence}", f"{organisation}/{year}"):
        assert f"№ {number}" in find("officer", term)["forms_kz"], term
    assert "forms_kz" not in find("prosecutor_manager", number)
    assert "forms_kz" not in find("provider", number)


# --- organisations, the cap ---------------------------------------------------------------------


def test_an_organisation_by_bin_only_where_it_is_visible(find, demo):
    prosecutor, police = demo["organisations"]["prosecutor"], demo["organisations"]["police"]
    assert str(prosecutor) in find("prosecutor_manager", prosecutor.bin)["registries"]
    assert str(police) in find("officer", police.bin)["registries"]
    assert "registries" not in find("prosecutor_manager", police.bin)  # another body
    assert "registries" not in find("police_reporter", police.bin)  # no view permission


def test_a_group_shows_at_most_the_limit_and_links_to_the_list(demo):
    platform_cases = [PlatformCaseFactory(organisation=demo["organisations"]["info_committee"], platform__name=f"Capped {i}")
                      for i in range(GROUP_LIMIT + 2)]
    (procedure,) = [p for p in run_search(parse("Capped"), demo["users"]["officer"]) if p.app_label == "platforms"]
    (group,) = procedure.groups
    assert len(group.hits) == GROUP_LIMIT and group.total == len(platform_cases) and group.more == 2
    assert group.list_url == "/admin/platforms/platformcase/?q=Capped"


def test_a_row_shows_the_state_label_never_the_code(demo, demand):
    (procedure,) = [p for p in run_search(parse(demand.line_imei), demo["users"]["kcell"]) if p.app_label == "devices"]
    (hit,) = [hit for group in procedure.groups for hit in group.hits]
    assert hit.state == str(DeviceStatus.NOTIFIED.label) and hit.state != DeviceStatus.NOTIFIED
    assert hit.url == f"/admin/devices/devicedemand/{demand.pk}/change/"


def test_procedures_come_before_the_registries(demo):
    PlatformCaseFactory(organisation=demo["organisations"]["info_committee"], platform__name="Ordered Tube")
    labels = [procedure.app_label for procedure in run_search(parse("Ordered"), demo["users"]["officer"])]
    assert labels == ["platforms", "registries"]


def test_an_imei_shows_its_state_of_service_to_whom_may_see_it(demo, find):
    from cases.devices.models import DeviceServiceState

    imei = make_imei()
    demand = create_demand(demo, lines=[{"imei": imei, "phone": make_phone(), "operator": demo["organisations"]["kcell"]}])
    advance(demand, demo, to="executed")
    state = DeviceServiceState.objects.get(imei=imei)
    (procedure,) = [p for p in run_search(parse(imei), demo["users"]["kcell"]) if p.app_label == "devices"]
    titles = {group.title: group.hits for group in procedure.groups}
    (hit,) = titles[str(DeviceServiceState._meta.verbose_name_plural).capitalize()]
    assert hit.state == state.get_status_display() and hit.url.endswith(f"/deviceservicestate/{state.pk}/change/")
    assert "devices" not in find("beeline", imei)


@pytest.mark.postgres
def test_a_kazakh_name_is_found_whatever_its_case(demo, find):
    """PostgreSQL upper-cases Cyrillic (Kazakh letters too) for the case-insensitive prefix."""
    prosecutor = demo["organisations"]["prosecutor"]
    assert str(prosecutor) in find("prosecutor_manager", "қазақстан республикасы бас")["registries"]
