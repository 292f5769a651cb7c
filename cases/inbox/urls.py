"""The inbox's admin pages (mounted under /admin/inbox/)."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", admin.site.admin_view(views.inbox_list), name="list"),
    path("<int:pk>/open/", admin.site.admin_view(views.open_notice), name="open"),
    path("<int:pk>/read/", admin.site.admin_view(views.mark_read), name="read"),
    path("read-all/", admin.site.admin_view(views.mark_all_read), name="read_all"),
    path("preferences/", admin.site.admin_view(views.preferences), name="preferences"),
]
