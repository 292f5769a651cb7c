"""Permissions of the seed 004 procedure. The STS sees only the cases, statistics and
instructions addressed to it (scoping: ``visibility_q``); state bodies get nothing here."""

from registries.roles import Role

_OFFICIAL = [
    "platforms.view_platformcase",
    "platforms.add_platformcase",
    "platforms.change_platformcase",
    "platforms.view_platformevidence",
    "platforms.add_platformevidence",
    "platforms.change_platformevidence",
    "platforms.delete_platformevidence",
    "platforms.view_trafficstatistic",
    "platforms.view_throttleinstruction",
    "platforms.view_throttlelimit",
]

ROLE_PERMISSIONS = {
    Role.AUTHORISED_OFFICER: _OFFICIAL,
    Role.AUTHORISED_SUPERVISOR: _OFFICIAL,
    # change_platformcase: the STS runs its own steps (submit statistics, report execution) from
    # the case's change form; every field is read-only for it (admin.PlatformCaseAdmin).
    Role.STS_OPERATOR: [
        "platforms.view_platformcase",
        "platforms.change_platformcase",
        "platforms.view_trafficstatistic",
        "platforms.add_trafficstatistic",
        "platforms.change_trafficstatistic",
        "platforms.delete_trafficstatistic",
        "platforms.view_throttleinstruction",
        "platforms.view_throttlelimit",
    ],
}
