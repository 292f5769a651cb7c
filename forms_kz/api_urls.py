from rest_framework.routers import SimpleRouter

from .api import OutgoingLetterViewSet

router = SimpleRouter()
router.register("letters", OutgoingLetterViewSet, basename="outgoing-letter")

urlpatterns = router.urls
