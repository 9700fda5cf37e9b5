"""Who may do what in hardship assistance. Views and services name these permissions."""

from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

UNION_WORKERS = ADMIN_ROLES | {Role.UNION_STAFF}
CENTRE = {Role.REVIEWER, Role.DISTRICT_ADMIN}

PERMISSIONS = {
    # files
    "assistance.view_file": STAFF_ROLES,
    "assistance.change_file": UNION_WORKERS,
    "assistance.submit_file": UNION_WORKERS,
    "assistance.record_visit": UNION_WORKERS | {Role.REVIEWER},
    "assistance.review_file": CENTRE,
    "assistance.publish_notice": CENTRE,
    "assistance.approve_file": {Role.DISTRICT_ADMIN},
    "assistance.return_file": CENTRE | ADMIN_ROLES,
    "assistance.record_objection": STAFF_ROLES,
    "assistance.override_flag": CENTRE,
    "assistance.record_external_aid": UNION_WORKERS | CENTRE,
    "assistance.confirm_override": {Role.DISTRICT_ADMIN},
    "assistance.review_yearly": UNION_WORKERS | {Role.REVIEWER},
    "assistance.draw_spot_check": CENTRE,
    "assistance.exit_file": ADMIN_ROLES | {Role.REVIEWER},
    "assistance.reopen_file": ADMIN_ROLES | {Role.REVIEWER},
    "assistance.reveal_sensitive": ADMIN_ROLES | {Role.REVIEWER},
    "assistance.export_sensitive": {Role.DISTRICT_ADMIN, Role.REVIEWER},
    "assistance.manage_dibao": {Role.DISTRICT_ADMIN},
    # programmes, cycles and payments
    "assistance.view_programme": STAFF_ROLES,
    "assistance.manage_programme": {Role.DISTRICT_ADMIN} | {Role.UNION_ADMIN},
    "assistance.nominate": UNION_WORKERS,
    "assistance.approve_list": CENTRE,
    "assistance.record_payment": UNION_WORKERS,
    "assistance.reverse_payment": ADMIN_ROLES,
    "assistance.confirm_payment": UNION_WORKERS | CENTRE,
    "assistance.close_cycle": CENTRE | {Role.UNION_ADMIN},
    # laid-off and unemployed workers
    "assistance.view_jobless": STAFF_ROLES,
    "assistance.change_jobless": UNION_WORKERS,
}
