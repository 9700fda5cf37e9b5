from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

PERMISSIONS = {
    "reports.view_dashboard": STAFF_ROLES,
    "reports.refresh_stats": STAFF_ROLES,
    "reports.view_return": STAFF_ROLES,
    "reports.edit_return_layout": {Role.DISTRICT_ADMIN},
    "reports.send_filing": ADMIN_ROLES,
    "reports.review_filing": ADMIN_ROLES,
    "reports.fill_filing": STAFF_ROLES - {Role.REVIEWER},
}
