"""Writes of the rights module, by subject."""

from .cases import (  # noqa: F401
    add_claim,
    add_party,
    add_session,
    close_case,
    open_case,
    record_agreement,
    record_recovery,
)
from .homes import (  # noqa: F401
    can_assess,
    can_review,
    return_home_rating,
    review_home_rating,
    save_home_criterion,
    save_self_assessment,
    start_home_rating,
    submit_home_rating,
)
from .requests import (  # noqa: F401
    REQUEST_FLOW,
    acknowledge_urgent,
    add_note,
    answer_request,
    assign_request,
    close_request,
    escalate_overdue,
    rate_request,
    reopen_request,
    send_reminders,
    step_note,
    submit_request,
    transfer_request,
)
