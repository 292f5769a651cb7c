"""The project's URLs plus the timeline page, until config/urls.py has its line (see cases/timeline.py)."""

from django.contrib import admin
from django.urls import path

from cases.timeline import case_timeline
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("admin/timeline/<str:app_label>/<str:model_name>/<int:pk>/", admin.site.admin_view(case_timeline), name="case-timeline"),
    *project_urlpatterns,
]
