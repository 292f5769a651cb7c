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
from .steps import precondition  # noqa: F401  (re-exported: procedures import it from here)


class ProcedureCase(ConcurrentTransitionMixin, models.Model):
    """Abstract base: timestamps, deadlines, transition log, organisation scoping.

    Subclasses define ``state = FSMField(protected=True, ...)``, ``LEGAL_ACT_CODE`` (the seed
    act it runs under), ``FINAL_STATES`` and ``visibility_q(organisation) -> Q`` (classmethod).
    """

    LEGAL_ACT_CODE: str = ""
    #: States in which the case is finished: the one definition (the dashboard, "my queue",
    #: the API and the legal path count the others as open).
    FINAL_STATES: tuple = ()

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    deadlines = GenericRelation(Deadline)
    transition_logs = GenericRelation(TransitionLog)

    objects = ScopedManager()

    class Meta:
        abstract = True

    @property
    def is_final(self) -> bool:
        return self.state in self.FINAL_STATES

    @classmethod
    def visibility_q(cls, organisation):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @classmethod
    def ensure_legal_act_applicable(cls, on=None) -> None:
        """The one applicable-act check: no case is opened (and no step taken) under an act not
        yet in force or repealed; ValidationError with the act's citation (DESIGN G)."""
        from registries.models import LegalAct

        LegalAct.objects.get(code=cls.LEGAL_ACT_CODE).ensure_applicable(on=on)
