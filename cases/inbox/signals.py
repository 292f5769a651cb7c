"""Every step of a procedure case tells the next actor, once the step is committed."""

from django.db import transaction
from django.utils import timezone


def on_transition(sender, instance, name, source, target, **kwargs):
    """django-fsm ``post_transition``: schedule the notices for after the step's commit (the
    deadlines the step opens are written in the same transaction, after the transition)."""
    from cases.base import ProcedureCase

    if not isinstance(instance, ProcedureCase) or instance.pk is None:
        return
    method_kwargs = kwargs.get("method_kwargs") or {}
    by = method_kwargs.get("by")
    opened_since = timezone.now()  # the step's own deadlines are written after this moment
    happened_at = getattr(instance, "_step_occurred_at", None) or opened_since
    model, pk, by = type(instance), instance.pk, (by if getattr(by, "pk", None) else None)

    def notify_next_actor():  # a named function: Django logs a robust callback's failure by name
        _notify_committed(
            model=model, pk=pk, transition=name, target=str(target), by=by, happened_at=happened_at,
            opened_since=opened_since,
        )

    transaction.on_commit(notify_next_actor, robust=True)


def _notify_committed(*, model, pk, transition, target, by, happened_at, opened_since):
    """A step overtaken in the same transaction by a later step of the same case (a batch: the
    demo, an import) tells nobody: the case is no longer where it left it; the later step tells."""
    from .services import notify_step

    case = model._base_manager.filter(pk=pk).first()
    if case is not None and str(case.state) == target:
        notify_step(
            case=case, transition=transition, by=by, happened_at=happened_at, opened_since=opened_since
        )


def on_reminder_due(sender, reminder, **kwargs):
    from .services import notify_reminder

    notify_reminder(reminder=reminder)
