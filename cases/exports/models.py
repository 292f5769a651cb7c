"""A user's saved changelist filters: a named query string of one admin list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedViewQuerySet(models.QuerySet):
    def of(self, user):
        """The views ``user`` saved; nobody sees anyone else's (not even the authorised body)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def for_list(self, user, model_label: str):
        return self.of(user).filter(model_label=model_label)


class SavedView(models.Model):
    """A changelist's filters, search and order as the user named them. The query string is
    only a bookmark: opening it runs the list again for whoever opens it (scoped as any list)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views", verbose_name=_("user")
    )
    #: the admin list, as ``app_label.model_name`` (e.g. ``violations.violationreport``)
    model_label = models.CharField(_("admin list"), max_length=100)
    name = models.CharField(_("view name"), max_length=80)
    query_string = models.CharField(_("list filters"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "model_label", "name"], name="saved_view_unique_name"),
        ]
        indexes = [models.Index(fields=["user", "model_label"], name="saved_view_user_list")]

    def __str__(self):
        return self.name
