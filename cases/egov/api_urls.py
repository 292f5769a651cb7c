from rest_framework.routers import SimpleRouter

from .api import ComplaintViewSet, ServiceRequestViewSet

router = SimpleRouter()
router.register("service-requests", ServiceRequestViewSet, basename="egov-service-request")
router.register("complaints", ComplaintViewSet, basename="egov-complaint")

urlpatterns = router.urls
