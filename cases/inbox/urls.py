"""The inbox's admin pages (mounted under /admin/inbox/)."""

app_name = "inbox"
urlpatterns: list = []
