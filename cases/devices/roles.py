"""Permissions of the device-demand procedure (seed 000, ch. 3-1). What each organisation sees
is limited further by scoping (models' ``visibility_q``)."""

from registries.roles import Role

_VIEW = ["devices.view_devicedemand", "devices.view_demanddevice", "devices.view_deviceservicestate"]

ROLE_PERMISSIONS = {
    Role.AUTHORISED_OFFICER: list(_VIEW),
    Role.AUTHORISED_SUPERVISOR: list(_VIEW),
    # drafts, sends and withdraws its demands (p. 20-2 / 20-6)
    Role.PENITENTIARY_OFFICER: _VIEW + [
        "devices.add_devicedemand",
        "devices.change_devicedemand",
        "devices.add_demanddevice",
        "devices.change_demanddevice",
        "devices.delete_demanddevice",
    ],
    # receives, chooses the mobile operator of each line, notifies, informs (p. 20-3 / 20-7)
    Role.IMEI_DB_OPERATOR: _VIEW + ["devices.change_devicedemand", "devices.change_demanddevice"],
    # sees its own lines and marks them executed (p. 20-4 / 20-8)
    Role.MOBILE_OPERATOR: list(_VIEW),
}
