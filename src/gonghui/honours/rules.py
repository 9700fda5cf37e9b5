from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

PERMISSIONS = {
    "honours.view_round": STAFF_ROLES,
    "honours.manage_round": ADMIN_ROLES | {Role.UNION_STAFF},
    "honours.nominate": ADMIN_ROLES | {Role.UNION_STAFF},
    "honours.view_nomination": STAFF_ROLES,
    "honours.score_nomination": STAFF_ROLES,
    # A level's decision in the review chain (street recommendation, organiser approval).
    "honours.review_nomination": ADMIN_ROLES | {Role.REVIEWER},
    # Award types: seen by staff (their own and their ancestors'), managed by the organiser.
    "honours.view_award_type": STAFF_ROLES,
    "honours.manage_award_type": ADMIN_ROLES | {Role.UNION_STAFF},
    "honours.answer_objection": ADMIN_ROLES | {Role.UNION_STAFF},
    "honours.decide_award": ADMIN_ROLES,
    "honours.export_nominations": STAFF_ROLES,
    # A member sees their own nominations and prints their own certificates.
    "honours.view_own_honours": {Role.MEMBER},
    "honours.print_certificate": STAFF_ROLES | {Role.MEMBER},
}
