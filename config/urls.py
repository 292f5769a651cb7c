from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases.timeline import case_timeline
from registries.language import set_language_and_remember

API_APPS = [
    "registries.stafflists",
    "registries.sweeps",
    "cases.violations",
    "cases.platforms",
    "cases.devices",
    "cases.egov",
    "cases.monitoring",
    "forms_kz",
]

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the Content Security Policy holds.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    *[path("", include(f"{app}.api_urls")) for app in API_APPS],
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/setlang/remember/", set_language_and_remember, name="set_language_remembered"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Password reset / set-password links sent to people granted accounts by an accepted staff list.
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_v1)),
    path("", include("forms_kz.urls")),
    path("admin/manual/", include("manual.urls")),
    path(
        "admin/timeline/<str:app_label>/<str:model_name>/<int:pk>/",
        admin.site.admin_view(case_timeline),
        name="case-timeline",
    ),
    path("admin/", admin.site.urls),
]

