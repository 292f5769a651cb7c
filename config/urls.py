from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases.timeline import case_timeline
from config.health import healthz
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

# One log-in page: the admin's, which asks the authorised body's staff for the second factor
# (registries.security.LoginForm). The accounts/ log-in and password-change addresses lead there,
# so no session is opened and no password changed by a path that skips the code. Password reset
# (links sent to people granted accounts by an accepted staff list) stays: it opens no session.
accounts = [
    path("login/", RedirectView.as_view(pattern_name="admin:login", query_string=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", RedirectView.as_view(pattern_name="admin:password_change"), name="password_change"),
    path(
        "password_change/done/",
        RedirectView.as_view(pattern_name="admin:password_change_done"),
        name="password_change_done",
    ),
    path("password_reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/setlang/remember/", set_language_and_remember, name="set_language_remembered"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include(accounts)),
    path("api/v1/", include(api_v1)),
    path("", include("forms_kz.urls")),
    path("admin/manual/", include("manual.urls")),
    path("admin/inbox/", include("cases.inbox.urls")),
    path("admin/search/", include("cases.search.urls")),
    path("admin/exports/", include("cases.exports.urls")),
    path(
        "admin/timeline/<str:app_label>/<str:model_name>/<int:pk>/",
        admin.site.admin_view(case_timeline),
        name="case-timeline",
    ),
    path("admin/", admin.site.urls),
]

# Failures answered in the interface language (a page) or, under /api/, as {"code", "detail"}.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
