"""Pages of the members module, by subject: the roster, transfers, online joining, a member's own page and card, statistics."""

from ._common import (  # noqa: F401
    _employers_for,
    _filter_params,
    _org_anywhere,
    _wf_history,
)
from .joining import (  # noqa: F401
    _public_union,
    application_detail,
    application_list,
    join,
    join_done,
    join_link,
)
from .own import (  # noqa: F401
    CARD_SALT,
    card_check,
    me,
)
from .roster import (  # noqa: F401
    member_create,
    member_detail,
    member_edit,
    member_export,
    member_list,
    member_status,
)
from .statistics import (  # noqa: F401
    _charts,
    _pie,
    _stats,
    stats,
    stats_export,
)
from .transfers import (  # noqa: F401
    member_transfer,
    transfer_detail,
    transfer_list,
    transfer_request,
)
