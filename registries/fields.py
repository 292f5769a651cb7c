"""Form and API fields for Kazakh identifiers typed by a person: phone, mobile phone, IMEI, IIN, BIN.

A person types "+7 (701) 123-45-67" or "35 209900 176148 1"; the model stores "+77011234567"
and "352099001761481" (``max_length`` 12 / 15). The form field therefore lets the person type
what they see on paper (a generous ``maxlength`` in the browser, so nothing is cut while typing),
normalises it (``registries.validators.normalise_*``: spaces, dashes, dots, brackets, a leading
8 or +7) and only then checks it; a mistake is answered next to the field and the typed text
stays in the input.

``normalising_formfield(db_field)`` picks the field for a model ``CharField`` from the validator
it carries (``validate_kz_mobile`` → ``MobilePhoneField`` …); the admin's
``ScopedAdminMixin.formfield_for_dbfield`` uses it for every such field. The API does the same
through ``NormalisingModelSerializerMixin`` (a ModelSerializer) or the ``*SerializerField``
classes (a plain Serializer).
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from . import validators as v

#: How many characters a person may type into such a field: the longest stored value (16) with
#: its separators ("+7 (701) 123-45-67" is 18) and room for stray spaces; the model's own
#: ``max_length`` then checks the normalised value.
INPUT_MAX_LENGTH = 40


class NormalisingField(forms.CharField):
    """A text field whose value is normalised (and so checked) before the form's validators run."""

    #: ``value -> normalised value``; raises ValidationError (a Kazakh message, a code).
    normalise: Callable[[str], str]
    #: the browser's on-screen keyboard: "tel" (digits, +, brackets) or "numeric".
    input_mode = "numeric"

    def __init__(self, *, max_length=None, **kwargs):
        # the model's max_length is the stored length, not what a person types
        super().__init__(max_length=INPUT_MAX_LENGTH, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return type(self).normalise(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.setdefault("inputmode", self.input_mode)
            attrs.setdefault("autocomplete", "off")
        return attrs


class PhoneField(NormalisingField):
    """Any Kazakh phone, landline or mobile → +7XXXXXXXXXX (an organisation's phone)."""

    normalise = staticmethod(v.normalise_kz_phone)
    input_mode = "tel"


class MobilePhoneField(NormalisingField):
    """A Kazakh mobile number → +77XXXXXXXXX (a subscriber, a device line, a staff member)."""

    normalise = staticmethod(v.normalise_kz_mobile)
    input_mode = "tel"


class ImeiField(NormalisingField):
    """An IMEI → 15 digits with a valid Luhn digit (seed 000 ch. 3-1)."""

    normalise = staticmethod(v.normalise_imei)


class IinField(NormalisingField):
    """An individual identification number → 12 digits with a birth date and check digit."""

    normalise = staticmethod(v.normalise_iin)


class BinField(NormalisingField):
    """A business identification number → 12 digits with a check digit."""

    normalise = staticmethod(v.normalise_bin)


#: The model validator a field carries → the form field that normalises its input.
FORM_FIELD_FOR_VALIDATOR: dict[Callable, type[NormalisingField]] = {
    v.validate_kz_mobile: MobilePhoneField,
    v.validate_kz_phone: PhoneField,
    v.validate_imei: ImeiField,
    v.validate_iin: IinField,
    v.validate_bin: BinField,
}


def normalising_field_class(db_field) -> type[NormalisingField] | None:
    """The normalising form field for a model ``CharField`` carrying one of the identifier
    validators (a field with choices is left alone), else None."""
    if not isinstance(db_field, models.CharField) or db_field.choices:
        return None
    for validator, field_class in FORM_FIELD_FOR_VALIDATOR.items():
        if validator in db_field.validators:
            return field_class
    return None


def normalising_formfield(db_field, **kwargs) -> NormalisingField | None:
    """The form field of ``db_field`` (label, required, help text from the model) that accepts
    the identifier as people type it; None for any other field. ``kwargs`` as for
    ``Field.formfield`` (the admin passes its widget)."""
    field_class = normalising_field_class(db_field)
    if field_class is None:
        return None
    kwargs.pop("form_class", None)
    return db_field.formfield(form_class=field_class, **kwargs)


def formfield_callback(db_field, **kwargs):
    """A ModelForm's ``Meta.formfield_callback`` outside the admin: identifier fields normalise."""
    return normalising_formfield(db_field, **kwargs) or db_field.formfield(**kwargs)


# --- API (DRF) ----------------------------------------------------------------------------------


class NormalisingSerializerField(serializers.CharField):
    """The API's twin of ``NormalisingField``: integrations may send "+7 (701) 123-45-67"; the
    error keeps the validator's code (``phone_length``, ``imei_checksum`` …)."""

    normalise: Callable[[str], str]

    def __init__(self, **kwargs):
        kwargs["max_length"] = INPUT_MAX_LENGTH
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return value
        try:
            return type(self).normalise(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(get_error_detail(exc)) from exc


class PhoneSerializerField(NormalisingSerializerField):
    normalise = staticmethod(v.normalise_kz_phone)


class MobilePhoneSerializerField(NormalisingSerializerField):
    normalise = staticmethod(v.normalise_kz_mobile)


class ImeiSerializerField(NormalisingSerializerField):
    normalise = staticmethod(v.normalise_imei)


class IinSerializerField(NormalisingSerializerField):
    normalise = staticmethod(v.normalise_iin)


class BinSerializerField(NormalisingSerializerField):
    normalise = staticmethod(v.normalise_bin)


SERIALIZER_FIELD_FOR_FORM_FIELD: dict[type[NormalisingField], type[NormalisingSerializerField]] = {
    PhoneField: PhoneSerializerField,
    MobilePhoneField: MobilePhoneSerializerField,
    ImeiField: ImeiSerializerField,
    IinField: IinSerializerField,
    BinField: BinSerializerField,
}


class NormalisingModelSerializerMixin:
    """A ModelSerializer whose identifier fields (by their model validators) accept the
    identifier as people write it and store it normalised."""

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        form_field_class = normalising_field_class(model_field)
        if form_field_class is not None:
            field_class = SERIALIZER_FIELD_FOR_FORM_FIELD[form_field_class]
            field_kwargs.pop("max_length", None)
        return field_class, field_kwargs


# --- admin --------------------------------------------------------------------------------------


class NormalisingAdminMixin:
    """A ModelAdmin whose identifier fields accept what people type (``cases.admin_mixins.
    ScopedAdminMixin`` includes it): the admin's own widget for the field, a generous
    ``maxlength``, the value normalised before it is checked. Decimal numbers are localized:
    shown with the decimal comma (and thousands separators) of ``registries/formats/kk``, typed
    as "1 234,5" or "1234.5"."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, (models.DecimalField, models.FloatField)) and not db_field.choices:
            kwargs.setdefault("localize", True)
        if normalising_field_class(db_field) is not None:
            for klass in type(db_field).__mro__:
                if klass in self.formfield_overrides:
                    kwargs = {**self.formfield_overrides[klass], **kwargs}
                    break
            return normalising_formfield(db_field, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def plain_number_column(model, field_name):
    """A changelist column of an integer that is a name, not a quantity (an id, a case's number,
    a line number): shown as typed, never grouped "1 234" by ``USE_THOUSAND_SEPARATOR``;
    the model field's label and sort. Use in ``list_display``."""
    from django.contrib import admin

    field = model._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    def column(obj):
        value = getattr(obj, field.attname)
        return "" if value is None else str(value)

    column.__name__ = field_name
    return column
