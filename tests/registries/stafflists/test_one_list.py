"""One import confirmation, one list: a state body has at most one list in progress (draft,
returned or awaiting review) per half-year (seed 001 p. 5: the list it forms and sends)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from registries.stafflists.models import StaffList
from registries.stafflists.services.importing import import_staff_list

from .factories import csv_bytes, make_list, person

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/stafflists/stafflist/import/"


def test_the_database_refuses_a_second_list_in_progress(demo):
    org = demo["organisations"]["prosecutor"]
    first = make_list(org, half_year="2026-H2")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_list(org, half_year="2026-H2")
    StaffList.objects.filter(pk=first.pk).update(state="withdrawn")
    make_list(org, half_year="2026-H2")  # a withdrawn list does not count


def test_the_admin_add_form_answers_the_field_not_a_500(demo, client, settings):
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False
    org = demo["organisations"]["prosecutor"]
    make_list(org, half_year="2026-H2")
    client.force_login(demo["users"]["prosecutor_manager"])
    response = client.post("/admin/stafflists/stafflist/add/", {"organisation": org.pk, "half_year": "2026-H2"})
    assert response.status_code == 200
    assert "half_year" in response.context["adminform"].form.errors
    assert StaffList.objects.filter(organisation=org).count() == 1


def test_a_double_click_on_confirm_answers_with_the_one_list(demo, client, settings):
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False
    org = demo["organisations"]["prosecutor"]
    client.force_login(demo["users"]["prosecutor_manager"])
    preview = client.post(IMPORT_URL, {
        "organisation": org.pk, "half_year": "2026-H2", "signatory_position": "Орынбасар", "signatory_name": "Әбдірахманов Д.",
        "import_file": SimpleUploadedFile("list.csv", csv_bytes([person(1), person(2)])),
    })
    token = preview.context["token"]
    first = client.post(IMPORT_URL, {"token": token})
    second = client.post(IMPORT_URL, {"token": token})
    staff_list = StaffList.objects.get(organisation=org)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url and second.url.endswith(f"/{staff_list.pk}/change/")


def _legal_acts_seeded():
    """A transactional test starts after an earlier one's flush: seed the legal acts as the
    migrations do (registries 0002, 0005, 0007) when they are gone."""
    from importlib import import_module

    from django.apps import apps

    from registries.models import LegalAct

    if LegalAct.objects.exists():
        return
    import_module("registries.migrations.0002_legal_acts_and_regions").load(apps, None)
    import_module("registries.migrations.0005_seed_acts_entry_into_force_and_seed_003_title").forwards(apps, None)
    import_module("registries.migrations.0007_seed_amending_acts").forwards(apps, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parallel_confirmations_make_one_list(demo):
    _legal_acts_seeded()
    org = demo["organisations"]["prosecutor"]
    data = csv_bytes([person(i) for i in range(1, 50)])
    barrier = threading.Barrier(2)
    lists, errors = [], []

    def worker():
        try:
            barrier.wait()
            result = import_staff_list(data, organisation=org, half_year="2026-H2", dry_run=False, file_name="a.csv")
            lists.append(result.staff_list.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert StaffList.objects.filter(organisation=org, half_year="2026-H2").count() == 1
    assert len(set(lists)) == 1
