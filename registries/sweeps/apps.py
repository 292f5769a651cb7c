from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SweepsConfig(AppConfig):
    name = "registries.sweeps"
    label = "sweeps"
    verbose_name = _("Inactive-account sweeps")

    def ready(self):
        from django_fsm.signals import post_transition

        from .signals import transition_is_an_action

        post_transition.connect(transition_is_an_action, dispatch_uid="sweeps_transition_is_an_action")
