"""Pages of competitions and skill contests: set-up, score entry and confirmation, conflicts, the
organisers' live board, the public (frozen) board, judging, results and certificates."""

from ._common import (  # noqa: F401
    CAMPAIGN,
    EVENT,
    _create_view,
    _post_form,
    _root,
    _run,
)
from .campaigns import (  # noqa: F401
    _leader_user,
    _team_for,
    board_export,
    board_freeze,
    campaign_close,
    campaign_create,
    campaign_detail,
    campaign_list,
    campaign_start,
    conflict_add,
    entries,
    entry_confirm,
    import_template,
    indicator_add,
    my_teams,
    public_board,
    team_add,
    team_leader,
    team_page,
    tie_rule,
)
from .events import (  # noqa: F401
    _event_post,
    certificate,
    contestant_add,
    event_conflict_add,
    event_create,
    event_detail,
    event_list,
    event_publish,
    judge_add,
    score_add,
)
from .rounds import (  # noqa: F401
    criterion_add,
    round_add,
    round_close,
    round_detail,
    round_score,
    score_rule,
)
