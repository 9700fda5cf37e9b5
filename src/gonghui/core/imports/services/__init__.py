"""Import jobs, by subject: upload, mapping, validation (with progress), commit and error workbooks, background workers and retention. Every name stays importable from ``gonghui.core.imports.services``."""

from ._common import (  # noqa: F401
    BATCH,
    HEAD_ROWS,
    KEEP_DAYS,
    MAX_COLUMNS,
    MAX_FIXABLE_ROWS,
    MAX_STORED_ISSUES,
    PREVIEW_ROWS,
    STALE_MINUTES,
    ImportContext,
    _batches,
    _fail,
    _rows,
    importer_for,
    in_job_language,
    iter_rows,
    rows_pass,
)
from .committing import (  # noqa: F401
    _estimate,
    _Refused,
    _store_error_workbook,
    commit_job,
    error_rows_now,
    error_workbook,
    template_workbook,
)
from .mapping import (  # noqa: F401
    _clean_mapping,
    _signature,
    _union_value_mapping,
    auto_mapping,
    choose_conflicts,
    clean_value_mapping,
    reset_for_retry,
    save_mapping,
    save_value_mapping,
)
from .progress import (  # noqa: F401
    _file_progress,
    _progress_file,
    _progress_key,
    clear_progress,
    live_done_rows,
    report_progress,
)
from .upload import (  # noqa: F401
    _OLE,
    _ZIP,
    SNIFF,
    UPLOAD_LIMITS,
    _sniff,
    _suffix,
    start_import,
)
from .validation import (  # noqa: F401
    ACTION_LABELS,
    MAX_CONFLICTS,
    MAX_UNKNOWN_VALUES,
    _Findings,
    _preview_row,
    _show,
    fix_row,
    validate_job,
)
from .workers import (  # noqa: F401
    ORPHAN_MESSAGE,
    _alive,
    _last_seen,
    _this_worker,
    claim,
    is_orphaned,
    purge_old_jobs,
    recover_orphans,
)
