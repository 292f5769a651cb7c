"""Permissions of the e-gov number-linking service (seed 002) by role."""

from registries.roles import Role

ROLE_PERMISSIONS = {
    # The provider runs the service: its integrations record requests; its staff register
    # complaints and take the provider's steps (satisfy / forward).
    Role.SERVICE_PROVIDER: [
        "egov.view_servicerequest",
        "egov.add_servicerequest",
        "egov.view_complaint",
        "egov.add_complaint",
        "egov.change_complaint",
    ],
    # Reviewing bodies decide complaints forwarded to them.
    Role.COMPLAINT_REVIEWER: ["egov.view_complaint", "egov.change_complaint"],
    Role.QUALITY_REVIEWER: ["egov.view_complaint", "egov.change_complaint"],
    # The authorised body supervises: reads requests and complaints; the supervisor reads the
    # personal-data access log.
    Role.AUTHORISED_OFFICER: ["egov.view_servicerequest", "egov.view_complaint"],
    Role.AUTHORISED_SUPERVISOR: ["egov.view_servicerequest", "egov.view_complaint", "egov.view_personaldataaccess"],
}
