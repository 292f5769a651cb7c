"""The exports app's admin pages (mounted under /admin/exports/)."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("views/save/", admin.site.admin_view(views.save_view), name="save"),
    path("views/<int:pk>/", admin.site.admin_view(views.open_view), name="open"),
    path("views/<int:pk>/delete/", admin.site.admin_view(views.delete_view), name="delete"),
    path("<str:label>/<str:fmt>/", admin.site.admin_view(views.export_list), name="export"),
]
