"""Pages: staff set-up and the live session console, delegates' phone pages, the projector."""

from ._common import (  # noqa: F401
    DELEGATE,
    MANAGE,
    RUN,
    VIEW,
    _member,
)
from .congresses import (  # noqa: F401
    congress_create,
    congress_detail,
    congress_list,
    delegate_add,
    delegate_end,
)
from .delegate import (  # noqa: F401
    _choices_from,
    my_home,
    my_proposal,
    my_proposal_new,
    my_results,
    my_session,
    my_vote,
    qr_checkin,
)
from .polls import (  # noqa: F401
    _tally_form,
    poll_action,
    poll_ballot,
    poll_create,
    poll_detail,
    poll_sheet,
)
from .proposals import (  # noqa: F401
    proposal_detail,
    proposal_list,
)
from .sessions import (  # noqa: F401
    _console_context,
    _qr_seconds,
    document_release,
    projector,
    projector_live,
    session_action,
    session_console,
    session_create,
    session_live,
    session_qr,
    session_qr_panel,
    vote_record,
)
