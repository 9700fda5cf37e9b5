from gonghui.core.roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

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
    # Team leaders (班组长/队长) follow their team and report its self-reported indicators;
    # whether someone leads a team is decided per team (Team.leader_user), not by role.
    "contests.lead_team": ALL_ROLES,
    "contests.member_menu": {Role.MEMBER},
}
