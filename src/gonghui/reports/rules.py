from gonghui.core.roles import STAFF_ROLES

PERMISSIONS = {
    "reports.view_dashboard": STAFF_ROLES,
    "reports.refresh_stats": STAFF_ROLES,
}
