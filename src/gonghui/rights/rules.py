"""Who may do what in the rights module (roles reach their org's whole subtree)."""

from gonghui.core.roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

HANDLERS = ADMIN_ROLES | {Role.UNION_STAFF}

PERMISSIONS = {
    # Workers (any logged-in role) file their own requests, rate and reopen them.
    "rights.file_request": ALL_ROLES,
    "rights.rate_request": ALL_ROLES,
    # Union staff: the queue, intake of hotline calls, handling.
    "rights.view_request": STAFF_ROLES,
    "rights.enter_request": HANDLERS,
    "rights.handle_request": HANDLERS,
    "rights.reveal_contact": HANDLERS,
    "rights.export_requests": STAFF_ROLES,
    # The system escalates overdue requests as the district.
    "rights.escalate_request": {Role.DISTRICT_ADMIN},
    "rights.view_urgent": {Role.DISTRICT_ADMIN, Role.REVIEWER},
    "rights.view_dashboard": STAFF_ROLES,
    # Legal aid and mediation.
    "rights.view_case": STAFF_ROLES,
    "rights.manage_case": HANDLERS,
    # Workers' homes.
    "rights.view_home_rating": STAFF_ROLES,
    "rights.assess_home": ADMIN_ROLES,
    "rights.review_home": ADMIN_ROLES | {Role.REVIEWER},
    "rights.manage_home_criteria": {Role.DISTRICT_ADMIN},
    # Officials' training.
    "rights.view_training": STAFF_ROLES,
    "rights.manage_training": HANDLERS,
}
