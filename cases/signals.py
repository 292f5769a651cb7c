from django.dispatch import receiver
from django.utils import timezone
from django_fsm.signals import post_transition

from .models import TransitionLog


@receiver(post_transition)
def log_transition(sender, instance, name, source, target, **kwargs):
    """Every transition of every case: who (``by``), when, from, to, comment."""
    method_kwargs = kwargs.get("method_kwargs") or {}
    by = method_kwargs.get("by")
    now = timezone.now()
    occurred_at = getattr(instance, "_step_occurred_at", None)
    TransitionLog.objects.create(
        case=instance,
        transition=name,
        source=str(source),
        target=str(target),
        by=by if getattr(by, "pk", None) else None,
        comment=str(method_kwargs.get("comment") or ""),
        at=occurred_at or now,
        entered_at=now,
        recorded_afterwards=occurred_at is not None,
    )
