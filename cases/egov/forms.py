"""Forms of the complaint's legal steps in the admin (seed 002 p. 10): their cleaned data become
the keyword arguments of the step's service (``cases.egov.services``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH


class SatisfyForm(forms.Form):
    resolution = forms.CharField(
        label=_("Decision or action that fully satisfies the complaint"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only within 3 working days of the complaint's arrival (№ 58 бұйрықпен бекітілген Қағидалардың 10-тармағы)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class ForwardForm(forms.Form):
    administrative_case = forms.CharField(
        label=_("Administrative case sent with the complaint"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The documents of the administrative case (№ 58 бұйрықпен бекітілген Қағидалардың 10-тармағы)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class AuthorityRegistrationForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number at the service-quality authority"), max_length=40,
        help_text=_("The 15 working days run from this registration (№ 58 бұйрықпен бекітілген Қағидалардың "
                    "10-тармағы)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class DismissForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons of the decision"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5}))
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class UpholdForm(DismissForm):
    measures = forms.CharField(
        label=_("Measures taken to restore the complainant's rights"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    partially = forms.BooleanField(label=_("Upheld in part"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the complaint is withdrawn"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only a complaint registered in error: its forwarding term closes as not applicable."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)
