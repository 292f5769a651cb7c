from django import forms
from django.contrib.admin.widgets import AdminTextInputWidget

from .fields import normalising_formfield
from .models import Organisation


def _identifier(name):
    return normalising_formfield(Organisation._meta.get_field(name), widget=AdminTextInputWidget)


class OrganisationForm(forms.ModelForm):
    """BIN and phone are accepted as people write them ("990340 002 013", "8 (7172) 74-11-22")
    and stored normalised (``registries.fields``)."""

    bin = _identifier("bin")
    phone = _identifier("phone")

    class Meta:
        model = Organisation
        fields = (
            "kind", "name_kk", "name_ru", "bin", "parent", "is_active", "address", "email", "phone",
            "head_position", "head_name", "work_weekdays", "work_start", "work_end", "lunch_start", "lunch_end",
        )
