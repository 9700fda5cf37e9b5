"""Validating a job: findings, the preview and fixing rows in place."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config
from gonghui.core.models import ImportJob

from ..base import cell_text
from ..reading import ReadError
from ._common import (
    BATCH,
    MAX_FIXABLE_ROWS,
    MAX_STORED_ISSUES,
    PREVIEW_ROWS,
    _batches,
    _fail,
    importer_for,
    iter_rows,
    rows_pass,
)

MAX_UNKNOWN_VALUES = 200  # distinct unknown wordings kept per column for the preview
MAX_CONFLICTS = 500


class _Findings:
    """What a pass over the rows found: counts, the first issues, a preview, rows to fix,
    the unknown wordings of coded columns (with counts) and identity conflicts."""

    def __init__(self, importer):
        self.importer = importer
        self.issues, self.preview, self.bad_rows = [], [], []
        self.unknown = {}  # column key -> {wording: count}
        self.conflicts = []
        self.valid = self.errors = self.warnings = self.total = 0
        self.first_bad = None

    def add(self, batch):
        self.total += len(batch)
        for row in batch:
            errors, warnings = row.errors, row.warnings
            if errors:
                self.errors += 1
            else:
                self.valid += 1
            if warnings:
                self.warnings += 1
            if (errors or warnings) and len(self.issues) < MAX_STORED_ISSUES:
                self.issues.extend(i.as_dict() for i in errors + warnings)
            if len(self.preview) < PREVIEW_ROWS:
                self.preview.append(_preview_row(self.importer, row))
            for key, wording in row.unknown:
                counts = self.unknown.setdefault(key, {})
                if wording in counts or len(counts) < MAX_UNKNOWN_VALUES:
                    counts[wording] = counts.get(wording, 0) + 1
            conflicts = row.values.get("conflicts")
            if conflicts and len(self.conflicts) < MAX_CONFLICTS:
                self.conflicts.append(
                    {"row": row.number, "applied": row.action != "conflict", "fields": conflicts}
                )
            if errors:
                self.first_bad = self.first_bad or row.number
                if len(self.bad_rows) < MAX_FIXABLE_ROWS:
                    self.bad_rows.append(_preview_row(self.importer, row))

    def store(self, job):
        job.total_rows = job.done_rows = self.total
        job.valid_rows, job.error_rows = self.valid, self.errors
        job.warning_rows = self.warnings
        job.issues, job.preview = self.issues, self.preview
        job.result = {
            **job.result,
            "bad_rows": self.bad_rows,
            "unknown_values": [
                {
                    "column": key,
                    "label": self.importer.column(key).label,
                    "values": [
                        {"value": wording, "count": n}
                        for wording, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                    ],
                }
                for key, counts in self.unknown.items()
            ],
            "conflicts": self.conflicts,
        }


@config.memoised
def validate_job(job):
    """Validate every row; store counts, the first issues and a preview. Shows progress."""
    importer = importer_for(job)
    job.status = ImportJob.Status.VALIDATING
    job.done_rows = 0
    job.save(update_fields=["status", "done_rows"])
    found = _Findings(importer)
    try:
        with rows_pass():
            for batch in _batches(iter_rows(job), BATCH):
                importer.validate(batch)
                found.add(batch)
                ImportJob.objects.filter(pk=job.pk).update(
                    done_rows=found.total, heartbeat_at=timezone.now()
                )
    except ReadError as exc:
        return _fail(job, str(exc))
    job.result = {}
    found.store(job)
    job.status = ImportJob.Status.VALIDATED
    job.save()
    return job


ACTION_LABELS = {
    "create": gettext_lazy("新增"),
    "update": gettext_lazy("更新"),
    "unchanged": gettext_lazy("未变化"),
    "transfer": gettext_lazy("会籍接转申请"),
    "rejoin": gettext_lazy("重新入会"),
    "correct": gettext_lazy("更正"),
}


def _preview_row(importer, row):
    labels = {**ACTION_LABELS, **getattr(importer, "action_labels", {})}
    return {
        "row": row.number,
        "ok": row.ok,
        "action": row.action,
        "action_label": str(labels.get(row.action, row.action)) if row.ok else _("有错误"),
        "cells": [
            _show(importer, c, row.values.get(c.key), row.raw.get(c.key)) for c in importer.columns
        ],
        "raw": {k: cell_text(v) for k, v in row.raw.items()},
    }


def _show(importer, column, value, raw):
    if value is None:
        return cell_text(raw)
    if column.codes:
        return importer.label_of(column, value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    display = getattr(value, "display", None)
    return display if isinstance(display, str) else str(value)


@transaction.atomic
def fix_row(*, actor, job, row_number, values):
    """Correct cells of one row in place (kept with the job; the file itself is not changed)."""
    fixes = job.options.setdefault("fixes", {})
    fixes.setdefault(str(row_number), {}).update(values)
    job.save(update_fields=["options"])
    audit.record(
        actor,
        "core.import.fix_row",
        job,
        org=job.org,
        extra={"row": row_number, "columns": sorted(values)},
    )
    return job
