from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import CalendarOverride


@receiver([post_save, post_delete], sender=CalendarOverride)
def drop_calendar_cache(**kwargs):
    from cases.deadlines import clear_calendar_cache

    clear_calendar_cache()


@receiver(post_migrate)
def sync_groups_after_migrate(sender, **kwargs):
    """Role groups are synced once, after the last app's permissions exist (post_migrate is sent
    only for apps with a models module)."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        from .roles import sync_role_groups

        sync_role_groups()
