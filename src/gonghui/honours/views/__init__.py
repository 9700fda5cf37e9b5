"""Pages of honours: rounds, nominations, scoring, public notice, decisions, certificates,
history and export. Thin: forms validate, services write, selectors read."""

from ._common import (  # noqa: F401
    NOMINATION,
    ROUND,
    _done,
    _reason_action,
    _require_manager,
)
from .award_types import (  # noqa: F401
    award_type_create,
    award_type_edit,
    award_type_list,
)
from .decisions import (  # noqa: F401
    answer_objection,
    award,
    certificate,
    my_honours,
    publish_notice,
    refuse,
)
from .history import (  # noqa: F401
    _history,
    history_employer,
    history_member,
    history_org,
)
from .nominations import (  # noqa: F401
    _timeline,
    document_add,
    document_download,
    nominate,
    nominate_from_results,
    nomination_detail,
    swap,
    withdraw,
)
from .public import (  # noqa: F401
    public_index,
    public_notice,
)
from .review import (  # noqa: F401
    REVIEW_TRANSITIONS,
    _review_choices,
    recuse,
    resubmit,
    review,
    review_queue,
    score,
)
from .rounds import (  # noqa: F401
    close_round,
    criteria,
    export,
    judges,
    quota_preview,
    ranking,
    round_create,
    round_detail,
    round_list,
    start_review,
)
