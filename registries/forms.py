from django import forms

from .models import Organisation
from .validators import normalise_kz_phone


class OrganisationForm(forms.ModelForm):
    """Phones are accepted in any common notation and stored as +7XXXXXXXXXX."""

    class Meta:
        model = Organisation
        fields = (
            "kind", "name_kk", "name_ru", "bin", "parent", "is_active", "address", "email", "phone",
            "head_position", "head_name", "work_weekdays", "work_start", "work_end", "lunch_start", "lunch_end",
        )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalise_kz_phone(phone) if phone else phone
