"""Included by config.urls as ``path("admin/manual/", include("manual.urls"))`` before the admin."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "manual"

urlpatterns = [
    path("", admin.site.admin_view(views.index), name="index"),
    path("screenshots/<str:name>", admin.site.admin_view(views.screenshot), name="screenshot"),
    path("<slug:slug>/", admin.site.admin_view(views.page), name="page"),
]
