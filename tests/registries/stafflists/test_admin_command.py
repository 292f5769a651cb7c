from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from registries.stafflists.models import StaffList, StaffListState

from .factories import csv_bytes, make_list, person, xlsx_bytes

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/stafflists/stafflist/import/"


def upload(client, org, data, name="list.csv"):
    return client.post(IMPORT_URL, {
        "organisation": org.pk, "half_year": "2026-H2", "signatory_position": "Орынбасар", "signatory_name": "Әбдірахманов Д.",
        "import_file": SimpleUploadedFile(name, data),
    })


def test_admin_preview_then_confirm(demo, client):
    org = demo["organisations"]["prosecutor"]
    make_list(org, state="accepted", half_year="2026-H1", emails=["user1@prokuror.kz", "old@prokuror.kz"])
    client.force_login(demo["users"]["prosecutor_manager"])
    response = upload(client, org, xlsx_bytes([person(1), person(2)]), "list.xlsx")
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.new_count, result.changed_count, result.dropped_count) == (1, 1, 1)
    assert StaffList.objects.filter(state="draft").count() == 0  # preview saves nothing
    token = response.context["token"]
    response = client.post(IMPORT_URL, {"token": token})
    staff_list = StaffList.objects.get(state="draft")
    assert response.status_code == 302 and response.url.endswith(f"/{staff_list.pk}/change/")
    assert staff_list.entry_count == 2 and staff_list.signatory_name == "Әбдірахманов Д."
    # the token is bound to the user who previewed
    client.force_login(demo["users"]["prosecutor_reporter"])
    assert client.post(IMPORT_URL, {"token": token}).status_code == 403


def test_admin_preview_shows_row_errors_in_kazakh_and_no_confirm(demo, client):
    org = demo["organisations"]["prosecutor"]
    client.force_login(demo["users"]["prosecutor_manager"])
    response = upload(client, org, csv_bytes([person(1), ["2", "Б Б", "bad", "87011234567", ""]]))
    assert response.context["token"] is None
    content = response.content.decode()
    assert "bad" in content and "Жұмыс электрондық поштасы" in content
    assert not StaffList.objects.exists()


def test_admin_refuses_not_a_spreadsheet(demo, client):
    client.force_login(demo["users"]["prosecutor_manager"])
    response = upload(client, demo["organisations"]["prosecutor"], b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png")
    assert response.status_code == 200 and response.context["form"].errors["import_file"]


def test_admin_import_for_another_organisation_is_refused(demo, client):
    client.force_login(demo["users"]["prosecutor_manager"])
    response = upload(client, demo["organisations"]["police"], csv_bytes([person(1)]))
    assert response.context["form"].errors["organisation"]
    client.force_login(demo["users"]["kcell"])
    assert client.get(IMPORT_URL).status_code == 403


def test_admin_scoping_and_transition_buttons(demo, client):
    own = make_list(demo["organisations"]["prosecutor"])
    other = make_list(demo["organisations"]["police"])
    client.force_login(demo["users"]["prosecutor_manager"])
    assert client.get(reverse("admin:stafflists_stafflist_change", args=[own.pk])).status_code == 200
    response = client.get(reverse("admin:stafflists_stafflist_change", args=[other.pk]))
    assert response.status_code == 302  # "does not exist" redirect: not visible
    changelist = client.get(reverse("admin:stafflists_stafflist_changelist"))
    assert list(changelist.context["cl"].queryset) == [own]
    response = client.post(reverse("admin:stafflists_stafflist_change", args=[own.pk]), {
        "signatory_position": own.signatory_position, "signatory_name": own.signatory_name, "_fsm_transition_to": "submit",
    })
    own.refresh_from_db()
    assert own.state == StaffListState.SUBMITTED, response.content[:2000]
    # return with a reason through the transition form
    client.force_login(demo["users"]["officer"])
    url = reverse("admin:stafflists_stafflist_transition", args=[own.pk, "return_list"])
    client.post(url, {"reason": "Қолтаңба жоқ"})
    own.refresh_from_db()
    assert own.state == StaffListState.RETURNED and own.return_reason == "Қолтаңба жоқ"


def test_export_csv_and_xlsx_scoped(demo, client):
    own = make_list(demo["organisations"]["prosecutor"], emails=["a@prokuror.kz"])
    make_list(demo["organisations"]["police"], emails=["b@mvd.kz"])
    client.force_login(demo["users"]["prosecutor_manager"])
    url = reverse("admin:stafflists_stafflistentry_export")
    form = client.get(url).context["form"]
    fields = {name: "on" for name, field in form.fields.items() if name not in ("format", "resource", "export_items")}
    response = client.post(url + f"?staff_list__id__exact={own.pk}", {"format": "1", "resource": "0", **fields})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert "a@prokuror.kz" in text and "b@mvd.kz" not in text
    assert "Жұмыс электрондық поштасы" in text or "Work e-mail" in text
    response = client.post(url, {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_exported_file_imports_again(demo):
    from registries.stafflists.resources import StaffListEntryResource
    from registries.stafflists.services.importing import import_staff_list

    staff_list = make_list(demo["organisations"]["prosecutor"], emails=["a@prokuror.kz", "b@prokuror.kz"])
    dataset = StaffListEntryResource().export(queryset=staff_list.entries.all())
    result = import_staff_list(dataset.csv.encode(), organisation=demo["organisations"]["prosecutor"], half_year="2026-H1", dry_run=False)
    assert result.ok and result.staff_list.entry_count == 2


def test_compliance_report_page_and_filters(demo, client):
    make_list(demo["organisations"]["prosecutor"], state="accepted")
    client.force_login(demo["users"]["officer"])
    url = reverse("admin:stafflists_stafflistcompliance_changelist")
    names = lambda r: {o.pk for o in r.context["cl"].queryset}  # noqa: E731
    # police_almaty sends no list of its own here: its staff are on the ministry's list (p. 5)
    assert names(client.get(url)) == {o.pk for k, o in demo["organisations"].items() if k in ("prosecutor", "police")}
    assert names(client.get(url + "?refresh_status=accepted")) == {demo["organisations"]["prosecutor"].pk}
    assert demo["organisations"]["prosecutor"].pk not in names(client.get(url + "?overdue=yes"))
    client.force_login(demo["users"]["prosecutor_manager"])
    assert names(client.get(url)) == {demo["organisations"]["prosecutor"].pk}
    client.force_login(demo["users"]["kcell"])
    assert client.get(url).status_code == 403


def test_command_exit_codes(demo, tmp_path):
    org = demo["organisations"]["prosecutor"]
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([person(1), person(2)]))
    out = StringIO()
    call_command("import_staff_list", org.bin, str(good), "--dry-run", stdout=out)
    assert "2" in out.getvalue() and not StaffList.objects.exists()
    call_command("import_staff_list", org.bin, str(good), "--half", "2026-H2", stdout=out)
    assert StaffList.objects.get().entry_count == 2
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([person(3), ["2", "", "x@y.kz", "123", ""]]))
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_staff_list", org.bin, str(bad), stderr=err)
    assert info.value.returncode == 1
    assert "3" in err.getvalue()  # row 3 named
    assert StaffList.objects.get().entry_count == 2  # unchanged


def test_command_exit_code_in_a_real_process(demo, tmp_path):
    import subprocess
    import sys

    missing = tmp_path / "nothing.csv"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_staff_list", "000000000000", str(missing), "--skip-checks"],
        capture_output=True, text=True, cwd=str(__import__("django").conf.settings.BASE_DIR),
    )
    assert result.returncode == 1


def test_appendix1_pdf_from_accepted_list(demo, client):
    pytest.importorskip("forms_kz.services")
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    draft = make_list(demo["organisations"]["prosecutor"], half_year="2026-H1")
    client.force_login(demo["users"]["prosecutor_manager"])
    assert client.post(reverse("admin:stafflists_stafflist_appendix1", args=[staff_list.pk]), {"issue": "1"}).status_code == 302
    response = client.get(reverse("admin:stafflists_stafflist_appendix1", args=[staff_list.pk]))
    assert response.status_code == 200, response
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("admin:stafflists_stafflist_appendix1", args=[draft.pk])).status_code == 302
    client.force_login(demo["users"]["police_reporter"])
    assert client.get(reverse("admin:stafflists_stafflist_appendix1", args=[staff_list.pk])).status_code == 404
