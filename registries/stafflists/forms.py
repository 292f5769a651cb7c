from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

from registries.models import Organisation
from registries.roles import OrganisationKind
from registries.sweeps.halfyear import half_year_choices

from .models import current_half_year
from .services.importing import MAX_BYTES


class StepCommentForm(forms.Form):
    """The comment every step form carries (recorded in the case's timeline)."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AcceptForm(StepCommentForm):
    """The accept page: before accepting, the officer sees the people new / changed / dropped
    against the accepted list and the accounts each one's acceptance changes (the same plan the
    acceptance carries out; its fingerprint goes with the form)."""

    expected_changes = forms.CharField(widget=forms.HiddenInput, required=False)
    template_name_div = "admin/stafflists/stafflist/accept_form.html"

    def plan(self):
        from .services.accounts import account_plan

        if not hasattr(self, "_plan"):
            record = getattr(self, "_record", None)
            self._plan = account_plan(record) if record is not None and record.pk else None
        return self._plan

    def get_context(self):
        plan = self.plan()
        if plan is not None and not self.is_bound:
            self.fields["expected_changes"].initial = plan.digest()
        context = super().get_context()
        context["plan"] = plan
        context["changes"] = plan.changes() if plan is not None else []
        return context


class ReturnForm(StepCommentForm):
    """Input of the "return for correction" step: the reason is required."""

    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}), required=True)
    field_order = ["reason", "comment"]


class WithdrawForm(StepCommentForm):
    """Input of the "withdraw" step (a list prepared or sent in error): the reason is required."""

    reason = forms.CharField(label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 3}), required=True)
    field_order = ["reason", "comment"]


class ReceiveByLetterForm(StepCommentForm):
    """Input of "record the list received by letter": the letter's number and date (its real time
    of receipt is the step's "when it actually happened")."""

    letter_reference = forms.CharField(
        label=_("Letter received"), max_length=200,
        help_text=_("Registration number and date of the state body's signed letter (Appendix 1)."),
    )
    field_order = ["letter_reference", "comment"]


class StaffListImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("State body"), queryset=Organisation.objects.none())
    half_year = forms.ChoiceField(label=_("Half-year"), choices=())
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
        # the half-years a list can be for, by their labels (the current one and the next)
        self.fields["half_year"].choices = half_year_choices(ahead=1)
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
