"""Admin forms: the transitions that need input, and the demand's lines."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registries.validators import normalise_imei, normalise_kz_mobile

from .models import DemandKind, DeviceDemand
from .services import device_label, rule_errors


class ReceiveForm(forms.Form):
    """p. 20-2 / 20-6: when the database operator received the demand (empty: now)."""

    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        help_text=_("Leave empty for now. The 1-hour and 24-hour terms run from this moment."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_received_at(self):
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now():
            raise ValidationError(_("The time of receipt cannot be in the future."))
        return value


class InformForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, device by device (sent to the penitentiary-system authority)."),
    )
    comment = forms.CharField(label=_("Comment"), required=False)


class ExecuteForm(forms.Form):
    executed_at = forms.DateTimeField(label=_("Executed at"), required=False, help_text=_("Leave empty for now."))
    comment = forms.CharField(label=_("Comment"), required=False)


class DemandDeviceForm(forms.ModelForm):
    """One line: the IMEI and the phone are normalised, errors name the line."""

    def clean_imei(self):
        return normalise_imei(self.cleaned_data.get("imei") or "")

    def clean_phone(self):
        return normalise_kz_mobile(self.cleaned_data.get("phone") or "")


class DemandDeviceFormSet(forms.BaseInlineFormSet):
    """The act's rules over all lines of the demand: duplicates, suspension in force, restoration
    of an executed suspension. Every error is put on the line's IMEI and names line and IMEI."""

    def clean(self):
        super().clean()
        demand: DeviceDemand = self.instance
        kind = getattr(demand, "kind", None) or DemandKind.SUSPEND
        seen: dict[str, int] = {}
        index = 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            index += 1
            imei = form.cleaned_data.get("imei")
            if not imei:
                continue
            label = device_label(index, imei)
            if imei in seen:
                form.add_error("imei", f"{label}: " + str(_("this IMEI is already on line %(row)s of this demand") % {"row": seen[imei]}))
                continue
            seen[imei] = index
            if form.instance.pk and "imei" not in form.changed_data and "suspension" not in form.changed_data:
                continue  # unchanged line already checked
            problems, suspension = rule_errors(kind, imei, form.cleaned_data.get("suspension"), demand.pk)
            for problem in problems:
                form.add_error("imei", f"{label}: {problem}")
            if not problems and kind == DemandKind.RESTORE:
                form.instance.suspension = suspension
