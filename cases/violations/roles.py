"""Permissions of the notification procedure (seed 001 p. 7–11) by role."""

from registries.roles import Role

_REPORTER = [
    "violations.view_violationtype",
    "violations.view_violationreport",
    "violations.add_violationreport",
    "violations.change_violationreport",
    "violations.delete_violationreport",
    "violations.view_violationfact",
    "violations.add_violationfact",
    "violations.change_violationfact",
    "violations.delete_violationfact",
    "violations.view_screenshot",
    "violations.add_screenshot",
    "violations.change_screenshot",
    "violations.delete_screenshot",
    "violations.view_restrictionorder",
]

_REVIEWER = [
    "violations.view_violationtype",
    "violations.add_violationtype",
    "violations.change_violationtype",
    "violations.view_violationreport",
    # "change" lets the reviewer run the transitions on the change form; the content stays read-only.
    "violations.change_violationreport",
    "violations.view_violationfact",
    "violations.view_screenshot",
    "violations.view_restrictionorder",
]

ROLE_PERMISSIONS = {
    Role.STATE_BODY_REPORTER: _REPORTER,
    Role.STATE_BODY_MANAGER: _REPORTER,
    Role.AUTHORISED_OFFICER: _REVIEWER,
    Role.AUTHORISED_SUPERVISOR: _REVIEWER + ["violations.delete_violationtype"],
}
