"""The search app's admin pages (mounted under /admin/search/)."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", admin.site.admin_view(views.results), name="results"),
]
