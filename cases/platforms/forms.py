"""Admin forms of the seed 004 steps: their cleaned data become the keyword arguments of the
step's service (a step recorded afterwards also gets the shared ``occurred_at`` field)."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from registries.validators import validate_not_in_future

from . import throttle, traffic
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


def kbps_text(value) -> str:
    """A stored peak as the grid shows it, whatever the language: "1 234,5" (the Kazakh and
    Russian notation that ``traffic.parse_kbps`` reads back), without trailing zeros."""
    value = value.quantize(1) if value == value.to_integral_value() else value.normalize()
    return f"{value:,}".replace(",", "\u00a0").replace(".", ",")


class StatisticsGridForm(forms.Form):
    """The STS's statistics of one case as a grid (seed 004 p. 7–8): a row per regional object in
    Kazakh alphabetical order, a column per period of the day (``traffic.grid_periods``), each
    cell the peak throughput in Kbit/s; plus a box to paste a range from a spreadsheet. The cells
    are text: the one service (``traffic.save_statistics_grid``) reads and checks them all."""

    paste = forms.CharField(
        label=_("Paste from a spreadsheet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("Copy the range in Excel or LibreOffice (with or without the row of periods and the column of "
                    "regions) and paste it here, or straight into a cell of the grid."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from registries.models import RegionalObject

        self.case = case
        existing = list(case.traffic_statistics.all())
        self.periods = traffic.grid_periods((row.period_start, row.period_end) for row in existing)
        self.regions = sorted(RegionalObject.objects.all(), key=lambda region: traffic.kazakh_alphabetical_key(str(region)))
        stored = {(row.regional_object_id, row.period_start, row.period_end): row.peak_kbps for row in existing}
        self.cell_keys: dict[str, tuple] = {}
        for region in self.regions:
            for column, period in enumerate(self.periods):
                name = self.cell_name(region, column)
                key = (region.pk, *period)
                value = stored.get(key)
                self.fields[name] = forms.CharField(
                    label=f"{region}, {traffic.period_label(period)}", required=False, max_length=40,
                    initial=kbps_text(value) if value is not None else "",
                )
                self.cell_keys[name] = key

    @staticmethod
    def cell_name(region, column: int) -> str:
        return f"c{region.pk}_{column}"

    def period_labels(self) -> list[str]:
        return [traffic.period_label(period) for period in self.periods]

    def rows(self):
        """(regional object, its cells' bound fields) in the grid's order, for the template."""
        return [(region, [self[self.cell_name(region, column)] for column in range(len(self.periods))]) for region in self.regions]

    def cells(self) -> dict:
        """The typed cells for ``traffic.save_statistics_grid``."""
        return {key: self.cleaned_data.get(name, "") for name, key in self.cell_keys.items()}

    def take_paste(self) -> list[str]:
        """Put the pasted range into the typed cells (nothing is saved): the problems of the paste."""
        names = [{region.name_kk, region.name_ru, region.code, str(region)} for region in self.regions]
        placement = traffic.place_pasted(self.data.get(self.add_prefix("paste"), ""), names, self.periods)
        data = self.data.copy()
        for (row, column), text in placement.values.items():
            data[self.add_prefix(self.cell_name(self.regions[row], column))] = text
        data[self.add_prefix("paste")] = ""
        self.data = data
        return placement.problems

    def add_cell_errors(self, cell_errors: dict) -> None:
        names = {key: name for name, key in self.cell_keys.items()}
        for key, messages in cell_errors.items():
            self.add_error(names[key], messages)

    def error_count(self) -> int:
        return sum(1 for name in self.errors if name in self.cell_keys)
