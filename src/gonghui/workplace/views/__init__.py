"""Pages: worker pages (phone), disclosures, questions, checklists, consultations, contracts,
joint commitments. Views are thin: forms in, one service or selector, render."""

from .approvals import contract_resolution  # noqa: F401
from .commitments import (  # noqa: F401
    commitment_check,
    commitment_close,
    commitment_create,
    commitment_detail,
    commitment_list,
    commitment_target,
    target_progress,
)
from .contracts import (  # noqa: F401
    consultation_conclude,
    consultation_contract,
    consultation_create,
    consultation_detail,
    consultation_list,
    consultation_representative,
    consultation_round,
    contract_approve,
    contract_create,
    contract_detail,
    contract_edit,
    contract_file,
    contract_filing_pdf,
    contract_lapse,
    contract_list,
    contract_pdf,
    contract_publish,
    contract_renew,
    contract_reply,
    contract_revise,
    contract_sign,
    contract_stats,
)
from .disclosures import (  # noqa: F401
    category_create,
    category_edit,
    category_list,
    checklist,
    compliance,
    disclosure_attach,
    disclosure_create,
    disclosure_detail,
    disclosure_edit,
    disclosure_list,
    disclosure_post,
    disclosure_withdraw,
    question_answer,
    question_list,
)
from .worker import attachment_download, index, my_contract, my_disclosure, my_home  # noqa: F401
