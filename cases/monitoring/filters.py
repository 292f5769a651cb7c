"""``DeadlineStatusFilter``: a changelist filter for any ProcedureCase admin (and the deadline
admin), by the case's deadlines: overdue / due today / due within one working day / open.

One SQL query: a correlated EXISTS on ``cases_deadline`` by content type and object id
(or, on the deadline changelist itself, plain conditions on the row).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .status import STATUS_LABELS, STATUSES, case_status_q, windows


class DeadlineStatusFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [(status, STATUS_LABELS[status]) for status in STATUSES]

    def queryset(self, request, queryset):
        status = self.value()
        if status not in STATUSES:
            return queryset
        return filter_by_deadline_status(queryset, status)


def filter_by_deadline_status(queryset, status: str, win=None):
    from cases.models import Deadline

    win = win or windows()
    if queryset.model is Deadline:
        return queryset.filter(win.deadline_q(status))
    return queryset.filter(case_status_q(queryset.model, status, win))
