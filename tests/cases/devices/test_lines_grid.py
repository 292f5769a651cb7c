"""A demand's device lines as one grid (seed 000 ch. 3-1): many rows pasted from a spreadsheet,
checked by the one validator (``lines.clean_lines``), saved by one service all or nothing, each
error at its cell; only the penitentiary authority drafting the demand may use it."""

import pytest
from django.urls import reverse

from cases.devices import services
from cases.devices.lines import LinesInvalid, header_column, organisation_name_key, read_pasted_lines
from cases.devices.models import DemandDevice, DemandState
from cases.services import TransitionRefused

from .factories import advance, bad_luhn, create_demand, make_imei, make_phone

# --- reading a paste --------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "field"), [
    ("IMEI", "imei"), ("Сәйкестендіру коды (IMEI)", "imei"), ("Телефон нөмірі", "phone"), ("Номер телефона", "phone"),
    ("Ұялы байланыс операторы", "operator"), ("Оператор сотовой связи", "operator"), ("№", None), ("Ескерту", None),
])
def test_header_names_its_column(header, field):
    assert header_column(header) == field


@pytest.mark.parametrize(("text", "lines"), [
    # no header: IMEI, phone, operator
    ("356938035643809\t+7 701 234 56 78\tКселл\r\n356938035643817\t8 701 000 00 01\r\n",
     [{"imei": "356938035643809", "phone": "+7 701 234 56 78", "operator": "Кселл"},
      {"imei": "356938035643817", "phone": "8 701 000 00 01", "operator": ""}]),
    # a leading column of line numbers is skipped
    ("1\t356938035643809\t87012345678\n2\t356938035643817\t87010000001\n",
     [{"imei": "356938035643809", "phone": "87012345678", "operator": ""},
      {"imei": "356938035643817", "phone": "87010000001", "operator": ""}]),
    # a header row places the columns by name, in any order; blank rows dropped
    ("№\tТелефон\tОператор\tIMEI\n\n1\t87012345678\tБилайн\t356938035643809\n",
     [{"imei": "356938035643809", "phone": "87012345678", "operator": "Билайн"}]),
])
def test_read_pasted_lines(text, lines):
    pasted = read_pasted_lines(text)
    assert pasted.lines == lines and pasted.problems == []


def test_a_header_without_imei_is_named():
    assert read_pasted_lines("Аты\tТелефон\nАсан\t87012345678\n").problems


@pytest.mark.parametrize("name", ["«Кселл» АҚ", "Кселл", "КСЕЛЛ ", "АҚ «Кселл»"])
def test_operator_names_compare_loosely(name):
    assert organisation_name_key(name) == "кселл"


# --- the service ------------------------------------------------------------------------------


@pytest.fixture
def draft(demo):
    return create_demand(demo, operators=("kcell", "beeline"))


def line(imei=None, phone=None, operator=None, row=None):
    return {"imei": imei or make_imei(), "phone": phone or make_phone(), "operator": operator, "row": row}


@pytest.mark.django_db
def test_the_grid_replaces_the_lines_set_based(draft, demo):
    first, second = draft.devices.order_by("row")
    kcell = demo["organisations"]["kcell"]
    new = make_imei()
    saved = services.replace_demand_lines(demand=draft, actor=demo["users"]["penitentiary"], lines=[
        line(new, "8 (701) 555-44-33", kcell),               # created
        line(second.imei, "8 701 111 22 33", second.operator),  # kept, its phone changed
    ])
    assert (saved.created, saved.updated, saved.deleted) == (1, 1, 1)
    rows = list(draft.devices.order_by("row").values_list("row", "imei", "phone"))
    assert rows == [(1, new, "+77015554433"), (2, second.imei, "+77011112233")]
    assert not DemandDevice.objects.filter(pk=first.pk).exists()
    kinds = set(DemandDevice.history.filter(demand_id=draft.pk).values_list("history_type", flat=True))
    assert kinds == {"+", "~", "-"}  # every change kept in the history


@pytest.mark.django_db
def test_swapping_two_lines_keeps_each_device(draft, demo):
    first, second = draft.devices.order_by("row")
    services.replace_demand_lines(demand=draft, actor=demo["users"]["penitentiary"], lines=[
        line(second.imei, second.phone, second.operator), line(first.imei, first.phone, first.operator),
    ])
    assert list(draft.devices.order_by("row").values_list("pk", flat=True)) == [second.pk, first.pk]


@pytest.mark.django_db
def test_every_wrong_line_is_named_and_nothing_saved(draft, demo):
    before = list(draft.devices.values_list("imei", flat=True))
    twice = make_imei()
    with pytest.raises(LinesInvalid) as invalid:
        services.replace_demand_lines(demand=draft, actor=demo["users"]["penitentiary"], lines=[
            line(twice, row=1), line(bad_luhn(make_imei()), row=3), line(phone="12345", row=4), line(twice, row=6),
        ])
    rows = invalid.value.rows
    assert rows[0] == {} and set(rows[1]) == {"imei"} and set(rows[2]) == {"phone"} and set(rows[3]) == {"imei"}
    assert "line 3" in rows[1]["imei"][0] and "line 1" in rows[3]["imei"][0]  # named by the grid's rows
    assert sorted(draft.devices.values_list("imei", flat=True)) == sorted(before)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["imei_db", "kcell", "officer"])
def test_only_the_drafting_penitentiary_authority_writes_the_lines(draft, demo, who):
    with pytest.raises(TransitionRefused):
        services.replace_demand_lines(demand=draft, actor=demo["users"][who], lines=[line()])


@pytest.mark.django_db
def test_a_sent_demand_keeps_its_lines(draft, demo):
    advance(draft, demo, to="sent")
    draft.refresh_from_db()
    assert draft.state != DemandState.DRAFT
    with pytest.raises(TransitionRefused):
        services.replace_demand_lines(demand=draft, actor=demo["users"]["penitentiary"], lines=[line()])


# --- the page ---------------------------------------------------------------------------------


def grid_url(demand):
    return reverse("admin:devices_devicedemand_lines_grid", args=[demand.pk])


@pytest.mark.django_db
def test_the_demand_page_links_the_grid_for_the_drafting_authority_only(client, draft, demo):
    change = reverse("admin:devices_devicedemand_change", args=[draft.pk])
    client.force_login(demo["users"]["penitentiary"])
    assert grid_url(draft) in client.get(change).content.decode()
    advance(draft, demo, to="sent")
    assert grid_url(draft) not in client.get(change).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["imei_db", "kcell", "officer", "sts"])
def test_nobody_else_opens_the_grid(client, draft, demo, who):
    client.force_login(demo["users"][who])
    assert client.get(grid_url(draft)).status_code == 404
    assert client.post(grid_url(draft), {"save": "1", "l0_imei": make_imei(), "l0_phone": make_phone()}).status_code == 404
    assert draft.devices.count() == 2


@pytest.mark.django_db
def test_pasted_rows_fill_the_grid_then_a_bad_cell_is_answered_in_place(client, draft, demo):
    client.force_login(demo["users"]["penitentiary"])
    page = client.get(grid_url(draft))
    form = page.context["form"]
    assert form.row_count == 2 + form.EXTRA_ROWS
    data = {f"l{i}_{name}": form[f"l{i}_{name}"].value() or "" for i in range(form.row_count) for name in ("imei", "phone", "operator")}
    good, wrong = make_imei(), bad_luhn(make_imei())
    paste = f"IMEI\tТелефон нөмірі\tОператор\n{good}\t8 701 765 43 21\t«Кселл» АҚ\n{wrong}\t87017654322\tЖоқ оператор\n"
    filled = client.post(grid_url(draft), {**data, "fill": "1", "paste": paste})
    form = filled.context["form"]
    html = filled.content.decode()
    assert form["l2_imei"].value() == good and form["l3_imei"].value() == wrong
    assert form["l2_operator"].value() == str(demo["organisations"]["kcell"].pk)
    assert "Жоқ оператор" in html  # the operator not found is named
    assert draft.devices.count() == 2  # nothing saved yet
    data = {name: form[name].value() or "" for name in form.fields if name != "paste"}
    answered = client.post(grid_url(draft), {**data, "save": "1"})
    assert answered.status_code == 200
    assert set(answered.context["form"].errors) == {"l3_imei"}
    assert f'value="{wrong}"' in answered.content.decode()
    assert draft.devices.count() == 2
    data["l3_imei"] = ""
    data["l3_phone"] = ""
    data["l3_operator"] = ""
    saved = client.post(grid_url(draft), {**data, "save": "1"})
    assert saved.status_code == 302
    assert draft.devices.count() == 3 and draft.devices.get(row=3).imei == good
