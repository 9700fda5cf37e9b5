from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

STAFF_WRITERS = ADMIN_ROLES | {Role.UNION_STAFF}

PERMISSIONS = {
    "contests.view_campaign": STAFF_ROLES,
    "contests.manage_campaign": STAFF_WRITERS,
    "contests.enter_score": STAFF_WRITERS,
    "contests.confirm_score": STAFF_ROLES,
    "contests.record_conflict": STAFF_WRITERS,
    "contests.freeze_board": ADMIN_ROLES,
    "contests.view_event": STAFF_ROLES,
    "contests.manage_event": STAFF_WRITERS,
    "contests.judge_event": STAFF_ROLES,
    "contests.print_certificate": STAFF_ROLES,
}
