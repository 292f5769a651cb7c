"""Every transition of every case is an action of the user who ran it: a sign of activity (seed 001 p. 6)."""

from .activity import record_action


def transition_is_an_action(sender, instance, name, source, target, **kwargs):
    by = (kwargs.get("method_kwargs") or {}).get("by")
    if getattr(by, "pk", None):
        record_action(by.pk)
