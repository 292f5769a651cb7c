from rest_framework.routers import DefaultRouter

from .api import PlatformCaseViewSet, ThrottleInstructionViewSet, TrafficStatisticViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("platform-cases", PlatformCaseViewSet, basename="platform-case")
router.register("traffic-statistics", TrafficStatisticViewSet, basename="traffic-statistic")
router.register("throttle-instructions", ThrottleInstructionViewSet, basename="throttle-instruction")

urlpatterns = router.urls
