"""config.urls plus the lines the lead adds (issue 13), for tests run before integration."""

from django.urls import include, path

from config.urls import urlpatterns as config_urlpatterns
from registries.language import set_language_and_remember

urlpatterns = [
    path("i18n/setlang/remember/", set_language_and_remember, name="set_language_remembered"),
    path("admin/manual/", include("manual.urls")),
    *config_urlpatterns,
]
