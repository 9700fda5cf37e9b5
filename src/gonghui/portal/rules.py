"""Permissions of the member portal."""

from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

PERMISSIONS = {
    "portal.member_menu": {Role.MEMBER},
    "portal.view_activation": STAFF_ROLES,
    "portal.invite_members": ADMIN_ROLES | {Role.UNION_STAFF},
    "portal.link_members": ADMIN_ROLES,
    "portal.view_corrections": STAFF_ROLES,
    "portal.answer_corrections": ADMIN_ROLES | {Role.UNION_STAFF},
    "portal.view_officials": STAFF_ROLES,
    "portal.link_officials": ADMIN_ROLES | {Role.UNION_STAFF},
}
