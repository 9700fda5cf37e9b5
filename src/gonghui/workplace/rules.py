"""Permissions of the workplace-democracy module (厂务公开、集体协商与集体合同、共同约定行动)."""

from gonghui.core.roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

EDITORS = ADMIN_ROLES | {Role.UNION_STAFF}

PERMISSIONS = {
    # Worker pages: every role may open them; what they show is limited to the worker's employer
    # (staff see the same pages as a preview of what is in their scope).
    "workplace.view_own": ALL_ROLES,
    "workplace.ask_question": ALL_ROLES,
    # Affairs disclosure (厂务公开)
    "workplace.view_disclosure": STAFF_ROLES,
    "workplace.change_disclosure": EDITORS,
    "workplace.answer_question": EDITORS,
    "workplace.manage_categories": {Role.DISTRICT_ADMIN},
    # Collective consultation and contracts
    "workplace.view_contract": STAFF_ROLES,
    "workplace.change_contract": EDITORS,
    # Joint commitments
    "workplace.view_commitment": STAFF_ROLES,
    "workplace.change_commitment": EDITORS,
}
