"""Admin pieces for half-year keyed records (sweeps, staff lists, their reminders)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .halfyear import half_year_label


class HalfYearListFilter(admin.SimpleListFilter):
    """The half-years present in the list, newest first, by label ("2026 ж. II жартыжылдық").
    Subclass with ``parameter_name`` set to the field path (``half_year``, ``staff_list__half_year``)."""

    title = _("half-year")
    parameter_name = "half_year"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list(self.parameter_name, flat=True)
            .distinct()
        )
        return [(code, half_year_label(code)) for code in sorted(set(codes), reverse=True)]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.parameter_name: self.value()}) if self.value() else queryset


class StaffListHalfYearFilter(HalfYearListFilter):
    """On the staff-list entries: the half-years of the lists the viewer may see (read from the
    lists, not by a DISTINCT over every entry)."""

    parameter_name = "staff_list__half_year"

    def lookups(self, request, model_admin):
        from registries.stafflists.models import StaffList

        codes = StaffList.objects.visible_to(request.user).order_by().values_list("half_year", flat=True).distinct()
        return [(code, half_year_label(code)) for code in sorted(set(codes), reverse=True)]


def half_year_column(field_path: str = "half_year"):
    """A changelist / read-only column showing the half-year by its label, sorted by its code."""

    def column(*args):  # a function in list_display, or a method of the ModelAdmin (self, obj)
        value = args[-1]
        for part in field_path.split("__"):
            value = getattr(value, part)
        return half_year_label(value)

    column.__name__ = f"{field_path}_label"
    return admin.display(description=_("half-year"), ordering=field_path)(column)
