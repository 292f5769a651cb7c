"""A letter's data on its admin page: read as a labelled table (never JSON), drafted by hand through
fields generated from its form's schema (``forms_kz.admin.schema_form``), the form by its title and
people by name — never a code or a login."""

import pytest
from django.urls import reverse

from forms_kz.admin import data_field_name
from forms_kz.models import OutgoingLetter
from forms_kz.schemas import FORM_SCHEMAS
from forms_kz.selectors import KEY_LABELS, letter_data_rows
from forms_kz.services import issue_letter

from .factories import issuer, make_draft

pytestmark = pytest.mark.django_db


def change_url(letter):
    return reverse("admin:forms_kz_outgoingletter_change", args=[letter.pk])


def every_key_name():
    names = set()

    def walk(keys):
        for key in keys:
            names.add(key.name)
            walk(key.row)

    for schema in FORM_SCHEMAS.values():
        walk(schema.keys)
    return names


def test_every_key_of_every_form_has_a_label():
    assert every_key_name() <= set(KEY_LABELS)


def test_issued_letter_reads_as_a_labelled_table_with_the_issuer_by_name(client, demo):
    letter = make_draft(demo, "s004-app3")
    officer = issuer(demo, "s004-app3")
    issue_letter(letter, by=officer)
    client.force_login(officer)
    html = client.get(change_url(letter)).content.decode()
    assert 'class="letter-data-table"' in html
    assert '"platform_name":' not in html and "{&quot;" not in html  # no JSON
    assert FORM_SCHEMAS["s004-app3"].title in html
    assert "s004-app3" not in html
    assert officer.get_full_name() in html
    assert f">{officer.username}<" not in html
    rows = letter_data_rows(letter)
    limits = next(row for row in rows if row.is_table)
    assert limits.rows and len(limits.columns) == 3


def test_draft_is_edited_through_schema_fields_not_json(client, demo):
    letter = make_draft(demo, "s004-app3")
    client.force_login(issuer(demo, "s004-app3"))
    html = client.get(change_url(letter)).content.decode()
    assert 'name="data"' not in html
    assert f'name="{data_field_name("platform_name")}"' in html
    assert f'name="{data_field_name("limits")}"' in html
    assert "Астана қаласы | 90000 | 00:00–06:00" in html  # one row per line


def _form_values(client, letter) -> dict:
    """The draft's page as it would be posted back unchanged (every field with its shown value)."""
    response = client.get(change_url(letter))
    form = response.context["adminform"].form
    values = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if name.startswith("data__") and hasattr(value, "isoformat") and not hasattr(value, "hour"):
            values[name] = value.strftime("%d.%m.%Y")
        elif hasattr(value, "pk"):
            values[name] = value.pk
        else:
            values[name] = value
    return values


def test_draft_saved_from_its_fields_writes_typed_data(client, demo):
    letter = make_draft(demo, "s004-app3")
    client.force_login(issuer(demo, "s004-app3"))
    values = _form_values(client, letter)
    values[data_field_name("platform_name")] = "Жаңа платформа"
    values[data_field_name("limits")] = "Астана қаласы | 80 000 | 00:00–06:00\nАлматы қаласы | 70000 | 06:00–12:00"
    response = client.post(change_url(letter), values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    letter.refresh_from_db()
    assert letter.data["platform_name"] == "Жаңа платформа"
    assert letter.data["limits"] == [
        {"regional_object": "Астана қаласы", "limit_kbps": 80000, "period": "00:00–06:00"},
        {"regional_object": "Алматы қаласы", "limit_kbps": 70000, "period": "06:00–12:00"},
    ]
    assert letter.data["notice_date"][4] == "-"  # a date is stored as ISO, whatever is typed


def test_bad_row_value_is_a_field_error_and_nothing_is_saved(client, demo):
    letter = make_draft(demo, "s004-app3")
    before = dict(letter.data)
    client.force_login(issuer(demo, "s004-app3"))
    values = _form_values(client, letter)
    values[data_field_name("platform_name")] = "Өзгерген"
    values[data_field_name("limits")] = "Астана қаласы | көп | 00:00–06:00"
    response = client.post(change_url(letter), values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert data_field_name("limits") in errors
    assert "1" in errors[data_field_name("limits")][0]  # names the row
    assert OutgoingLetter.objects.get(pk=letter.pk).data == before


def test_add_page_offers_forms_by_title_and_their_fields_once_chosen(client, demo):
    client.force_login(issuer(demo, "s004-app1"))
    add = reverse("admin:forms_kz_outgoingletter_add")
    html = client.get(add).content.decode()
    assert FORM_SCHEMAS["s004-app1"].title in html
    assert ">s004-app1" not in html
    chosen = client.get(f"{add}?form_code=s004-app1").content.decode()
    assert f'name="{data_field_name("platform_name")}"' in chosen
