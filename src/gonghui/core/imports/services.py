"""Import jobs: upload, map, validate (with progress), fix in place, commit, error workbook."""

import hashlib
import io
import itertools
import json
import tempfile

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit, config
from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.models import GeneratedFile, ImportJob, ImportMapping
from gonghui.core.scoping import org_in_scope, require_perm

from . import registry
from .base import Row, cell_text
from .reading import ReadError, find_header_row, iter_table

BATCH = 2000
MAX_STORED_ISSUES = 2000
PREVIEW_ROWS = 30
MAX_FIXABLE_ROWS = 100


class ImportContext:
    def __init__(self, job):
        self.job = job
        self.actor = job.created_by
        self.org = job.org
        self.options = job.options


def importer_for(job):
    importer_class = registry.get(job.importer)
    return importer_class(ImportContext(job))


def _signature(headers):
    return hashlib.sha256(json.dumps(headers, ensure_ascii=False).encode()).hexdigest()


def auto_mapping(importer_class, headers):
    """Source header -> column key, by label or alias."""
    names = {}
    for column in importer_class.columns:
        for name in (column.label, *column.aliases):
            names[name.strip()] = column.key
    mapping = {}
    for header in headers:
        key = names.get(header.strip().rstrip("*").strip())
        if key and key not in mapping.values():
            mapping[header] = key
    return mapping


@transaction.atomic
def start_import(*, actor, assignment, importer_key, org, upload):
    """Store the upload, find its header row and propose a column mapping (remembered per user
    and set of headers)."""
    importer_class = registry.get(importer_key)
    if importer_class is None:
        raise ValidationError("未知的导入类型")
    require_perm(importer_class.permission)
    if not org_in_scope(org):
        raise PermissionDenied
    digest, size = hashlib.sha256(), 0
    stored = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # big files go to disk
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
    ):
        digest.update(chunk)
        stored.write(chunk)
        size += len(chunk)
    if not size:
        raise ValidationError({"file": "文件是空的"})
    stored.seek(0)
    try:
        head = list(itertools.islice(iter_table(stored, upload.name), 12))
    except ReadError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    stored.seek(0)
    labels = [label for c in importer_class.columns for label in (c.label, *c.aliases)]
    header_index = find_header_row(head, labels)
    if not head:
        raise ValidationError({"file": "文件中没有数据"})
    headers = [cell_text(h) for h in head[header_index]]
    headers = [h or f"（第{i + 1}列）" for i, h in enumerate(headers)]
    remembered = ImportMapping.objects.filter(
        user=actor, importer=importer_key, signature=_signature(headers)
    ).first()
    job = ImportJob.objects.create(
        importer=importer_key,
        org=org,
        created_by=actor,
        assignment=assignment,
        original_name=upload.name[:255],
        file_sha256=digest.hexdigest(),
        header_row=header_index + 1,
        headers=headers,
        mapping=remembered.mapping if remembered else auto_mapping(importer_class, headers),
        options={"mapping_remembered": remembered is not None},
    )
    job.file.save(f"{job.id}{_suffix(upload.name)}", File(stored), save=True)
    stored.close()
    audit.record(
        actor,
        "core.import.upload",
        job,
        org=org,
        extra={"importer": importer_key, "file": job.original_name},
    )
    return job


def _suffix(name):
    lower = name.lower()
    for suffix in (".xlsx", ".xlsm", ".xls", ".csv"):
        if lower.endswith(suffix):
            return suffix
    return ""


@transaction.atomic
def save_mapping(*, actor, job, mapping):
    """Keep the user's mapping (source header -> column key) for this job and for next time."""
    importer_class = registry.get(job.importer)
    keys = {c.key for c in importer_class.columns}
    mapping = {h: k for h, k in mapping.items() if k in keys and h in job.headers}
    missing = [
        c.label for c in importer_class.columns if c.required and c.key not in mapping.values()
    ]
    if missing:
        raise ValidationError("以下必填列还没有对应：" + "、".join(missing))
    if len(set(mapping.values())) != len(mapping):
        raise ValidationError("同一列不能对应两次")
    job.mapping = mapping
    job.status = ImportJob.Status.UPLOADED
    job.save(update_fields=["mapping", "status"])
    ImportMapping.objects.update_or_create(
        user=actor,
        importer=job.importer,
        signature=_signature(job.headers),
        defaults={"mapping": mapping},
    )
    return job


def iter_rows(job):
    """The job's data rows as ``Row`` objects, with in-place fixes applied."""
    positions = {h: i for i, h in enumerate(job.headers)}
    columns = [
        (key, positions[header]) for header, key in job.mapping.items() if header in positions
    ]
    fixes = job.options.get("fixes", {})
    with job.file.open("rb") as handle:
        yield from _rows(iter_table(handle, job.original_name), job, columns, fixes)


def _rows(cells_iter, job, columns, fixes):
    for index, cells in enumerate(cells_iter):
        number = index + 1
        if number <= job.header_row:
            continue
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue
        raw = {key: (cells[pos] if pos < len(cells) else None) for key, pos in columns}
        raw.update(fixes.get(str(number), {}))
        yield Row(number=number, raw=raw)


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class _Findings:
    """What a pass over the rows found: counts, the first issues, a preview, rows to fix."""

    def __init__(self, importer):
        self.importer = importer
        self.issues, self.preview, self.bad_rows = [], [], []
        self.valid = self.errors = self.warnings = self.total = 0
        self.first_bad = None

    def add(self, batch):
        for row in batch:
            self.total += 1
            self.valid += row.ok
            self.errors += not row.ok
            self.warnings += bool(row.warnings)
            if len(self.issues) < MAX_STORED_ISSUES:
                self.issues.extend(i.as_dict() for i in row.errors + row.warnings)
            if len(self.preview) < PREVIEW_ROWS:
                self.preview.append(_preview_row(self.importer, row))
            if not row.ok:
                self.first_bad = self.first_bad or row.number
                if len(self.bad_rows) < MAX_FIXABLE_ROWS:
                    self.bad_rows.append(_preview_row(self.importer, row))

    def store(self, job):
        job.total_rows = job.done_rows = self.total
        job.valid_rows, job.error_rows = self.valid, self.errors
        job.warning_rows = self.warnings
        job.issues, job.preview = self.issues, self.preview
        job.result = {**job.result, "bad_rows": self.bad_rows}


@config.memoised
def validate_job(job):
    """Validate every row; store counts, the first issues and a preview. Shows progress."""
    importer = importer_for(job)
    job.status = ImportJob.Status.VALIDATING
    job.done_rows = 0
    job.save(update_fields=["status", "done_rows"])
    found = _Findings(importer)
    try:
        for batch in _batches(iter_rows(job), BATCH):
            importer.validate(batch)
            found.add(batch)
            ImportJob.objects.filter(pk=job.pk).update(done_rows=found.total)
    except ReadError as exc:
        return _fail(job, str(exc))
    job.result = {}
    found.store(job)
    job.status = ImportJob.Status.VALIDATED
    job.save()
    return job


ACTION_LABELS = {
    "create": "新增",
    "update": "更新",
    "unchanged": "未变化",
    "transfer": "会籍接转申请",
    "rejoin": "重新入会",
    "correct": "更正",
}


def _preview_row(importer, row):
    labels = {**ACTION_LABELS, **getattr(importer, "action_labels", {})}
    return {
        "row": row.number,
        "ok": row.ok,
        "action": row.action,
        "action_label": labels.get(row.action, row.action) if row.ok else "有错误",
        "cells": [_show(row.values.get(c.key), row.raw.get(c.key)) for c in importer.columns],
        "raw": {k: cell_text(v) for k, v in row.raw.items()},
    }


def _show(value, raw):
    if value is None:
        return cell_text(raw)
    display = getattr(value, "display", None)
    return display if isinstance(display, str) else str(value)


def _fail(job, message):
    job.status = ImportJob.Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    return job


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


def _progress_key(job):
    return f"gonghui:import:{job.pk}:done"


def report_progress(job, done):
    """Rows done so far of a commit. The commit runs in one transaction, where a row update
    stays invisible to the page polling it until the end; the cache (Redis in production) is
    shared by the worker and the web processes, so the progress bar moves."""
    cache.set(_progress_key(job), done, 6 * 3600)


def live_done_rows(job):
    """``job.done_rows``, or the progress a running commit reported, whichever is further."""
    return max(job.done_rows, cache.get(_progress_key(job)) or 0)


class _Refused(Exception):
    """Rows with errors in an all-or-nothing import: roll everything back."""


@config.memoised
def commit_job(job, mode):
    """Validate and write the rows in one pass and one transaction: ``mode="all"`` needs every
    row valid (otherwise nothing is written, and every problem is listed); ``"valid"`` writes
    the valid rows and returns the rest as an error workbook. A job that was never validated
    (an API call that commits at once) is validated by this same pass."""
    importer = importer_for(job)
    if mode not in ("all", "valid"):
        raise ValidationError("未知的导入方式")
    if not job.total_rows:  # progress needs a denominator before the first batch
        job.total_rows = _estimate(job)
    job.status = ImportJob.Status.COMMITTING
    job.done_rows = 0
    job.save(update_fields=["status", "done_rows", "total_rows"])
    counts, bad_rows = {}, []
    found = _Findings(importer)
    try:
        with transaction.atomic():
            try:
                for batch in _batches(iter_rows(job), BATCH):
                    importer.validate(batch)
                    found.add(batch)
                    bad = [r for r in batch if not r.ok]
                    bad_rows.extend(bad)
                    if not (bad_rows and mode == "all"):
                        for action, n in importer.commit([r for r in batch if r.ok]).items():
                            counts[action] = counts.get(action, 0) + n
                    report_progress(job, found.total)
            finally:
                close = getattr(importer, "close", None)  # writes still in flight end here
                if close is not None:
                    close()
            if bad_rows and mode == "all":
                raise _Refused
            audit.record(
                job.created_by,
                f"{job.importer}.import.commit",
                job,
                org=job.org,
                extra={
                    "mode": mode,
                    "counts": counts,
                    "errors": len(bad_rows),
                    "file": job.original_name,
                },
            )
            job.result = {}
            after = getattr(importer, "after_commit", None)
            followup = after(job) if after is not None else None
    except _Refused:
        found.store(job)
        return _fail(
            job, f"第 {found.first_bad} 行有错误（共 {found.errors} 行有错误），未导入任何数据"
        )
    except (ValidationError, ReadError) as exc:
        return _fail(job, "；".join(getattr(exc, "messages", [str(exc)])))
    found.store(job)
    job.result.update({"counts": counts, "errors": len(bad_rows), "committed_mode": mode})
    if bad_rows:
        job.result["error_file"] = str(_store_error_workbook(job, importer, bad_rows).id)
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    if followup is not None:
        followup()
    return job


def _estimate(job):
    from .reading import estimate_rows

    with job.file.open("rb") as handle:
        return max(0, estimate_rows(handle, job.original_name) - job.header_row)


def error_workbook(importer, rows):
    """The rows with problems, in the importer's columns plus a reason column, as .xlsx."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet("错误行")
    bold = book.add_format({"bold": True, "bg_color": "#FDE2E1"})
    text = book.add_format({"num_format": "@"})
    headers = ["原行号", *[c.label for c in importer.columns], "错误原因"]
    sheet.write_row(0, 0, headers, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_number(i, 0, row.number)
        for j, column in enumerate(importer.columns, start=1):
            sheet.write_string(i, j, cell_text(row.raw.get(column.key)), text)
        reasons = "；".join(f"{e.column}：{e.message}" for e in row.errors)
        sheet.write_string(i, len(headers) - 1, reasons)
    sheet.set_column(0, len(headers) - 1, 16)
    book.close()
    return buffer.getvalue()


def _store_error_workbook(job, importer, rows):
    generated = GeneratedFile(
        org=job.org,
        created_by=job.created_by,
        name=f"错误行-{job.original_name.rsplit('.', 1)[0]}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    generated.file.save(
        f"{generated.id}.xlsx", ContentFile(error_workbook(importer, rows)), save=False
    )
    generated.save()
    return generated


@config.memoised
def error_rows_now(job):
    """Re-validate and return the rows that have errors (for a download before commit)."""
    importer = importer_for(job)
    bad = []
    for batch in _batches(iter_rows(job), BATCH):
        importer.validate(batch)
        bad.extend(r for r in batch if not r.ok)
    return importer, bad


def template_workbook(importer_class):
    """The downloadable template: Chinese headers, required marks, drop-down lists, examples."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet("数据")
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = book.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1})
    text = book.add_format({"num_format": "@"})
    for j, column in enumerate(importer_class.columns):
        sheet.write_string(
            0,
            j,
            column.label + (" *" if column.required else ""),
            required if column.required else head,
        )
        sheet.set_column(j, j, max(12, len(column.label) * 2 + 4), text)
        if column.help:
            sheet.write_comment(0, j, column.help)
        if column.choices:
            sheet.data_validation(
                1, j, 10000, j, {"validate": "list", "source": list(column.choices)}
            )
    importer = importer_class(None)
    for i, example in enumerate(importer.template_rows(), start=1):
        for j, value in enumerate(example):
            sheet.write_string(i, j, str(value or ""), text)
    notes = book.add_worksheet("填写说明")
    notes.write_row(0, 0, ["列名", "是否必填", "说明"], head)
    for i, column in enumerate(importer_class.columns, start=1):
        notes.write_row(i, 0, [column.label, "必填" if column.required else "选填", column.help])
    notes.set_column(0, 2, 30)
    book.close()
    return buffer.getvalue()
