"""Every write of congresses: set-up, delegates, sessions, check-in, proposals, polls, votes.

Votes are special (``cast_vote``): no audit event, no log line, no cache and no session entry
records how anyone voted. In a secret electronic poll the participation row and a *sealed*
ballot are written in one transaction; only at closing, when the scrutineers unlock the poll's
key, are the ballots opened, shuffled and written in the clear (``close_poll``).
"""

from ._common import (  # noqa: F401
    MANAGE,
    RUN,
    _fraction,
    _require,
)
from .congresses import (  # noqa: F401
    _choice,
    add_constituency,
    add_delegate,
    constituency_named,
    create_congress,
    end_delegate,
)
from .polls import (  # noqa: F401
    _candidate_keys,
    _count_ballots,
    _hand_out_key,
    _locked,
    _normalise_choices,
    _open_sealed_ballots,
    _quorum,
    _receipt,
    _seal,
    _set_election,
    _set_resolution,
    _stroke_sorted,
    _unlock,
    cast_vote,
    close_poll,
    create_poll,
    create_runoff,
    open_poll,
    present_count,
    receipt_counted,
    receipt_hash,
    voting_delegates,
)
from .proposals import (  # noqa: F401
    PROPOSAL_WORKFLOW,
    _is_proposer,
    handle_proposal,
    submit_proposal,
)
from .sessions import (  # noqa: F401
    _check_in,
    _checkin_mac,
    _checkin_window,
    add_agenda_item,
    add_document,
    check_in_delegate,
    check_in_self,
    checkin_code,
    checkin_code_valid,
    close_session,
    create_session,
    open_session,
    record_report,
    release_document,
    save_minutes,
)
from .tallies import (  # noqa: F401
    MARKS,
    TallyCheck,
    _marks_row,
    _number,
    _validate_counts,
    confirm_tally,
    enter_tally,
    tally_checks,
)
