from registries.roles import Role

ROLE_PERMISSIONS = {
    Role.AUTHORISED_OFFICER: ["monitoring.view_deadlinereminder"],
    Role.AUTHORISED_SUPERVISOR: ["monitoring.view_deadlinereminder", "monitoring.change_deadlinereminder"],
}
