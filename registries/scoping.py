"""Who may see what: every queryset a user touches goes through ``visible_to``.

The authorised body (and superusers) see everything; everyone else sees what their
organisation made or what is addressed to it, as each model's ``visibility_q`` says.
"""

from django.db import models

from .roles import OrganisationKind


def organisation_of(user):
    """The user's organisation, or None (anonymous, no profile)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_cached_organisation", False)
    if cached is not False:
        return cached
    profile = getattr(user, "profile", None) if _has_profile(user) else None
    organisation = profile.organisation if profile else None
    user._cached_organisation = organisation
    return organisation


def _has_profile(user) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        user.profile  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not _has_profile(user):
        return None
    return user.profile.role


def sees_everything(user) -> bool:
    """Superusers and the authorised body's staff see every organisation's records."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    organisation = organisation_of(user)
    return organisation is not None and organisation.kind == OrganisationKind.AUTHORISED_BODY


def has_role(user, *roles) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return role_of(user) in {str(r) for r in roles}


def role_permission(*roles, organisation_field: str | None = None):
    """A django-fsm ``permission`` callable: the user holds one of ``roles`` and, when
    ``organisation_field`` is given, belongs to the organisation that field names."""

    def check(instance, user) -> bool:
        if not has_role(user, *roles):
            return False
        if organisation_field is None or user.is_superuser:
            return True
        organisation = organisation_of(user)
        return organisation is not None and getattr(instance, f"{organisation_field}_id") == organisation.pk

    check.roles = tuple(str(r) for r in roles)
    check.organisation_field = organisation_field
    return check


class ScopedQuerySet(models.QuerySet):
    """A queryset whose model defines ``visibility_q(organisation) -> Q``."""

    def visible_to(self, user):
        if sees_everything(user):
            return self
        organisation = organisation_of(user)
        if organisation is None or not user.is_active:
            return self.none()
        return self.filter(self.model.visibility_q(organisation))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def scoped(queryset, user):
    """Scope any queryset: models with ``visibility_q`` are filtered, others returned as-is
    only to those who see everything (fail closed)."""
    model = queryset.model
    if sees_everything(user):
        return queryset
    if hasattr(model, "visibility_q"):
        organisation = organisation_of(user)
        if organisation is None:
            return queryset.none()
        return queryset.filter(model.visibility_q(organisation))
    return queryset.none()

