from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.admin_mixins import ScopedAdminMixin
from cases.monitoring.admin import DeliveryAdminMixin

from .models import NoticeEmail
from .selectors import procedure_of, what_happened


@admin.register(NoticeEmail)
class NoticeEmailAdmin(DeliveryAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The notices' e-mails for the authorised body: which failed, why, and a retry."""

    list_display = (
        "addressee", "procedure", "event", "language_name", "state", "attempts", "last_attempt_at", "sent_at", "short_error",
    )
    list_filter = ("state",)
    list_select_related = ("notice__organisation", "notice__content_type", "notice__reminder", "notice__deadline")
    search_fields = ("last_error", "recipients", "notice__organisation__name_kk", "notice__organisation__name_ru")
    fields = ("notice", "language", *DeliveryAdminMixin.delivery_fields)
    readonly_fields = fields

    @admin.display(description=_("organisation"), ordering="notice__organisation__name_kk")
    def addressee(self, obj):
        return obj.notice.organisation

    @admin.display(description=_("procedure"))
    def procedure(self, obj):
        return procedure_of(obj.notice)

    @admin.display(description=_("event"))
    def event(self, obj):
        return what_happened(obj.notice)

    @admin.display(description=_("language"), ordering="language")
    def language_name(self, obj):
        return dict(settings.LANGUAGES).get(obj.language, obj.language)
