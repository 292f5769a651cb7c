from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.admin_mixins import ScopedAdminMixin

from .models import DeadlineReminder, ReminderState


class DeliveryAdminMixin:
    """The list of e-mails sent once with retries (``models.Delivery``): read-only, the failed ones
    found by state, and put back for the next run of the job."""

    delivery_fields = ("state", "attempts", "last_error", "recipients", "created_at", "last_attempt_at", "sent_at")
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    @admin.action(description=_("Retry the selected failed e-mails on the next run"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.filter(state=ReminderState.FAILED).update(state=ReminderState.PENDING, attempts=0)
        self.message_user(
            request,
            ngettext("%(count)d e-mail will be retried.", "%(count)d e-mails will be retried.", count) % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(DeliveryAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("deadline", "case_type", "point", "state", "attempts", "last_attempt_at", "sent_at", "short_error")
    list_filter = ("state", "point")
    list_select_related = ("deadline", "deadline__content_type")
    search_fields = ("deadline__rule_code", "last_error", "recipients")
    readonly_fields = ("deadline", "point", *DeliveryAdminMixin.delivery_fields)

    @admin.display(description=_("case type"))
    def case_type(self, obj):
        return obj.deadline.content_type.model_class()._meta.verbose_name if obj.deadline.content_type.model_class() else "—"
