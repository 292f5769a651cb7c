from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import ScreenshotFileView, ViolationReportViewSet

app_name = "violations"

router = SimpleRouter()
router.register("violation-reports", ViolationReportViewSet, basename="violation-report")

urlpatterns = [
    path("violation-screenshots/<path:name>", ScreenshotFileView.as_view(), name="screenshot-file"),
    *router.urls,
]
