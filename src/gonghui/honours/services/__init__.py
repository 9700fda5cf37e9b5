"""Writes of honours. Every function takes the acting user first (the public objection excepted),
runs in one transaction, checks permission and scope, and writes its audit event."""

from ._common import (  # noqa: F401
    CONFLICT_REASON,
    PCT_KEYS,
    _lock,
    _require_manager,
)
from .award_types import (  # noqa: F401
    AWARD_TYPE_FIELDS,
    _check_pct,
    _next_code,
    create_award_type,
    ensure_default_award_types,
    update_award_type,
)
from .nominations import (  # noqa: F401
    OPEN_STATUSES,
    _check_nominee,
    add_document,
    move_open_records,
    open_records_held,
    street_stage_org,
    submit_nomination,
    swap_nomination,
    withdraw_nomination,
)
from .notices import (  # noqa: F401
    answer_objection,
    award,
    notice_end_for,
    publish_notice,
    raise_objection,
    refuse_award,
)
from .review import (  # noqa: F401
    DECISIONS,
    _require_judge,
    _stage_check,
    organiser_check,
    record_scores,
    recuse,
    resubmit,
    review,
    stage_check,
    street_check,
)
from .rounds import (  # noqa: F401
    _flag_conflicts,
    add_criterion,
    add_judge,
    close_round,
    create_round,
    default_deadline,
    start_review,
)
