"""Worker requests, by subject: filing (intake, routing, urgency), handling by the union (assign, note, transfer, answer, close), the worker's own steps (rating, reopening) and deadlines (reminders, escalation).

Every function takes the acting user first (``None`` for the system and for workers who follow
their request with a tracking code), runs in one transaction, checks permission and scope, moves
the workflow and writes the timeline event and the audit event."""

from ._common import (  # noqa: F401
    _OPEN,
    REQUEST_FLOW,
    _event,
    _locked,
    _reopen_guard,
    _system_scope,
    deadline_for,
    step_note,
)
from .deadlines import (  # noqa: F401
    _escalate_one,
    escalate_overdue,
    send_reminders,
)
from .filing import (  # noqa: F401
    _CODE_ALPHABET,
    _active_up,
    _check_channel,
    _check_contact,
    _untraceable,
    alert_urgent,
    new_tracking_code,
    responsible_org,
    submit_request,
    urgency,
    urgent_recipients,
)
from .handling import (  # noqa: F401
    acknowledge_urgent,
    add_note,
    answer_request,
    assign_request,
    close_request,
    handlers_for,
    transfer_request,
)
from .worker import (  # noqa: F401
    _as_worker,
    _noop,
    _own,
    _worker_audit,
    rate_request,
    reopen_request,
)
