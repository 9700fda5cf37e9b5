"""Writes of the proposal process, by subject: submitting and deciding proposals, reviews and
rubrics, implementation, benefit and rewards. Every function takes the acting user first, runs
in one transaction, checks the permission, follows the workflow table (``_common.WORKFLOW``) and
writes its audit event.

submitted → triaged → under review → adopted / not adopted / merged → implementing →
benefit confirmed (locked) → reward approved → paid; a proposal without a concrete solution is
recorded as a general opinion (no reward).
"""

from ._common import (  # noqa: F401
    WORKFLOW,
    S,
    _benefit_confirmed_after_done,
    _fresh,
    _money,
    _not_an_author,
    _require_in_scope,
    _transition,
)
from .implementation import (  # noqa: F401
    add_milestone,
    complete_milestone,
    record_implementation,
    start_implementation,
    update_implementation,
)
from .proposals import (  # noqa: F401
    _attach,
    _check_author,
    _last_used,
    _next_number,
    add_attachment,
    decide,
    merge,
    record_as_opinion,
    submit_proposal,
    triage_proposal,
)
from .reviews import (  # noqa: F401
    _default_rubric,
    _own_review,
    assign_reviewers,
    create_rubric,
    recuse,
    submit_review,
)
from .rewards import (  # noqa: F401
    approve_reward,
    confirm_benefit,
    record_payment,
    set_reward_bands,
    update_forecast,
)
