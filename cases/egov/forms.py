"""Forms of the complaint's legal steps in the admin (seed 002 p. 10): their cleaned data become
the keyword arguments of the step's service (``cases.egov.services``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SatisfyForm(forms.Form):
    resolution = forms.CharField(
        label=_("Decision or action that fully satisfies the complaint"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only within 3 working days of the complaint's arrival (№ 58 бұйрық, 10-т.)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False)


class ForwardForm(forms.Form):
    administrative_case = forms.CharField(
        label=_("Administrative case sent with the complaint"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The documents of the administrative case (№ 58 бұйрық, 10-т.)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False)


class DismissForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons of the decision"), widget=forms.Textarea(attrs={"rows": 5}))
    comment = forms.CharField(label=_("Comment"), required=False)


class UpholdForm(DismissForm):
    measures = forms.CharField(
        label=_("Measures taken to restore the complainant's rights"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    partially = forms.BooleanField(label=_("Upheld in part"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the complaint is withdrawn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only a complaint registered in error: its forwarding term closes as not applicable."),
    )
    comment = forms.CharField(label=_("Comment"), required=False)
