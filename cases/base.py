"""The base of every procedure's case model.

A case is a django-fsm-2 state machine: the ``state`` field is protected, legal steps are
``@transition`` methods whose ``conditions`` are the act's preconditions (each a function
decorated with ``@precondition(message)`` so a refusal can say what is missing) and whose
``permission`` is the role (``registries.scoping.role_permission``). Transitions take
``by`` (the acting user) and ``comment`` keyword arguments; the post-transition signal
writes them to the TransitionLog.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin

from registries.scoping import ScopedManager

from .models import Deadline, TransitionLog


def precondition(message):
    """Mark a django-fsm condition with the message shown when it is not met."""

    def decorate(function):
        function.message = message
        return function

    return decorate


class ProcedureCase(ConcurrentTransitionMixin, models.Model):
    """Abstract base: timestamps, deadlines, transition log, organisation scoping.

    Subclasses define ``state = FSMField(protected=True, ...)``, ``LEGAL_ACT_CODE`` (the seed
    act it runs under), ``FINAL_STATES`` and ``visibility_q(organisation) -> Q`` (classmethod).
    """

    LEGAL_ACT_CODE: str = ""
    #: States in which the case is finished (the dashboard counts the others as open).
    FINAL_STATES: tuple = ()

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    deadlines = GenericRelation(Deadline)
    transition_logs = GenericRelation(TransitionLog)

    objects = ScopedManager()

    class Meta:
        abstract = True

    @classmethod
    def visibility_q(cls, organisation):  # pragma: no cover - every subclass defines it
        raise NotImplementedError
