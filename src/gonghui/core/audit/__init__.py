"""Audit events, by subject: recording them (every service write records one in the same transaction), the labels and links an auditor reads, and the log described, filtered and exported. Every name stays importable from ``gonghui.core.audit``."""

from .labels import (  # noqa: F401
    ACTION_LABELS,
    APP_LABELS,
    EXTRA_LABELS,
    OBJECT_LABELS,
    OBJECT_URLS,
    VERB_LABELS,
    action_label,
    object_type_label,
    object_url,
)
from .log import (  # noqa: F401
    _coded_field,
    _extra_words,
    _field_label,
    _value_text,
    action_choices,
    action_q,
    describe,
    events_workbook,
    history_url,
    live_names,
    subject_of,
)
from .recording import (  # noqa: F401
    _event,
    _org_of,
    _repr_of,
    bulk_context,
    client_ip,
    diff,
    filters_for_audit,
    record,
    record_edit,
    record_for_ids,
    record_many,
    snapshot,
)
