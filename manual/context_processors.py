"""``manual_page_url``: the manual page about the admin screen being shown (by its model and
the user's role), so the header's "Анықтама" / "Справка" link opens the right page."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from registries.scoping import role_of

from .pages import page_for_model


def _model_key(url_name: str) -> str | None:
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if url_name.startswith(prefix):
            return f"{model._meta.app_label}.{model._meta.model_name}"
    return None


def manual(request):
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or "admin" not in match.namespaces or not getattr(user, "is_staff", False) or not match.url_name:
        return {}
    key = _model_key(match.url_name)
    manual_page = page_for_model(key, role_of(user)) if key else None
    if manual_page is None:
        return {}
    try:
        url = reverse("manual:page", args=[manual_page.slug])
    except NoReverseMatch:
        return {}
    return {"manual_page_url": url, "manual_page": manual_page}
