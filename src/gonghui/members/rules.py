"""Permissions of the members module (who may do what with the roster)."""

from gonghui.core.roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

EDITORS = ADMIN_ROLES | {Role.UNION_STAFF}

PERMISSIONS = {
    "members.view_member": STAFF_ROLES,
    "members.add_member": EDITORS,
    "members.change_member": EDITORS,
    "members.import_members": EDITORS,
    "members.export_members": EDITORS | {Role.REVIEWER},
    "members.reveal_id_number": ADMIN_ROLES,
    "members.reveal_phone": EDITORS,
    "members.transfer_member": EDITORS,
    "members.review_application": EDITORS,
    "members.view_stats": STAFF_ROLES,
    "members.view_own": ALL_ROLES,
}
