from rest_framework.routers import SimpleRouter

from .api import DeviceDemandViewSet, DeviceServiceStateViewSet

router = SimpleRouter()
router.register("device-demands", DeviceDemandViewSet, basename="device-demand")
router.register("device-service-states", DeviceServiceStateViewSet, basename="device-service-state")

urlpatterns = router.urls
