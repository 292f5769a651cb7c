"""Who may do what with letters. Each organisation issues its own letters (the authorised
body's officials issue the committee's letters; a state body its staff lists and notifications;
the penitentiary authority its demands; the service provider / complaint bodies their refusals
and decisions); an addressee organisation only sees (scoped) the letters addressed to it."""

from registries.roles import Role

_VIEW = "forms_kz.view_outgoingletter"
_DRAFT = [_VIEW, "forms_kz.add_outgoingletter", "forms_kz.change_outgoingletter", "forms_kz.delete_outgoingletter"]
_ISSUE = [*_DRAFT, "forms_kz.issue_outgoingletter"]
_CANCEL = [*_ISSUE, "forms_kz.cancel_outgoingletter"]

ROLE_PERMISSIONS = {
    Role.AUTHORISED_OFFICER: _ISSUE,
    Role.AUTHORISED_SUPERVISOR: _CANCEL,
    Role.STATE_BODY_MANAGER: _CANCEL,
    Role.STATE_BODY_REPORTER: _DRAFT,
    Role.PENITENTIARY_OFFICER: _CANCEL,
    Role.SERVICE_PROVIDER: _CANCEL,
    Role.COMPLAINT_REVIEWER: _CANCEL,
    Role.QUALITY_REVIEWER: _CANCEL,
    Role.STS_OPERATOR: [_VIEW],
    Role.IMEI_DB_OPERATOR: [_VIEW],
    Role.MOBILE_OPERATOR: [_VIEW],
}
