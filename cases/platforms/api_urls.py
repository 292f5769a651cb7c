from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import PlatformCaseViewSet, PlatformEvidenceFileView, ThrottleInstructionViewSet, TrafficStatisticViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("platform-cases", PlatformCaseViewSet, basename="platform-case")
router.register("traffic-statistics", TrafficStatisticViewSet, basename="traffic-statistic")
router.register("throttle-instructions", ThrottleInstructionViewSet, basename="throttle-instruction")

urlpatterns = [
    path("platform-evidence/<path:name>", PlatformEvidenceFileView.as_view(), name="platform-evidence-file"),
    *router.urls,
]
