"""Writes of the member portal, by subject: activation and invitations, logins by phone and
links made by staff, and the member's rights over their data (with officials linked to their
member records); what they share (codes, blind indexes, the account) in ``_common``. Every
name stays importable from ``gonghui.portal.services``."""

from ._common import (  # noqa: F401
    OPTIONAL_FIELDS,
    RateLimited,
    id_index,
    issue_code,
    phone_index,
    sync_member_role,
    use_code,
)
from .activation import (  # noqa: F401
    _token_hash,
    accept_invitation,
    check_activation,
    complete_activation,
    invite,
    live_invitation,
    request_activation,
)
from .logins import (  # noqa: F401
    link_login,
    login_with_code,
    login_with_password,
    reset_password_with_code,
    send_login_code,
    unlink_login,
    users_for_phone,
)
from .own_data import (  # noqa: F401
    answer_correction,
    ask_correction,
    link_official,
    record_download,
    withdraw_consent,
)
