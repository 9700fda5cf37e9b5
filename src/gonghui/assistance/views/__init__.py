"""Pages of hardship assistance, by subject: files (lists, opening, editing), the review chain, district tables, duplicate aid. Programmes and jobless workers have their own modules."""

from ._common import (  # noqa: F401
    _FILE,
    _form_page,
    _saved,
    timeline_rows,
)
from .district import (  # noqa: F401
    dibao_list,
    spot_checks,
)
from .files import (  # noqa: F401
    _find_member,
    attachment_add,
    attachment_download,
    caseload,
    file_detail,
    file_edit,
    file_export,
    file_list,
    file_new,
    household_add,
    household_edit,
    public_notices,
    row_add,
    row_remove,
)
from .outside_aid import (  # noqa: F401
    integrity_report,
    outside_aid_list,
    outside_aid_new,
)
from .review import (  # noqa: F401
    ACTIONS,
    exclusion_confirm,
    exclusion_override,
    file_exit,
    file_pdf,
    file_transition,
    flag_override,
    follow_up,
    objection_add,
    objection_resolve,
    visit_add,
    yearly_review,
)
