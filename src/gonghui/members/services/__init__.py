"""Writes of the members module, by subject: members, transfers (会籍接转), online joining (入会申请), and the org lifecycle hooks. Every name stays importable from ``gonghui.members.services``."""

from ._common import (  # noqa: F401
    MEMBER_ORG_KINDS,
    _event,
    card_number_for,
    card_numbers,
    check_identity,
    find_member_by_id_number,
)
from .joining import (  # noqa: F401
    CONSENT_VERSION,
    _rate_limited,
    _tell_applicant,
    approve_application,
    reject_application,
    submit_application,
)
from .members import (  # noqa: F401
    AUDIT_FIELDS,
    EDITABLE_FIELDS,
    REASON_NEEDED,
    STATUS_CHANGES,
    _sensitive_changes,
    change_status,
    create_member,
    link_user,
    update_member,
)
from .org_hooks import (  # noqa: F401
    holding_count,
    move_on_merge,
)
from .transfers import (  # noqa: F401
    TRANSFER_WF,
    _check_transferable,
    _close,
    _complete,
    _confirming_side,
    _initiating_side,
    _receiving_side,
    _releasing_side,
    _request,
    _side_in_scope,
    confirm_transfer,
    initiate_transfer,
    lookup_by_id_number,
    refuse_transfer,
    request_transfer,
    withdraw_transfer,
)
