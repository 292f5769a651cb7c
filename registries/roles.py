"""Roles: one Django group per role, with real model permissions.

Each app may declare a ``roles`` module with ``ROLE_PERMISSIONS = {role_code: [perm, ...]}``
("app_label.codename"); ``sync_role_groups`` merges them after every migrate.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    AUTHORISED_BODY = "AUTHORISED_BODY", _("Authorised body")
    STATE_BODY = "STATE_BODY", _("State body")
    STS = "STS", _("State Technical Service")
    PENITENTIARY = "PENITENTIARY", _("Penitentiary-system authority")
    IMEI_DB_OPERATOR = "IMEI_DB_OPERATOR", _("Identification-code database operator")
    MOBILE_OPERATOR = "MOBILE_OPERATOR", _("Mobile operator")
    SERVICE_PROVIDER = "SERVICE_PROVIDER", _("Public-service provider")
    COMPLAINT_BODY = "COMPLAINT_BODY", _("Complaint-reviewing body")
    QUALITY_BODY = "QUALITY_BODY", _("Service-quality authority")


class Role(models.TextChoices):
    AUTHORISED_OFFICER = "authorised_officer", _("Authorised body: official")
    AUTHORISED_SUPERVISOR = "authorised_supervisor", _("Authorised body: supervisor")
    STATE_BODY_MANAGER = "state_body_manager", _("State body: manager")
    STATE_BODY_REPORTER = "state_body_reporter", _("State body: data entry")
    STS_OPERATOR = "sts_operator", _("State Technical Service: operator")
    PENITENTIARY_OFFICER = "penitentiary_officer", _("Penitentiary authority: officer")
    IMEI_DB_OPERATOR = "imei_db_operator", _("Identification-code database: operator")
    MOBILE_OPERATOR = "mobile_operator", _("Mobile operator: staff")
    SERVICE_PROVIDER = "service_provider", _("Service provider: staff")
    COMPLAINT_REVIEWER = "complaint_reviewer", _("Complaint body: reviewer")
    QUALITY_REVIEWER = "quality_reviewer", _("Service-quality authority: reviewer")


#: Role groups the procedures name (one name per tuple; use these, never a local copy).
AUTHORISED_OFFICIALS = (Role.AUTHORISED_OFFICER, Role.AUTHORISED_SUPERVISOR)
STATE_BODY_STAFF = (Role.STATE_BODY_MANAGER, Role.STATE_BODY_REPORTER)


#: Which roles an organisation of each kind may give its users.
ROLES_BY_KIND = {
    OrganisationKind.AUTHORISED_BODY: AUTHORISED_OFFICIALS,
    OrganisationKind.STATE_BODY: STATE_BODY_STAFF,
    OrganisationKind.STS: (Role.STS_OPERATOR,),
    OrganisationKind.PENITENTIARY: (Role.PENITENTIARY_OFFICER,),
    OrganisationKind.IMEI_DB_OPERATOR: (Role.IMEI_DB_OPERATOR,),
    OrganisationKind.MOBILE_OPERATOR: (Role.MOBILE_OPERATOR,),
    OrganisationKind.SERVICE_PROVIDER: (Role.SERVICE_PROVIDER,),
    OrganisationKind.COMPLAINT_BODY: (Role.COMPLAINT_REVIEWER,),
    OrganisationKind.QUALITY_BODY: (Role.QUALITY_REVIEWER,),
}

#: Permissions of the registries app itself.
ROLE_PERMISSIONS = {
    Role.AUTHORISED_OFFICER: [
        "registries.view_organisation",
        "registries.view_legalact",
        "registries.view_regionalobject",
        "registries.view_calendaroverride",
        "registries.view_onlineplatform",
        "registries.add_onlineplatform",
        "registries.change_onlineplatform",
    ],
    Role.AUTHORISED_SUPERVISOR: [
        "registries.view_organisation",
        "registries.add_organisation",
        "registries.change_organisation",
        "registries.view_userprofile",
        "registries.view_legalact",
        "registries.change_legalact",
        "registries.view_regionalobject",
        "registries.view_calendaroverride",
        "registries.add_calendaroverride",
        "registries.change_calendaroverride",
        "registries.delete_calendaroverride",
        "registries.view_onlineplatform",
        "registries.add_onlineplatform",
        "registries.change_onlineplatform",
    ],
    Role.STATE_BODY_MANAGER: ["registries.view_organisation", "registries.view_legalact"],
    Role.STATE_BODY_REPORTER: ["registries.view_legalact"],
    Role.STS_OPERATOR: ["registries.view_regionalobject"],
}


def collect_role_permissions() -> dict[str, set[str]]:
    """Merge ROLE_PERMISSIONS of every installed app's ``roles`` module."""
    from importlib import import_module

    from django.apps import apps

    merged: dict[str, set[str]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(str(role), set()).update(perms)
    return merged


def sync_role_groups() -> None:
    """Create one group per role and give it exactly the declared permissions."""
    from django.contrib.auth.models import Group, Permission

    wanted = collect_role_permissions()
    permissions = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for role, perm_names in wanted.items():
        group, _created = Group.objects.get_or_create(name=role)
        unknown = sorted(name for name in perm_names if name not in permissions)
        if unknown:
            raise LookupError(f"Role {role} names unknown permissions: {', '.join(unknown)}")
        group.permissions.set([permissions[name] for name in perm_names])
