"""Writes of the workplace module. Each service checks the permission, enforces the rules, and
records an audit event in the same transaction."""

from ._common import ALLOWED_ATTACHMENTS, MAX_ATTACHMENT_BYTES  # noqa: F401
from .approvals import link_resolution, record_approval, resolution_problem  # noqa: F401
from .commitments import (  # noqa: F401
    add_target,
    close_commitment,
    create_commitment,
    record_check,
    record_target_progress,
    send_commitment_reminders,
)
from .contracts import (  # noqa: F401
    CONTRACT_FIELDS,
    CONTRACT_WF,
    add_representative,
    conclude_consultation,
    confirm_in_force_by_lapse,
    draft_contract,
    file_contract,
    open_consultation,
    publish_contract,
    record_authority_reply,
    record_round,
    revise_contract,
    sign_contract,
    start_renewal,
    term_problems,
    update_contract,
)
from .disclosures import (  # noqa: F401
    _judge_posting,
    add_attachment,
    answer_question,
    ask_question,
    create_disclosure,
    post_disclosure,
    save_category,
    update_disclosure,
    withdraw_disclosure,
)
