"""Admin forms: the steps that need input, and the demand's lines (validated by ``lines``)."""

from contextvars import ContextVar

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from registries.validators import normalise_imei, normalise_kz_mobile

from . import selectors
from .choices import DemandKind
from .lines import LinesInvalid, clean_lines, normalised_or_raw
from .models import DemandDevice, DeviceDemand

#: The user taking a step in the admin (set by ``DeviceDemandAdmin.fsm_transition_view``): a
#: mobile operator's execution form lists only that operator's lines.
acting_user: ContextVar = ContextVar("devices_acting_user", default=None)


def real_time_field(label, help_text):
    """The real time of a step done outside the system (``occurred_at`` of ``cases.steps``)."""
    return forms.SplitDateTimeField(label=label, help_text=help_text, required=False, widget=AdminSplitDateTime)


def comment_field():
    return forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReceiveForm(forms.Form):
    """p. 20-2 / 20-6: when the database operator received the demand (empty: now)."""

    occurred_at = real_time_field(
        _("Received at"),
        _("Leave empty for now; for a demand received by post, its real time of receipt. "
          "The 1-hour and 24-hour terms run from this moment."),
    )
    comment = comment_field()


class NotifyForm(forms.Form):
    """p. 20-3 / 20-7: when the mobile operators were notified (empty: now)."""

    occurred_at = real_time_field(
        _("Notified at"),
        _("Leave empty for now; if the mobile operators were notified outside the system, the real time. "
          "Their 3-working-hour terms (p. 20-4 / 20-8) run from this moment."),
    )
    comment = comment_field()


class WithdrawForm(forms.Form):
    """A demand opened in error is withdrawn before its receipt, with its reason."""

    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the demand was opened in error (recorded on the demand)."),
    )
    occurred_at = real_time_field(_("Withdrawn at"), _("Leave empty for now; for a withdrawal by letter, its real time."))
    comment = comment_field()


class InformForm(forms.Form):
    """The form of the Appendix asks to be informed within 24 hours of receipt: the answer."""

    answer = forms.CharField(
        label=_("Answer to the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, device by device (sent to the penitentiary-system authority)."),
    )
    occurred_at = real_time_field(
        _("Informed at"), _("Leave empty for now; if the requester was informed outside the system, the real time.")
    )
    comment = comment_field()


class ExecuteForm(forms.ModelForm):
    """p. 20-4 / 20-8: the mobile operator marks its own notified lines executed."""

    devices = forms.ModelMultipleChoiceField(
        label=_("Devices executed"),
        queryset=DemandDevice.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the lines addressed to your organisation that await execution."),
    )
    occurred_at = real_time_field(
        _("Executed at"),
        _("Leave empty for now. Not in the future, not before the notification."),
    )
    comment = comment_field()

    class Meta:
        model = DeviceDemand
        fields: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = acting_user.get()
        lines = selectors.lines_to_execute(self.instance, user) if user is not None and self.instance.pk else DemandDevice.objects.none()
        field = self.fields["devices"]
        field.queryset = lines
        field.label_from_instance = lambda line: f"{line.label()} — {line.phone}"
        field.initial = list(lines)


class DemandDeviceForm(forms.ModelForm):
    """One line: IMEI and phone accepted in any common notation and normalised; their errors
    (naming the line) come from the formset's one validator, ``lines.clean_lines``."""

    imei = forms.CharField(label=_("identification code (IMEI)"), max_length=40)
    phone = forms.CharField(label=_("phone number"), max_length=40)

    class Meta:
        model = DemandDevice
        fields = ("imei", "phone", "operator", "suspension")

    def clean_imei(self):
        return normalised_or_raw(normalise_imei, self.cleaned_data.get("imei"))

    def clean_phone(self):
        return normalised_or_raw(normalise_kz_mobile, self.cleaned_data.get("phone"))

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"imei", "phone"}


class DemandDeviceFormSet(forms.BaseInlineFormSet):
    """The act's rules over all lines of the demand (``lines.clean_lines``): every error is put
    on its line and names line and IMEI; good lines get their normalised values."""

    def _live_forms(self):
        return [
            form for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            and (form.has_changed() or form.instance.pk is not None)
        ]

    def clean(self):
        super().clean()
        live = self._live_forms()
        if not live or "imei" not in live[0].fields:
            return  # no line, or only the mobile operator of the lines is being chosen
        kind = getattr(self.instance, "kind", None) or DemandKind.SUSPEND
        fields = ("imei", "phone", "operator", "suspension")
        lines = [{name: form.cleaned_data.get(name) for name in fields} for form in live]
        try:
            cleaned = clean_lines(kind, lines, demand_id=self.instance.pk)
        except LinesInvalid as exc:
            for form, errors in zip(live, exc.rows, strict=True):
                for name, messages in errors.items():
                    form.add_error(name if name in form.fields else None, messages)
            return
        for form, line in zip(live, cleaned, strict=True):
            form.instance.imei, form.instance.phone, form.instance.suspension = line.imei, line.phone, line.suspension
