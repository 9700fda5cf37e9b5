from gonghui.core.roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

STAFF_WRITERS = ADMIN_ROLES | {Role.UNION_STAFF}

PERMISSIONS = {
    # Members submit their own proposals and follow them on their phones.
    "innovation.submit_proposal": ALL_ROLES,
    "innovation.view_own_proposal": ALL_ROLES,
    "innovation.member_menu": {Role.MEMBER},
    # Staff enter proposals on a member's behalf and see every proposal in scope.
    "innovation.submit_for_member": STAFF_WRITERS,
    "innovation.view_proposal": STAFF_ROLES,
    "innovation.export_proposals": STAFF_ROLES,
    "innovation.view_statistics": STAFF_ROLES,
    "innovation.triage_proposal": STAFF_WRITERS,
    "innovation.assign_reviewers": STAFF_WRITERS,
    "innovation.review_proposal": STAFF_ROLES,
    "innovation.decide_proposal": ADMIN_ROLES,
    "innovation.manage_implementation": STAFF_WRITERS,
    "innovation.confirm_benefit": ADMIN_ROLES,
    "innovation.approve_reward": ADMIN_ROLES,
    "innovation.record_payment": STAFF_WRITERS,
    "innovation.manage_rubric": ADMIN_ROLES,
    "innovation.manage_bands": {Role.DISTRICT_ADMIN},
}
