from gonghui.core.roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

PERMISSIONS = {
    "orgs.view_org": STAFF_ROLES,
    "orgs.view_public_org": ALL_ROLES,
    "orgs.add_org": ADMIN_ROLES,
    "orgs.change_org": ADMIN_ROLES,
    "orgs.move_org": {Role.DISTRICT_ADMIN},
    "orgs.close_org": ADMIN_ROLES,
    "orgs.view_employer": STAFF_ROLES,
    "orgs.change_employer": ADMIN_ROLES | {Role.UNION_STAFF},
    "orgs.view_official": STAFF_ROLES,
    "orgs.change_official": ADMIN_ROLES,
    "orgs.import_orgs": ADMIN_ROLES,
}
