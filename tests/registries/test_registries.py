from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from registries.demo import load_demo
from registries.models import LegalAct, Organisation, RegionalObject
from registries.roles import Role


@pytest.mark.django_db
def test_regional_objects_are_the_17_regions_and_3_cities():
    assert RegionalObject.objects.filter(kind="region").count() == 17
    assert set(RegionalObject.objects.filter(kind="city").values_list("code", flat=True)) == {"astana", "almaty", "shymkent"}


@pytest.mark.django_db
def test_five_seed_acts_loaded_and_seed_003_repealed():
    assert set(LegalAct.objects.filter(amends=None).values_list("code", flat=True)) == {"s000", "s001", "s002", "s003", "s004"}
    repealed = LegalAct.objects.get(code="s003")
    assert repealed.status == "repealed"
    assert "№ 196" in repealed.repealed_by and "№ 194" in repealed.repealed_by
    with pytest.raises(ValidationError) as exc:
        repealed.ensure_applicable(date(2026, 1, 1))
    assert exc.value.code == "legal_act_not_in_force"
    LegalAct.objects.get(code="s004").ensure_applicable(date(2026, 1, 1))


@pytest.mark.django_db
def test_act_refused_before_entry_into_force():
    """Seed 000 p. 4: "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң
    қолданысқа енгізіледі" — published on 5 November, in force on 16 November (publication + 11)."""
    act = LegalAct.objects.get(code="s000")
    act.published_on = date(2025, 11, 5)
    assert act.in_force_from == date(2025, 11, 16)
    assert act.refusal_reason(date(2025, 11, 15))
    assert act.refusal_reason(date(2025, 11, 16)) is None


@pytest.mark.django_db
def test_every_role_has_a_group_with_permissions():
    for role in Role:
        group = Group.objects.get(name=role.value)
        assert group.permissions.exists(), role


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    load_demo()
    count = Organisation.objects.count()
    load_demo()
    assert Organisation.objects.count() == count
    assert set(Organisation.objects.values_list("kind", flat=True)) >= {
        "AUTHORISED_BODY", "STATE_BODY", "STS", "PENITENTIARY", "IMEI_DB_OPERATOR", "MOBILE_OPERATOR",
        "SERVICE_PROVIDER", "COMPLAINT_BODY", "QUALITY_BODY",
    }


@pytest.mark.django_db
def test_organisation_with_wrong_bin_refused_in_kazakh(client, demo):
    client.force_login(demo["users"]["admin"])
    url = reverse("admin:registries_organisation_add")
    response = client.post(
        url,
        {
            "kind": "STATE_BODY", "name_kk": "Сынақ", "bin": "123456789012", "phone": "+7 717 274 00 00",
            "email": "not-an-email", "work_weekdays": "01234", "work_start": "09:00", "work_end": "18:00",
            "is_active": "on",
        },
        HTTP_ACCEPT_LANGUAGE="kk",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "bin" in errors and "email" in errors
    assert not Organisation.objects.filter(name_kk="Сынақ").exists()
    assert "БСН" in str(errors["bin"])


@pytest.mark.django_db
def test_state_body_sees_only_its_own_organisation_family(client, demo):
    client.force_login(demo["users"]["police_reporter"])
    orgs = demo["organisations"]
    visible = set(Organisation.objects.visible_to(demo["users"]["police_reporter"]))
    assert orgs["police"] in visible and orgs["police_almaty"] in visible
    assert orgs["prosecutor"] not in visible


@pytest.mark.django_db
def test_schedule_used_for_working_hours(demo):
    kcell = demo["organisations"]["kcell"]
    assert kcell.schedule.weekdays == frozenset(range(6))
    kcell.work_end = kcell.work_start
    with pytest.raises(ValidationError) as exc:
        kcell.full_clean()
    assert "work_end" in exc.value.message_dict
