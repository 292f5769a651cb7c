"""Admin forms: the inputs of the steps that need them (their cleaned data are the step
service's keyword arguments)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.admin_mixins import StepForm
from cases.staging import MultipleFileField, MultipleFileInput

from .conditions import GROUNDS_REQUIRED, MAX_ANSWER, MISSING_REQUIRED, REASON_REQUIRED, max_length
from .models import ViolationReport
from .uploads import EXTENSIONS, MAX_SCREENSHOT_BYTES


def answer_field(label, message, help_text, rows=4):
    """A written answer the step requires: empty or only spaces is refused with the step's own
    message (the field strips what is typed)."""
    return forms.CharField(
        label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows, "maxlength": MAX_ANSWER}),
        error_messages={"required": message}, validators=[max_length(MAX_ANSWER)],
    )


class ReturnForm(StepForm):
    missing = answer_field(_("What is missing"), MISSING_REQUIRED, _("The state body sees this and completes the notification."))
    field_order = ("missing", "comment")


class RejectForm(StepForm):
    """Seed 001 p. 11: the refusal states the grounds why there is no violation."""

    grounds = answer_field(
        _("Grounds why there is no violation"), GROUNDS_REQUIRED,
        _("Required: information is refused stating the grounds why there is no violation (№ 409 бұйрықпен бекітілген Қағидалардың 11-тармағы)."), rows=5,
    )
    field_order = ("grounds", "comment")


class RestrictionForm(StepForm):
    """Seed 001 p. 10: the measure of the restriction order."""

    measure = forms.CharField(
        label=_("Measure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_ANSWER}),
        validators=[max_length(MAX_ANSWER)],
        help_text=_("Empty: restrict access on the territory of Kazakhstan to the confirmed facts (Art. 41-1)."),
    )
    field_order = ("measure", "comment")


class WithdrawForm(StepForm):
    reason = answer_field(
        _("Why the notification is withdrawn"), REASON_REQUIRED,
        _("Required: for example, it was recorded in error or duplicates another notification. The authorised body sees it."),
    )
    field_order = ("reason", "comment")


class ConfirmByReferenceForm(forms.ModelForm):
    """Confirm by reference: choose among the earlier confirmed reports sharing a fact (seed 001 p. 10)."""

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
        # Nothing of the report itself is edited here; the step's service records the reference.
        pass


#: The change form's field choosing new screenshots, several at once (seed 001 p. 8).
ADD_SCREENSHOTS = "add_screenshots"
#: What the browser lets be chosen in one go: under the web server's body limit (deploy/nginx:
#: ``client_max_body_size 64m``) with room for the rest of the form; more goes in another round.
MAX_SCREENSHOTS_AT_ONCE_BYTES = 50 * 1024 * 1024


def screenshots_field():
    """New screenshots of the detected material, several chosen at once; what was chosen stays
    attached when the form is returned with an error (``cases.staging``)."""
    return MultipleFileField(
        label=_("Add screenshots"),
        required=False,
        widget=MultipleFileInput(attrs={
            "accept": ",".join(EXTENSIONS),
            "data-max-bytes": MAX_SCREENSHOT_BYTES,
            "data-max-total-bytes": MAX_SCREENSHOTS_AT_ONCE_BYTES,
        }),
        help_text=_(
            "Several files may be chosen at once: PNG, JPEG, WebP or PDF, at most 10 MB each. If the form "
            "is returned with an error, the chosen files stay attached and are saved with it."
        ),
    )
