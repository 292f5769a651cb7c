"""Permissions of the staff-list app (groups are synced after migrate).

Who may take each legal step is checked by the transitions' ``role_permission`` (seed 001
p. 5: the state body forms and sends its list; the authorised body receives it).
"""

from registries.roles import Role

_VIEW = [
    "stafflists.view_stafflist",
    "stafflists.view_stafflistentry",
    "stafflists.view_stafflistcompliance",
]

ROLE_PERMISSIONS = {
    # The authorised body reviews lists (accept / return buttons need the change form).
    Role.AUTHORISED_OFFICER: [*_VIEW, "stafflists.change_stafflist", "stafflists.view_stafflistreminder"],
    Role.AUTHORISED_SUPERVISOR: [
        *_VIEW, "stafflists.add_stafflist", "stafflists.change_stafflist", "stafflists.view_stafflistreminder",
    ],
    # A state body's users prepare, import and send their own organisation's lists.
    Role.STATE_BODY_MANAGER: [*_VIEW, "stafflists.add_stafflist", "stafflists.change_stafflist", "stafflists.view_stafflistreminder"],
    Role.STATE_BODY_REPORTER: [*_VIEW, "stafflists.add_stafflist", "stafflists.change_stafflist"],
}
