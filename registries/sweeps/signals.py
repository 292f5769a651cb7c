"""Every transition of every case is an action of the user who ran it (issue 5, "Activity")."""

from .activity import record_action


def transition_is_an_action(sender, instance, name, source, target, **kwargs):
    by = (kwargs.get("method_kwargs") or {}).get("by")
    if getattr(by, "pk", None):
        record_action(by.pk)
