"""Admin forms of the seed 004 steps: their cleaned data become the keyword arguments of the
step's service (a step recorded afterwards also gets the shared ``occurred_at`` field)."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from registries.validators import validate_not_in_future

from . import throttle
from .selectors import active_sts


def comment_field():
    return forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


def register_number_field(help_text):
    return forms.CharField(label=_("register number of the letter sent on paper"), max_length=60, required=False,
                           help_text=help_text)


class StsChoiceForm(forms.Form):
    sts = forms.ModelChoiceField(label=_("State Technical Service"), queryset=active_sts())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sts"].queryset = active_sts()
        first = self.fields["sts"].queryset.first()
        if first is not None:
            self.fields["sts"].initial = first.pk


class DetectForm(forms.Form):
    detection_summary = forms.CharField(label=_("what was detected"), widget=forms.Textarea, required=False)
    comment = comment_field()


class NoticeForm(forms.Form):
    register_number = register_number_field(_(
        "Only for a notice already sent on paper: its register number (with the date and time it was sent "
        "below). Empty: the system issues the Appendix 2 notice now."
    ))
    comment = comment_field()


class RestrictionForm(StsChoiceForm):
    basis = forms.CharField(
        label=_("grounds of the restriction decision"),
        widget=forms.Textarea,
        help_text=_("Art. 41-1 of the Law on Communications. Printed in the instruction."),
    )
    comment = comment_field()

    field_order = ("basis", "sts", "comment")


class RepresentativeForm(forms.Form):
    representative = forms.CharField(label=_("legal representative in Kazakhstan"), max_length=500)
    comment = comment_field()


class StatisticsRequestForm(StsChoiceForm):
    comment = comment_field()


class ThrottleForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("reduction, %"),
        coerce=int,
        choices=[("", _("As the time since the notice allows"))] + [(level, f"{level} %") for level in throttle.LEVELS],
        required=False,
        empty_value=None,
        help_text=_("№ 267-НҚ бұйрықпен бекітілген Қағидалардың 9-тармағы: 8 months — 10 %, 1 year — 50 %, 1 year 6 months — 90 %."),
    )
    register_number = register_number_field(_(
        "Only for an instruction already sent on paper: its register number (with the date and time it was "
        "sent below). Empty: the system issues the Appendix 3 instruction now."
    ))
    comment = comment_field()


class ExecutionReportForm(forms.Form):
    executed_at = forms.SplitDateTimeField(label=_("executed at"), required=False, help_text=_("Empty: when reported."),
                                           validators=[validate_not_in_future], widget=AdminSplitDateTime)
    report = forms.CharField(label=_("execution report"), widget=forms.Textarea)
    comment = comment_field()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. opened in error; a domestic platform or not above 100,000 daily users (Art. 9 p. 1)."),
    )
    comment = comment_field()
