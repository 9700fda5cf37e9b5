"""Writes of competitions and skill contests. Every function takes the acting user first, runs in
one transaction, checks the permission and writes its audit event.

Score entries are never edited: a correction is a new entry that supersedes the old one, and an
entry counts once a second person — not its author, not someone with a conflict of interest in
the team — confirms it.
"""

from ._common import (  # noqa: F401
    PERIOD,
    VALUE_LIMIT,
    _decimal,
    _in_scope,
    has_conflict,
)
from .campaigns import (  # noqa: F401
    _check_period,
    _editable,
    _record_entry,
    add_indicator,
    add_team,
    check_value,
    close_campaign,
    confirm_entry,
    create_campaign,
    enter_score,
    freeze_board,
    leads,
    may_lead,
    record_conflict,
    set_team_leader,
    set_tie_rule,
    start_campaign,
    submit_team_score,
)
from .events import (  # noqa: F401
    _event_editable,
    add_contestant,
    add_judge,
    create_event,
    publish_results,
    score_contestant,
)
from .rounds import (  # noqa: F401
    add_criterion,
    add_round,
    close_round,
    score_round,
    set_score_rule,
)
