from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

MANAGERS = ADMIN_ROLES | {Role.UNION_STAFF}

PERMISSIONS = {
    # Reading the ledger, balances, statements and arrears of the subtree.
    "funds.view_funds": STAFF_ROLES,
    "funds.export": STAFF_ROLES,
    # The district's sharing rules (versioned by date).
    "funds.manage_rules": {Role.DISTRICT_ADMIN},
    # Statements: imported and matched by the district and street admins.
    "funds.import_statement": ADMIN_ROLES,
    "funds.match_payer": ADMIN_ROLES,
    "funds.manage_employer_funds": MANAGERS,
    "funds.send_reminders": ADMIN_ROLES,
    # Corrections are reversals, by the district only.
    "funds.reverse_entry": {Role.DISTRICT_ADMIN},
    "funds.record_transfer": ADMIN_ROLES,
    # Dues rolls of a union.
    "funds.manage_dues": MANAGERS,
    # The grassroots union's books: staff record, a second admin approves (four eyes).
    "funds.manage_budget": MANAGERS,
    "funds.approve_budget": ADMIN_ROLES,
    "funds.record_expense": MANAGERS,
    "funds.approve_expense": ADMIN_ROLES,
    # The audit committee (经审会) reviews the year; the union answers its findings.
    "funds.review_accounts": {Role.REVIEWER, Role.DISTRICT_ADMIN},
    "funds.answer_findings": MANAGERS,
    # A member reads their own dues record.
    "funds.view_own_dues": {Role.MEMBER},
}
