from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .halfyear import half_year_choices, parse_half_year
from .models import AccountSweep, AccountSweepEntry


class SweepFormingForm(forms.ModelForm):
    """The admin's "add" form: forming a sweep needs only its half-year."""

    class Meta:
        model = AccountSweep
        fields = ["half_year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # picked by its label among the half-years that have begun (newest first), not typed
        self.fields["half_year"] = forms.ChoiceField(
            label=self.fields["half_year"].label, choices=half_year_choices(), initial=half_year_choices()[0][0]
        )

    def clean_half_year(self):
        return parse_half_year(self.cleaned_data["half_year"]).code

    def validate_unique(self):
        """Forming an existing half-year again opens the existing sweep (no duplicate, no error)."""


class EntryReviewForm(forms.ModelForm):
    class Meta:
        model = AccountSweepEntry
        fields = ["excluded", "exclusion_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("excluded") and not (cleaned.get("exclusion_reason") or "").strip():
            raise ValidationError({"exclusion_reason": _("Give the reason why this account is excluded from the sweep.")})
        return cleaned


class ReactivationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reactivation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for reactivating the account."))
        return reason
