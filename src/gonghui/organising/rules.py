"""Permissions of the organising work (employers without a union, founding, term changes)."""

from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

PERMISSIONS = {
    "organising.view_prospect": STAFF_ROLES,
    "organising.work_prospect": ADMIN_ROLES | {Role.UNION_STAFF},
    "organising.assign_organiser": ADMIN_ROLES,
    "organising.import_registry": ADMIN_ROLES,
    "organising.run_founding": ADMIN_ROLES | {Role.UNION_STAFF},
    "organising.approve_founding": ADMIN_ROLES,
    "organising.register_union": ADMIN_ROLES,
    "organising.view_term_change": STAFF_ROLES,
    "organising.submit_term_change": ADMIN_ROLES | {Role.UNION_STAFF},
    "organising.approve_term_change": ADMIN_ROLES,
}
