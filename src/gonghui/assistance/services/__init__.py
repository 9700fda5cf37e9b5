"""Writes on hardship files, by subject: opening and editing, eligibility, the review chain, yearly review and exits, duplicate aid (flags), aid from outside. Every function runs in a transaction, checks the permission, and records an audit event (never with sensitive values). Every name stays importable from ``gonghui.assistance.services``."""

from ._common import (  # noqa: F401
    EDITABLE,
    _require_editable,
    _today,
    parse_amount,
)
from .eligibility import (  # noqa: F401
    confirm_exclusion_override,
    evaluate,
    override_exclusion,
    pending_overrides,
    recalculate,
    unresolved_exclusions,
)
from .files import (  # noqa: F401
    ROW_MODELS,
    add_attachment,
    add_cost,
    add_declaration,
    add_household_member,
    add_income,
    open_file,
    remove_row,
    set_member_income,
    update_file,
)
from .outside_aid import (  # noqa: F401
    record_external_aid,
)
from .review import (  # noqa: F401
    _hold_places,
    approval_problems,
    approve_file,
    open_flags,
    override_flag,
    publish_notice,
    record_objection,
    record_visit,
    resolve_objection,
    return_file,
    review_file,
    submission_problems,
    submit_file,
)
from .yearly import (  # noqa: F401
    _add_months,
    draw_spot_check,
    exit_file,
    record_follow_up,
    reopen_file,
    review_yearly,
    set_dibao,
)
