from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

from registries.models import Organisation
from registries.roles import OrganisationKind

from .models import current_half_year, validate_half_year
from .services.importing import MAX_BYTES


class ReturnForm(forms.Form):
    """Input of the "return for correction" step: the reason is required."""

    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}), required=True)


class StaffListImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("State body"), queryset=Organisation.objects.none())
    half_year = forms.CharField(label=_("Half-year"), max_length=7, validators=[validate_half_year], help_text=_("E.g. 2026-H2."))
    signatory_position = forms.CharField(label=_("Authorised official's position"), max_length=300, required=False)
    signatory_name = forms.CharField(label=_("Authorised official's full name"), max_length=300, required=False)
    import_file = forms.FileField(
        label=_("File"), help_text=_("XLSX or CSV (UTF-8 or Windows-1251), at most 20 MB and 200 000 rows.")
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (organisations if organisations is not None else Organisation.objects.none()).filter(
            kind=OrganisationKind.STATE_BODY
        )
        self.fields["half_year"].initial = current_half_year()

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."), code="too_large")
        return upload


class StaffListConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class ColumnNamesExportForm(SelectableFieldsExportForm):
    """django-import-export labels each column "<Attribute Name> (<column name>)", the first part
    always in English: show only the (translated) column name, the header of the exported file."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None and field.column_name else field_name
