"""Identifier fields (registries.fields): what a person types with spaces, dashes and brackets is
normalised before it is checked; nothing is cut by the browser; errors in Kazakh, next to the field."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextInputWidget
from django.test import RequestFactory
from django.utils import translation
from django.utils.text import capfirst
from rest_framework import serializers

from registries import fields as f
from registries.models import Organisation, UserProfile
from registries.validators import luhn_check_digit, national_id_check_digit

IMEI = "352099001761481"
IIN = "90010130012"
IIN = IIN + str(national_id_check_digit(IIN))
BIN = "99034000201"
BIN = BIN + str(national_id_check_digit(BIN))

ACCEPTED = [
    (f.MobilePhoneField, "+7 (701) 123-45-67", "+77011234567"),
    (f.MobilePhoneField, "8 701 123 45 67", "+77011234567"),
    (f.MobilePhoneField, "7011234567", "+77011234567"),
    (f.MobilePhoneField, "  +7.701.123.45.67 ", "+77011234567"),
    (f.PhoneField, "8 (7172) 74-11-22", "+77172741122"),
    (f.PhoneField, "+7 727 2\u00a0500\u00a0500", "+77272500500"),
    (f.ImeiField, "35 209900 176148 1", IMEI),
    (f.ImeiField, "35-209900-176148-1", IMEI),
    (f.ImeiField, "35.209900.176148.1", IMEI),
    (f.IinField, f"{IIN[:6]} {IIN[6:]}", IIN),
    (f.IinField, f"{IIN[:6]}-{IIN[6:9]}-{IIN[9:]}", IIN),
    (f.BinField, f"{BIN[:6]} {BIN[6:]}", BIN),
]


@pytest.mark.parametrize("field_class, typed, stored", ACCEPTED, ids=[t for _, t, _ in ACCEPTED])
def test_typed_value_normalised(field_class, typed, stored):
    assert field_class().clean(typed) == stored


REFUSED = [
    (f.MobilePhoneField, "+7 (701) 123-45-6", "phone_length", "Телефон нөмірінде +7-ден кейін 10 цифр болуы тиіс."),
    (f.MobilePhoneField, "+7 (7172) 74-11-22", "phone_not_mobile", None),
    (f.MobilePhoneField, "701 abc", "phone_chars", None),
    (f.ImeiField, "35 209900 176148 2", "imei_checksum", "IMEI бақылау цифры (Луна алгоритмі) дұрыс емес."),
    (f.ImeiField, "35 209900 17614", "imei_format", "IMEI дәл 15 цифрдан тұруы тиіс."),
    (f.IinField, "9001 0130 012", "iin_format", "ЖСН дәл 12 цифрдан тұруы тиіс."),
    (f.BinField, BIN[:11] + str((int(BIN[11]) + 1) % 10), "bin_checksum", None),
]


@pytest.mark.parametrize("field_class, typed, code, kazakh", REFUSED, ids=[c for _, _, c, _ in REFUSED])
def test_bad_value_refused_with_its_code_in_kazakh(field_class, typed, code, kazakh):
    with translation.override("kk"), pytest.raises(forms.ValidationError) as exc:
        field_class().clean(typed)
    assert exc.value.code == code
    if kazakh:
        assert exc.value.messages == [kazakh]


def test_input_allows_what_a_person_types():
    """The browser must not cut "+7 (701) 123-45-67" (18 characters) to the stored 12."""
    field = f.normalising_formfield(UserProfile._meta.get_field("phone"))
    assert isinstance(field, f.MobilePhoneField)
    assert field.widget.attrs["inputmode"] == "tel"
    rendered = field.widget.render("phone", "+7 (701) 123-45-67")
    assert f'maxlength="{f.INPUT_MAX_LENGTH}"' in rendered and 'value="+7 (701) 123-45-67"' in rendered


def test_empty_optional_value_stays_empty():
    field = f.normalising_formfield(UserProfile._meta.get_field("phone"))
    assert field.required is False
    assert field.clean("") == ""
    assert field.clean("   ") == ""


@pytest.mark.parametrize(
    "model, name, field_class",
    [
        (Organisation, "bin", f.BinField),
        (Organisation, "phone", f.PhoneField),
        (UserProfile, "phone", f.MobilePhoneField),
        (Organisation, "name_kk", None),
        (Organisation, "kind", None),
        (Organisation, "parent", None),
    ],
)
def test_normalising_formfield_picks_by_validator(model, name, field_class):
    field = f.normalising_formfield(model._meta.get_field(name))
    if field_class is None:
        assert field is None
    else:
        assert type(field) is field_class
        assert field.label == capfirst(model._meta.get_field(name).verbose_name)


def test_every_identifier_validator_of_the_project_is_covered():
    """Each model field of the project carrying an identifier validator gets a normalising field."""
    from django.apps import apps

    found = {
        (m._meta.label, fld.name)
        for m in apps.get_models()
        for fld in m._meta.fields
        if f.normalising_field_class(fld) is not None and not m._meta.label.split(".")[1].startswith("Historical")
    }
    assert {("egov.ServiceRequest", "phone"), ("egov.Complaint", "complainant_phone"),
            ("egov.Complaint", "complainant_iin"), ("devices.DemandDevice", "imei"),
            ("registries.Organisation", "bin")} <= found


class _OrganisationAdmin(f.NormalisingAdminMixin, admin.ModelAdmin):
    fields = ("kind", "name_kk", "bin", "phone")


@pytest.mark.django_db
def test_admin_form_normalises_and_keeps_the_admin_widget(rf: RequestFactory, admin_user):
    model_admin = _OrganisationAdmin(Organisation, admin.site)
    request = rf.get("/")
    request.user = admin_user
    form_class = model_admin.get_form(request)
    assert isinstance(form_class.base_fields["bin"], f.BinField)
    assert isinstance(form_class.base_fields["phone"].widget, AdminTextInputWidget)
    form = form_class(data={"kind": Organisation._meta.get_field("kind").choices[0][0], "name_kk": "Сынақ",
                            "bin": f"{BIN[:6]} {BIN[6:]}", "phone": "8 (7172) 74-11-22"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bin"] == BIN and form.instance.phone == "+77172741122"


@pytest.mark.django_db
def test_admin_form_error_next_to_the_field_keeps_the_typed_text(rf: RequestFactory, admin_user):
    model_admin = _OrganisationAdmin(Organisation, admin.site)
    request = rf.get("/")
    request.user = admin_user
    typed = "8 (7172) 74-11-2"
    with translation.override("kk"):
        form = model_admin.get_form(request)(data={"kind": "", "name_kk": "x", "bin": BIN, "phone": typed})
        assert not form.is_valid()
        assert form.errors["phone"] == ["Телефонды +7XXXXXXXXXX (11 цифр) түрінде енгізіңіз."]
        assert f'value="{typed}"' in str(form["phone"])


class _ProfileSerializer(f.NormalisingModelSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = UserProfile
        fields = ("phone",)


def test_api_accepts_formatted_phone_and_keeps_the_code():
    ok = _ProfileSerializer(data={"phone": "+7 (701) 123-45-67"})
    assert ok.is_valid(), ok.errors
    assert ok.validated_data["phone"] == "+77011234567"
    bad = _ProfileSerializer(data={"phone": "+7 (701) 123-45"})
    assert not bad.is_valid()
    assert bad.errors["phone"][0].code == "phone_length"


@pytest.mark.parametrize(
    "field_class, typed, stored",
    [(f.ImeiSerializerField, "35 209900 176148 1", IMEI), (f.IinSerializerField, f"{IIN[:6]} {IIN[6:]}", IIN),
     (f.BinSerializerField, f"{BIN[:6]}-{BIN[6:]}", BIN), (f.PhoneSerializerField, "8 (7172) 74-11-22", "+77172741122")],
)
def test_serializer_fields(field_class, typed, stored):
    assert field_class().run_validation(typed) == stored


def test_imei_fixture_is_valid():
    assert luhn_check_digit(IMEI[:14]) == IMEI[14]


class _TrafficAdmin(f.NormalisingAdminMixin, admin.ModelAdmin):
    fields = ("peak_kbps",)


@pytest.mark.parametrize("typed", ["1 234,5", "1\u00a0234,5", "1234,5", "1234.5"])
def test_admin_decimal_takes_a_decimal_comma_and_thousands(typed, settings, rf: RequestFactory, admin_user):
    """With USE_THOUSAND_SEPARATOR (config.settings) a decimal is typed as written in Kazakhstan."""
    from decimal import Decimal

    from cases.platforms.records import TrafficStatistic

    settings.USE_THOUSAND_SEPARATOR = True
    request = rf.get("/")
    request.user = admin_user
    field = _TrafficAdmin(TrafficStatistic, admin.site).get_form(request).base_fields["peak_kbps"]
    assert field.localize and not isinstance(field.widget, forms.NumberInput)
    with translation.override("kk"):
        assert field.clean(typed) == Decimal("1234.5")
        assert field.widget.format_value(Decimal("1234567.5")) == "1\u00a0234\u00a0567,5"


def test_plain_number_column_never_grouped(settings):
    from cases.models import TransitionLog

    settings.USE_THOUSAND_SEPARATOR = True
    column = f.plain_number_column(TransitionLog, "object_id")
    assert column(TransitionLog(object_id=123456)) == "123456"
    assert column.short_description == TransitionLog._meta.get_field("object_id").verbose_name
    assert column.admin_order_field == "object_id"


def test_organisation_form_normalises_bin_and_phone():
    from registries.forms import OrganisationForm

    form = OrganisationForm()
    assert isinstance(form.fields["bin"], f.BinField) and form.fields["bin"].required
    assert isinstance(form.fields["phone"], f.PhoneField) and not form.fields["phone"].required
    assert form.fields["phone"].clean("8 (7172) 74-11-22") == "+77172741122"
