"""Who takes each step of a device demand and what it needs (seed 000, ch. 3-1).

Preconditions are pure predicates of the demand made with ``cases.steps.precondition``: the
same predicates decide the button, the refusal (400 with the clause) and the legal-path panel.
Permissions are django-fsm ``permission`` callables (``roles`` names who acts on the panel).
"""

from django.utils.translation import gettext_lazy as _

from cases.conditions import signatory_condition
from cases.steps import precondition
from registries.roles import Role
from registries.scoping import has_role, organisation_of

from . import rules
from .choices import DeviceStatus

# --- preconditions ------------------------------------------------------------------------


@precondition(_("The demand lists no device: add at least one line (IMEI and phone number)."), rules.CITE_FORM)
def has_devices(demand) -> bool:
    return demand.pk is not None and demand.devices.exists()


has_signatory = signatory_condition(
    _("The demand must be signed by the head: give the signatory's position and full name (form of the Appendix)."),
    rules.CITE_SIGNATORY,
)


@precondition(_("Name the institution (prison or detention centre) where the devices are used."), rules.CITE_INSTITUTION)
def has_institution(demand) -> bool:
    return bool((demand.institution or "").strip())


@precondition(_("Choose the mobile operator of every device before notifying."), rules.CITE_NOTIFY)
def every_device_has_operator(demand) -> bool:
    return demand.pk is not None and not demand.devices.filter(operator__isnull=True).exists()


@precondition(
    _("The demand was sent outside the system (on paper, by post): the database operator records its real receipt."),
    rules.CITE_RECEIVE,
    other_road=True,  # unmet: the database operator records the real receipt; the system delivers nothing
)
def sent_through_system(demand) -> bool:
    """Sent through the system, the demand is delivered — received — the moment it is sent."""
    return demand.sent_at is not None and not demand.sent_outside_system


@precondition(_("Not every device has been executed by its mobile operator yet."), rules.CITE_EXECUTE)
def every_device_executed(demand) -> bool:
    return demand.pk is not None and not demand.devices.exclude(status=DeviceStatus.EXECUTED).exists()


# --- permissions --------------------------------------------------------------------------


def _mobile_operator_lines(demand, user, **filters) -> bool:
    if not has_role(user, Role.MOBILE_OPERATOR) or demand.pk is None:
        return False
    if user.is_superuser:
        return demand.devices.filter(**filters).exists()
    organisation = organisation_of(user)
    return organisation is not None and demand.devices.filter(operator=organisation, **filters).exists()


def mobile_operator_of_demand(demand, user) -> bool:
    """A mobile operator's staff with at least one device of this demand (the system step that
    completes the execution is taken on the last operator's behalf)."""
    return _mobile_operator_lines(demand, user)


def mobile_operator_with_lines_to_execute(demand, user) -> bool:
    """A mobile operator's staff with a device of this demand notified to it and not yet
    executed (p. 20-4 / 20-8: each operator executes its own devices)."""
    return _mobile_operator_lines(demand, user, status=DeviceStatus.NOTIFIED)


mobile_operator_of_demand.roles = (str(Role.MOBILE_OPERATOR),)
mobile_operator_with_lines_to_execute.roles = (str(Role.MOBILE_OPERATOR),)
