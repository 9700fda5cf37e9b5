"""Permissions of congresses, delegates, sessions, proposals and votes."""

from gonghui.core.roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

PERMISSIONS = {
    "assemblies.view_congress": STAFF_ROLES,
    "assemblies.manage_congress": ADMIN_ROLES | {Role.UNION_STAFF},
    "assemblies.run_poll": ADMIN_ROLES | {Role.UNION_STAFF},
    "assemblies.confirm_tally": ADMIN_ROLES | {Role.UNION_STAFF},
    "assemblies.handle_proposal": ADMIN_ROLES | {Role.UNION_STAFF},
    # Delegates' own pages: the role only lets them in; each page checks the delegate link.
    "assemblies.act_as_delegate": ALL_ROLES,
}
