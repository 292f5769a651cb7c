from registries.roles import Role

ROLE_PERMISSIONS = {
    Role.AUTHORISED_OFFICER: ["inbox.view_noticeemail"],
    Role.AUTHORISED_SUPERVISOR: ["inbox.view_noticeemail", "inbox.change_noticeemail"],
}
