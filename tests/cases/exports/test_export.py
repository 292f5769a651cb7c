"""Every case list exports what it lists (cases.exports.views.export_list): the rows of the
list's filters, search and order for this user only, its columns in the active language, values
as people read them, CSV with a BOM and XLSX, formula-safe, within a row limit."""

import csv
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.platforms.rules import WARNING_LETTER
from cases.rules import rule_label
from cases.violations.models import ViolationReport

from .conftest import FORMULA

LABEL = "violations.violationreport"
CHANGELIST = reverse("admin:violations_violationreport_changelist")


def export_url(fmt="csv", label=LABEL):
    return reverse("exports:export", args=[label, fmt])


def csv_rows(response) -> list[list[str]]:
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


@pytest.mark.django_db
def test_csv_bytes_start_with_the_bom_and_the_kazakh_headings(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    response = client.get(export_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    heading = rows[0]
    assert heading[0] == "№ р/с"
    assert "Күйі" in heading or "күйі" in heading
    assert [row[0] for row in rows[1:]] == [str(reports[k]) for k in ("prosecutor_1", "prosecutor_2", "police")]


@pytest.mark.django_db
def test_values_are_read_as_on_the_list_never_codes(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    rows = csv_rows(client.get(export_url()))
    heading, first = rows[0], rows[1]
    record = dict(zip(heading, first, strict=True))
    report = ViolationReport.objects.get(pk=reports["prosecutor_1"])
    assert report.get_state_display() in first  # the state's label, not "submitted"
    assert "submitted" not in first
    assert str(report.organisation) in first
    assert "02.03.2026 09:00" in first  # submitted_at in Almaty time, kk short format
    assert "prosecutor-1.example.kz" in first
    assert "Жоқ" in record.values()  # the boolean column as a word (kk "No")
    assert "<" not in ";".join(first)


@pytest.mark.django_db
def test_a_formula_in_a_value_is_written_as_text(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    rows = csv_rows(client.get(export_url()))
    police = next(row for row in rows if row[0] == str(reports["police"]))
    assert "'" + FORMULA in police
    assert FORMULA not in police
    sheet = xlsx_rows(client.get(export_url("xlsx")))
    cells = [cell for row in sheet for cell in row]
    assert "'" + FORMULA in cells


@pytest.mark.django_db
def test_another_organisations_case_is_not_exported(demo, client, reports):
    client.force_login(demo["users"]["prosecutor_reporter"])
    rows = csv_rows(client.get(export_url()))
    numbers = {row[0] for row in rows[1:]}
    assert numbers == {str(reports["prosecutor_1"]), str(reports["prosecutor_2"])}
    assert str(reports["police"]) not in numbers
    # asking for the other body's rows through a filter does not reach them either
    police = demo["users"]["police_reporter"].profile.organisation
    rows = csv_rows(client.get(export_url(), {"organisation__id__exact": police.pk}))
    assert str(reports["police"]) not in {row[0] for row in rows[1:]}


@pytest.mark.django_db
def test_the_export_holds_the_lists_filter_search_and_order(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    rows = csv_rows(client.get(export_url(), {"state__exact": "submitted", "o": "-0"}))
    assert [row[0] for row in rows[1:]] == [str(reports["police"]), str(reports["prosecutor_1"])]
    rows = csv_rows(client.get(export_url(), {"q": "police.example.kz"}))
    assert [row[0] for row in rows[1:]] == [str(reports["police"])]
    # the page number is not a filter: every page of the list is exported
    rows = csv_rows(client.get(export_url(), {"p": "2"}))
    assert len(rows) == 4


@pytest.mark.django_db
def test_xlsx_opens_with_kazakh_headings_and_typed_cells(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    response = client.get(export_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = xlsx_rows(response)
    assert sheet[0][0] == "№ р/с"
    assert any("күй" in str(h).lower() for h in sheet[0])
    assert [row[0] for row in sheet[1:]] == [reports["prosecutor_1"], reports["prosecutor_2"], reports["police"]]


@pytest.mark.django_db
def test_russian_headings_in_russian(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    response = client.get(export_url(), HTTP_ACCEPT_LANGUAGE="ru", headers={"Accept-Language": "ru"})
    client.cookies["django_language"] = "ru"
    rows = csv_rows(client.get(export_url()))
    assert any("остояние" in h for h in rows[0]), rows[0]
    assert response.status_code == 200


@pytest.mark.django_db
def test_over_the_row_limit_the_list_says_why(demo, client, reports, settings):
    settings.EXPORT_MAX_ROWS = 2
    client.force_login(demo["users"]["officer"])
    response = client.get(export_url(), {"o": "-0"})  # three rows
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?o=-0"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        "Бұл тізімде 2 жолдан көп: оны сүзгілермен немесе іздеумен тарылтып, қайта экспорттаңыз."
    ] or "2" in messages[0]
    # two rows fit
    assert client.get(export_url(), {"state__exact": "submitted"}).status_code == 200


@pytest.mark.django_db
def test_an_unknown_filter_returns_to_the_list_with_a_message(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    response = client.get(export_url(), {"reporter__password__startswith": "x"})
    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    assert get_messages(response.wsgi_request)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("label", "fmt", "status"),
    [
        ("violations.violationreport", "pdf", 404),
        ("auth.user", "csv", 404),  # not a case list
        ("cases.transitionlog", "csv", 404),
        ("nothing.here", "csv", 404),
    ],
)
def test_only_case_lists_export(demo, client, label, fmt, status):
    client.force_login(demo["users"]["officer"])
    assert client.get(export_url(fmt, label)).status_code == status


@pytest.mark.django_db
def test_a_list_the_user_may_not_open_is_refused(demo, client):
    client.force_login(demo["users"]["kcell"])  # a mobile operator: no notifications at all
    assert client.get(export_url()).status_code == 403


@pytest.mark.django_db
def test_deadlines_and_letters_export_too(demo, client):
    client.force_login(demo["users"]["officer"])
    for label in ("cases.deadline", "forms_kz.outgoingletter"):
        response = client.get(export_url("csv", label))
        assert response.status_code == 200, label
        assert csv_rows(response)[0]


@pytest.mark.django_db
def test_the_changelist_shows_the_export_buttons_with_its_query(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    response = client.get(CHANGELIST, {"state__exact": "submitted", "p": "1"})
    html = response.content.decode()
    assert f'href="{export_url()}?state__exact=submitted"' in html
    assert f'href="{export_url("xlsx")}?state__exact=submitted"' in html


@pytest.mark.django_db
def test_the_next_deadline_column_is_words_never_a_rule_code(demo, client, awaited):
    client.force_login(demo["users"]["officer"])
    rows = csv_rows(client.get(export_url()))
    first = dict(zip(rows[0], next(row for row in rows if row[0] == str(awaited["prosecutor_1"])), strict=True))
    badge = first["Келесі мерзім"]
    assert badge.startswith("05.03.2026 09:00 · ")
    assert "мерзімі өткен" in badge  # overdue (kk)
    assert badge.endswith(rule_label(WARNING_LETTER.code))
    assert WARNING_LETTER.code not in badge
    assert "<" not in badge
