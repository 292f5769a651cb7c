"""Admin forms of the seed 004 transitions (their cleaned_data become transition kwargs)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registries.models import Organisation
from registries.roles import OrganisationKind

from . import throttle


def _not_future(value, message=None):
    if value and value > timezone.now():
        raise forms.ValidationError(message or _("This moment cannot be in the future."))
    return value


class DetectForm(forms.Form):
    detected_at = forms.DateTimeField(label=_("detected at"), required=False, help_text=_("Empty: now."))
    detection_summary = forms.CharField(label=_("what was detected"), widget=forms.Textarea, required=False)
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)

    def clean_detected_at(self):
        return _not_future(self.cleaned_data.get("detected_at"))


class RestrictionForm(forms.Form):
    basis = forms.CharField(
        label=_("grounds of the restriction decision"),
        widget=forms.Textarea,
        help_text=_("Art. 41-1 of the Law on Communications."),
    )
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)


class NoticeReceiptForm(forms.Form):
    received_at = forms.DateTimeField(label=_("notice received by the platform at"))
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)

    def clean_received_at(self):
        return _not_future(self.cleaned_data.get("received_at"))


class RepresentativeForm(forms.Form):
    representative = forms.CharField(label=_("legal representative in Kazakhstan"), max_length=500)
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)


class StatisticsRequestForm(forms.Form):
    sts = forms.ModelChoiceField(
        label=_("State Technical Service"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.STS, is_active=True),
    )
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first = self.fields["sts"].queryset.order_by("pk").first()
        if first is not None:
            self.fields["sts"].initial = first.pk


class ThrottleForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("reduction, %"),
        coerce=int,
        choices=[("", _("As the time since the notice allows"))] + [(level, f"{level} %") for level in throttle.LEVELS],
        required=False,
        empty_value=None,
        help_text=_("№ 267-НҚ бұйрық, 9-т.: 8 months — 10 %, 1 year — 50 %, 1 year 6 months — 90 %."),
    )
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)


class ExecutionReportForm(forms.Form):
    executed_at = forms.DateTimeField(label=_("executed at"), required=False, help_text=_("Empty: now."))
    report = forms.CharField(label=_("execution report"), widget=forms.Textarea)
    comment = forms.CharField(label=_("comment"), widget=forms.Textarea, required=False)

    def clean_executed_at(self):
        return _not_future(self.cleaned_data.get("executed_at"))
