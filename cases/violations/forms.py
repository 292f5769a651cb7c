"""Admin forms: the inputs of transitions that need them, and the inlines' validation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ViolationReport


class ReturnForm(forms.Form):
    missing = forms.CharField(
        label=_("What is missing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The state body sees this and completes the notification."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_missing(self):
        value = self.cleaned_data["missing"].strip()
        if not value:
            raise forms.ValidationError(_("State what is missing."))
        return value


class RejectForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds why there is no violation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required: information is refused stating the grounds why there is no violation (№ 409 бұйрық, 11-т.)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_grounds(self):
        value = self.cleaned_data["grounds"].strip()
        if not value:
            raise forms.ValidationError(_("State the grounds why there is no violation (№ 409 бұйрық, 11-т.)."))
        return value


class RestrictionForm(forms.Form):
    measure = forms.CharField(
        label=_("Measure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Empty: restrict access on the territory of Kazakhstan to the confirmed facts (Art. 41-1)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmByReferenceForm(forms.ModelForm):
    """Confirm by reference: choose among the earlier confirmed reports sharing a fact (issue 6 item 4)."""

    reference = forms.ModelChoiceField(label=_("Earlier confirmed report"), queryset=ViolationReport.objects.none())
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = ViolationReport
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report_ids = self.instance.duplicate_facts().values("report_id") if self.instance.pk else []
        self.fields["reference"].queryset = ViolationReport.objects.filter(pk__in=report_ids).select_related("organisation")

    def _post_clean(self):
        # Nothing of the report itself is edited here; the transition records the reference.
        pass
