"""The STS's statistics as one grid (seed 004 p. 7–8): the cell parser, the Kazakh order of the
regions, the paste from a spreadsheet, the one service (all or nothing, errors by cell) and the
admin page (only the STS the request went to)."""

from datetime import time
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.platforms.forms import kbps_text
from cases.platforms.models import TrafficStatistic
from cases.platforms.traffic import (
    STANDARD_PERIODS,
    StatisticsGridRejected,
    grid_periods,
    kazakh_alphabetical_key,
    parse_kbps,
    parse_period,
    place_pasted,
    save_statistics_grid,
)
from cases.steps import take_step as run_step
from registries.models import RegionalObject

from .conftest import local, regions
from .factories import PlatformCaseFactory

Q1, Q2, Q3, Q4 = STANDARD_PERIODS

# --- the cell parser --------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "value"), [
    ("1 234,5", Decimal("1234.5")),
    ("1\u00a0234,5", Decimal("1234.5")),  # Excel in Kazakh / Russian: a non-breaking space
    ("1\u202f234\u202f567", Decimal("1234567")),  # a narrow non-breaking space
    ("1234.5", Decimal("1234.5")),
    ("  180 000,750 ", Decimal("180000.750")),
    ("0", Decimal("0")),
    ("-5", Decimal("-5")),  # refused by the row check with the act's message, not here
    ("", None),
    ("   ", None),
    (None, None),
    (Decimal("12.5"), Decimal("12.5")),
])
def test_parse_kbps_reads_the_kazakh_notation(typed, value):
    assert parse_kbps(typed) == value


@pytest.mark.parametrize(("typed", "code"), [
    ("abc", "invalid"),
    ("1,234.5", "invalid"),  # both separators: ambiguous
    ("12-3", "invalid"),
    ("1,2345", "max_decimal_places"),
    ("12345678901234", "max_digits"),
])
def test_parse_kbps_refuses_what_is_not_a_number_of_kbps(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_kbps(typed)
    assert refused.value.code == code


def test_a_stored_value_is_shown_as_it_is_read_back():
    assert kbps_text(Decimal("1234567.500")) == "1\u00a0234\u00a0567,5"
    assert kbps_text(Decimal("2000.000")) == "2\u00a0000"
    assert kbps_text(Decimal("0.125")) == "0,125"
    assert parse_kbps(kbps_text(Decimal("1234567.500"))) == Decimal("1234567.5")


# --- order, columns ----------------------------------------------------------------------------


def test_kazakh_alphabetical_order():
    names = ["Шымкент қаласы", "Ұлытау облысы", "Абай облысы", "Іле", "Әлматы", "Ақмола облысы", "Қарағанды облысы",
             "Жетісу облысы", "Ыбырай", "Үшарал", "Ғалым", "Гүл", "Ёлка", "Ең"]
    assert sorted(names, key=kazakh_alphabetical_key) == [
        "Абай облысы", "Ақмола облысы", "Әлматы", "Гүл", "Ғалым", "Ең", "Ёлка", "Жетісу облысы", "Қарағанды облысы",
        "Ұлытау облысы", "Үшарал", "Шымкент қаласы", "Ыбырай", "Іле",
    ]


@pytest.mark.parametrize(("existing", "columns"), [
    ([], list(STANDARD_PERIODS)),
    ([Q2, Q1], list(STANDARD_PERIODS)),
    ([(time(0), time(12))], [(time(0), time(12)), Q3, Q4]),
    ([(time(22), time(6))], [Q2, Q3, (time(22), time(6))]),
])
def test_grid_columns_are_the_periods_in_use_and_the_standard_ones_free(existing, columns):
    assert grid_periods(existing) == columns


@pytest.mark.parametrize(("text", "period"), [
    ("00:00–06:00", Q1), ("0:00 - 6:00", Q1), ("18.00-24.00", Q4), ("18:00—00:00", Q4), ("Өңір", None), ("25:00-26:00", None),
])
def test_parse_period(text, period):
    assert parse_period(text) == period


# --- the paste ----------------------------------------------------------------------------------

NAMES = [{"Абай облысы", "Абайская область", "abai"}, {"Ақмола облысы", "Акмолинская область", "akmola"},
         {"Алматы қаласы", "город Алматы", "almaty-city"}]


def test_paste_of_numbers_only_fills_from_the_first_cell():
    placed = place_pasted("1 234,5\t2\t3\t4\r\n5\t6\t7\t8\r\n", NAMES, list(STANDARD_PERIODS))
    assert placed.problems == []
    assert placed.values[(0, 0)] == "1 234,5" and placed.values[(1, 3)] == "8" and len(placed.values) == 8


def test_paste_with_header_row_and_names_places_by_name_and_period_in_any_order():
    text = ("Өңір\t18:00–00:00\t00:00–06:00\n"
            "Алматы қаласы\t10\t11\n"
            "абай облысы\t20\t\n")  # case-insensitive; an empty cell empties its grid cell
    placed = place_pasted(text, NAMES, list(STANDARD_PERIODS))
    assert placed.problems == []
    assert placed.values == {(2, 3): "10", (2, 0): "11", (0, 3): "20", (0, 0): ""}


def test_paste_with_names_and_no_header_row_goes_by_column_order():
    placed = place_pasted("Ақмола облысы\t1\t2\t3\t4\n", NAMES, list(STANDARD_PERIODS))
    assert placed.values == {(1, 0): "1", (1, 1): "2", (1, 2): "3", (1, 3): "4"}


@pytest.mark.parametrize(("text", "problem"), [
    ("Марс облысы\t1\n", "Марс облысы"),
    ("1\n2\n3\n4\n", "(3)"),
    ("1\t2\t3\t4\t5\n", "1"),
    ("Өңір\t03:00–04:00\nАбай облысы\t1\n", "03:00–04:00"),
])
def test_paste_problems_are_named(text, problem):
    placed = place_pasted(text, NAMES, list(STANDARD_PERIODS))
    assert any(problem in message for message in placed.problems)


# --- the service ----------------------------------------------------------------------------------

@pytest.fixture
def requested(world):
    with time_machine.travel(local(2026, 1, 12, 10, 0), tick=False):
        case = PlatformCaseFactory(organisation=world["committee"])
        for step in ("detect", "send_notice", "request_statistics"):
            run_step(case, step, world["officer"])
            case.refresh_from_db()
        yield case


@pytest.mark.django_db
def test_grid_creates_updates_and_deletes_in_one_call(requested, world):
    a, b = regions(2)
    save_statistics_grid(requested, {(a.pk, *Q1): "1 000", (a.pk, *Q2): "2 000,5", (b.pk, *Q1): "3"}, by=world["sts"])
    saved = save_statistics_grid(requested, {(a.pk, *Q1): "1 000", (a.pk, *Q2): "2 500", (b.pk, *Q1): "", (b.pk, *Q2): "7"},
                                 by=world["sts"])
    assert (saved.created, saved.updated, saved.deleted) == (1, 1, 1)
    rows = {(r.regional_object_id, r.period_start): r.peak_kbps for r in requested.traffic_statistics.all()}
    assert rows == {(a.pk, Q1[0]): Decimal("1000"), (a.pk, Q2[0]): Decimal("2500"), (b.pk, Q2[0]): Decimal("7")}
    assert all(r.submitted_by == world["sts"] for r in requested.traffic_statistics.all())
    assert TrafficStatistic.history.filter(case_id=requested.pk).count() >= 5  # every write kept in the history


@pytest.mark.django_db
def test_every_wrong_cell_is_named_and_nothing_is_saved(requested, world):
    a, b = regions(2)
    save_statistics_grid(requested, {(a.pk, *Q1): "5"}, by=world["sts"])
    with pytest.raises(StatisticsGridRejected) as rejected:
        save_statistics_grid(requested, {
            (a.pk, *Q1): "6",           # good, but not saved
            (a.pk, *Q2): "1,2,3",       # not a number
            (b.pk, *Q1): "-10",         # negative: the act's message (p. 8)
            (b.pk, *Q2): "10",
        }, by=world["sts"])
    errors = rejected.value.cell_messages
    assert set(errors) == {(a.pk, *Q2), (b.pk, *Q1)}
    assert [e.code for e in rejected.value.cell_errors[(b.pk, *Q1)]] == ["min_value"]
    assert "8-тармағы" in errors[(b.pk, *Q1)][0]
    assert list(requested.traffic_statistics.values_list("peak_kbps", flat=True)) == [Decimal("5")]


@pytest.mark.django_db
def test_an_overlap_with_a_row_outside_the_grid_is_refused_at_the_cell(requested, world):
    a = regions(1)[0]
    TrafficStatistic.objects.create(case=requested, regional_object=a, period_start=time(5), period_end=time(7), peak_kbps=1)
    with pytest.raises(StatisticsGridRejected) as rejected:
        save_statistics_grid(requested, {(a.pk, time(12), time(18)): "3", (a.pk, *Q1): "4"}, by=world["sts"])
    assert list(rejected.value.cell_errors) == [(a.pk, *Q1)]
    assert "7-тармағы" in rejected.value.cell_messages[(a.pk, *Q1)][0]
    assert rejected.value.cell_errors[(a.pk, *Q1)][0].code == "overlap"


@pytest.mark.django_db
def test_the_grid_is_refused_once_the_request_is_answered(requested, world):
    a = regions(1)[0]
    save_statistics_grid(requested, {(a.pk, *Q1): "5"}, by=world["sts"])
    with time_machine.travel(local(2026, 1, 13, 10, 0), tick=False):
        run_step(requested, "submit_statistics", world["sts"])
    requested.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        save_statistics_grid(requested, {(a.pk, *Q1): "6"}, by=world["sts"])
    assert "8-тармағы" in refused.value.messages[0]


# --- the page ---------------------------------------------------------------------------------------


def grid_url(case):
    return reverse("admin:platforms_platformcase_statistics_grid", args=[case.pk])


def cell(case, region, column):
    return f"c{region.pk}_{column}"


@pytest.mark.django_db
def test_the_case_page_links_the_grid_for_the_sts_only(client, requested, world):
    change = reverse("admin:platforms_platformcase_change", args=[requested.pk])
    client.force_login(world["sts"])
    assert grid_url(requested) in client.get(change).content.decode()
    client.force_login(world["officer"])
    assert grid_url(requested) not in client.get(change).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "supervisor", "kcell", "prosecutor"])
def test_nobody_but_the_sts_of_the_case_opens_the_grid(client, requested, world, who):
    client.force_login(world[who])
    assert client.get(grid_url(requested)).status_code == 404
    assert client.post(grid_url(requested), {"save": "1"}).status_code == 404
    assert not requested.traffic_statistics.exists()


@pytest.mark.django_db
def test_the_grid_lists_every_regional_object_in_kazakh_order(client, requested, world):
    client.force_login(world["sts"])
    response = client.get(grid_url(requested))
    assert response.status_code == 200
    form = response.context["form"]
    names = [region.name_kk for region in form.regions]
    assert len(names) == RegionalObject.objects.count() == 20
    assert names == sorted(names, key=kazakh_alphabetical_key)
    html = response.content.decode()
    assert "00:00–06:00" in html and "18:00–00:00" in html


@pytest.mark.django_db
def test_a_bad_cell_is_answered_at_the_cell_and_every_typed_value_kept(client, requested, world):
    a, b = regions(2)
    client.force_login(world["sts"])
    data = {"save": "1", cell(requested, a, 0): "1 234,5", cell(requested, b, 1): "сто", cell(requested, b, 2): "-3"}
    response = client.post(grid_url(requested), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {cell(requested, b, 1), cell(requested, b, 2)}
    html = response.content.decode()
    assert 'value="1 234,5"' in html and 'value="сто"' in html and 'aria-invalid="true"' in html
    assert form.error_count() == 2
    assert not requested.traffic_statistics.exists()


@pytest.mark.django_db
def test_a_good_grid_is_saved_and_shown_again(client, requested, world):
    a, b = regions(2)
    client.force_login(world["sts"])
    response = client.post(grid_url(requested), {"save": "1", cell(requested, a, 0): "1 234,5", cell(requested, b, 3): "7"})
    assert response.status_code == 302
    assert requested.traffic_statistics.count() == 2
    html = client.get(grid_url(requested)).content.decode()
    assert 'value="1\u00a0234,5"' in html


@pytest.mark.django_db
def test_the_paste_box_fills_the_grid_without_saving(client, requested, world):
    a = RegionalObject.objects.get(pk=regions(1)[0].pk)
    client.force_login(world["sts"])
    paste = f"Өңір\t00:00–06:00\t06:00–12:00\n{a.name_kk}\t1 000\t2 000,5\nМарс\t1\t2\n"
    response = client.post(grid_url(requested), {"fill": "1", "paste": paste})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="1 000"' in html and 'value="2 000,5"' in html and "Марс" in html
    assert not requested.traffic_statistics.exists()


@pytest.mark.django_db
def test_the_grid_is_read_only_once_answered(client, requested, world):
    a = regions(1)[0]
    save_statistics_grid(requested, {(a.pk, *Q1): "5"}, by=world["sts"])
    with time_machine.travel(local(2026, 1, 13, 10, 0), tick=False):
        run_step(requested, "submit_statistics", world["sts"])
    client.force_login(world["sts"])
    response = client.get(grid_url(requested))
    assert response.status_code == 200 and 'name="save"' not in response.content.decode()
    client.post(grid_url(requested), {"save": "1", cell(requested, a, 0): "6"})
    assert list(requested.traffic_statistics.values_list("peak_kbps", flat=True)) == [Decimal("5")]


# --- the API: the same service, errors by cell ------------------------------------------------------


def api(user):
    from rest_framework.test import APIClient

    from registries.security import issue_api_token

    client = APIClient()
    _record, token = issue_api_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


GRID_API = "/api/v1/traffic-statistics/grid/"


@pytest.mark.django_db
def test_api_grid_saves_and_answers_errors_by_cell(requested, world):
    a, b = regions(2)
    cells = [
        {"regional_object": a.code, "period_start": "00:00", "period_end": "06:00", "peak_kbps": "1 234,5"},
        {"regional_object": a.code, "period_start": "06:00", "period_end": "12:00", "peak_kbps": "x"},
        {"regional_object": b.code, "period_start": "00:00", "period_end": "06:00", "peak_kbps": -1},
        {"regional_object": b.code, "period_start": "05:00", "period_end": "07:00", "peak_kbps": 3},
    ]
    client = api(world["sts"])
    refused = client.put(GRID_API, {"case": requested.pk, "cells": cells}, format="json")
    assert refused.status_code == 400
    errors = refused.json()["cells"]
    assert errors[0] == {}
    assert errors[1]["peak_kbps"] and errors[2]["peak_kbps"] and errors[3]["period_start"]
    assert not requested.traffic_statistics.exists()
    good = client.put(GRID_API, {"case": requested.pk, "cells": cells[:1] + [{**cells[2], "peak_kbps": 5}]}, format="json")
    assert good.status_code == 200 and good.json() == {"created": 2, "updated": 0, "deleted": 0}
    twice = client.put(GRID_API, {"case": requested.pk, "cells": cells[:1] * 2}, format="json")
    assert twice.status_code == 400 and twice.json()["cells"][1]["period_start"]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [("officer", 403), ("kcell", 400), ("prosecutor", 400)])
def test_api_grid_is_only_for_the_sts_of_the_case(requested, world, who, status):
    a = regions(1)[0]
    cells = [{"regional_object": a.code, "period_start": "00:00", "period_end": "06:00", "peak_kbps": "5"}]
    response = api(world[who]).put(GRID_API, {"case": requested.pk, "cells": cells}, format="json")
    assert response.status_code == status  # others do not even see the case (400: no such case)
    assert not requested.traffic_statistics.exists()


@pytest.mark.django_db
def test_the_sts_reads_that_it_acts_next_once_the_statistics_are_entered(requested, world, client):
    """The term awaits the STS and its step is blocked until figures exist: the case head names the
    STS ("you") and what is missing first, not only the authorised body's later steps."""
    from cases.steps import transition_named

    client.force_login(world["sts"])
    page = client.get(
        reverse("admin:platforms_platformcase_change", args=[requested.pk]), HTTP_ACCEPT_LANGUAGE="kk"
    ).content.decode()

    head = page[page.index('class="case-next"') :].split("</p>")[0]
    label = str(transition_named(type(requested), "submit_statistics").custom["label"])
    assert "<strong>сіз</strong>" in head and "алдымен" in head and label in head
