from rest_framework.routers import DefaultRouter

from .api import AccountDeactivationViewSet, AccountSweepEntryViewSet, AccountSweepViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("account-sweeps", AccountSweepViewSet, basename="account-sweep")
router.register("account-sweep-entries", AccountSweepEntryViewSet, basename="account-sweep-entry")
router.register("account-deactivations", AccountDeactivationViewSet, basename="account-deactivation")

urlpatterns = router.urls
