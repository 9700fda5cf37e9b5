from gonghui.core.roles import ADMIN_ROLES, STAFF_ROLES, Role

MANAGERS = ADMIN_ROLES | {Role.UNION_STAFF}

PERMISSIONS = {
    # Notices: staff read what reached their union and what they sent; managers publish.
    "life.view_notice": STAFF_ROLES,
    "life.publish_notice": MANAGERS,
    "life.respond_notice": MANAGERS,
    # Activities and surveys: staff see them, managers organise them.
    "life.view_activity": STAFF_ROLES,
    "life.manage_activity": MANAGERS,
    "life.view_survey": STAFF_ROLES,
    "life.manage_survey": MANAGERS,
    "life.export": STAFF_ROLES,
    # Study and courses: staff see courses and the learning record; managers run courses and
    # record officials' training (formerly rights.manage_training, the same roles).
    "life.view_learning": STAFF_ROLES,
    "life.manage_course": MANAGERS,
    # A member reads notices, signs up for activities and answers surveys aimed at them.
    "life.take_part": {Role.MEMBER},
}
