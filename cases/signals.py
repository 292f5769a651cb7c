from django.dispatch import receiver
from django_fsm.signals import post_transition

from .models import TransitionLog


@receiver(post_transition)
def log_transition(sender, instance, name, source, target, **kwargs):
    """Every transition of every case: who (``by``), when, from, to, comment."""
    method_kwargs = kwargs.get("method_kwargs") or {}
    by = method_kwargs.get("by")
    TransitionLog.objects.create(
        case=instance,
        transition=name,
        source=str(source),
        target=str(target),
        by=by if getattr(by, "pk", None) else None,
        comment=str(method_kwargs.get("comment") or ""),
    )
