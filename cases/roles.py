from registries.roles import Role

ROLE_PERMISSIONS = {role: ["cases.view_deadline"] for role in Role}
ROLE_PERMISSIONS[Role.AUTHORISED_OFFICER] += ["cases.view_transitionlog"]
ROLE_PERMISSIONS[Role.AUTHORISED_SUPERVISOR] += ["cases.view_transitionlog"]
