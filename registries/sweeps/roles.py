"""Sweeps are the authorised body's work (seed 001 p. 6); applying them needs its supervisor
(checked by the transition's permission), reactivation too (services.reactivate_account)."""

from registries.roles import Role

_VIEW = [
    "sweeps.view_accountsweep",
    "sweeps.view_accountsweepentry",
    "sweeps.view_accountdeactivation",
]

ROLE_PERMISSIONS = {
    Role.AUTHORISED_OFFICER: _VIEW + ["sweeps.add_accountsweep", "sweeps.change_accountsweep", "sweeps.change_accountsweepentry"],
    Role.AUTHORISED_SUPERVISOR: _VIEW + ["sweeps.add_accountsweep", "sweeps.change_accountsweep", "sweeps.change_accountsweepentry"],
}
