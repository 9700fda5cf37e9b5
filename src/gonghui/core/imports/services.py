"""Import jobs: upload, map, validate (with progress), fix in place, commit, error workbook."""

import datetime
import hashlib
import io
import itertools
import json
import os
import socket
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.utils import timezone

from gonghui.core import audit, config
from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.models import GeneratedFile, ImportJob, ImportMapping, ImportValueMapping
from gonghui.core.scoping import org_in_scope, require_perm

from . import registry
from .base import Row, cell_text, wording_key
from .reading import ReadError, find_header_row, iter_table

KEEP_DAYS = config.define(
    "core.import_keep_days",
    7,
    "导入文件保留天数",
    "导入完成、失败或放弃（上传后未提交）超过此天数后，删除上传的文件及其中的行（含身份证号、"
    "手机号），只保留导入记录和计数。",
)
STALE_MINUTES = 30  # a running job not heard of for this long on another machine has died

BATCH = 2000
HEAD_ROWS = 12  # rows read at upload to find the header row
MAX_COLUMNS = 300  # source columns offered for mapping (a form field each)
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


def clean_value_mapping(importer_class, raw):
    """``{column key: {wording key: code or ""}}`` from what a person or an API client sent:
    columns by key or Chinese label, targets by code, by Chinese label or "" (leave empty)."""
    if not isinstance(raw, dict):
        raise ValidationError({"value_mapping": "取值对应应为“列名 → {写法: 选项}”的对象"})
    coded = {c.key: c for c in importer_class.columns if c.codes}
    by_label = {c.label: c for c in coded.values()}
    clean = {}
    for name, choices in raw.items():
        column = coded.get(name) or by_label.get(name)
        if column is None or not isinstance(choices, dict):
            raise ValidationError({"value_mapping": f"“{name}”不是可对应取值的列"})
        targets = {str(label): code for code, label in column.codes}
        targets.update({code: code for code, _label in column.codes})
        for wording, target in choices.items():
            target = "" if target is None else str(target).strip()
            if target and target not in targets:
                raise ValidationError({"value_mapping": f"“{column.label}”没有选项“{target}”"})
            clean.setdefault(column.key, {})[wording_key(wording)] = targets.get(target, "")
    return clean


def _union_value_mapping(org, importer_key):
    saved = ImportValueMapping.unscoped.filter(org=org, importer=importer_key).first()
    return saved.mapping if saved else {}


@transaction.atomic
def start_import(
    *,
    actor,
    assignment,
    importer_key,
    org,
    upload,
    api=False,
    mapping=None,
    value_mapping=None,
):
    """Store the upload, find its header row and propose a column mapping. The pages remember
    a person's column mapping per set of headers; an API call (``api=True``) never reuses it:
    it takes ``mapping`` sent with the request, else the mapping by header names, and
    ``value_mapping`` sent with the request, else the union's saved one; the job says which."""
    importer_class = registry.get(importer_key)
    if importer_class is None:
        raise ValidationError("未知的导入类型")
    require_perm(importer_class.permission)
    if not org_in_scope(org):
        raise PermissionDenied
    suffix = _suffix(upload.name)
    if suffix not in UPLOAD_LIMITS:
        raise ValidationError({"file": "不支持的文件类型：请上传 .xlsx、.xls 或 .csv 文件"})
    limit = UPLOAD_LIMITS[suffix]
    digest, size = hashlib.sha256(), 0
    stored = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # big files go to disk
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b"")
    ):
        digest.update(chunk)
        stored.write(chunk)
        size += len(chunk)
        if size > limit:
            stored.close()
            raise ValidationError(
                {"file": f"{suffix} 文件不能超过 {limit >> 20} MB，请拆分后分批导入"}
            )
    if not size:
        raise ValidationError({"file": "文件是空的"})
    stored.seek(0)
    _sniff(stored.read(SNIFF), suffix)
    stored.seek(0)
    try:
        head = list(itertools.islice(iter_table(stored, upload.name), HEAD_ROWS))
    except ReadError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    stored.seek(0)
    labels = [label for c in importer_class.columns for label in (c.label, *c.aliases)]
    header_index = find_header_row(head, labels)
    if not head:
        raise ValidationError({"file": "文件中没有数据"})
    headers = [cell_text(h) for h in head[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    headers = [h or f"（第{i + 1}列）" for i, h in enumerate(headers)]
    if len(headers) > MAX_COLUMNS:
        raise ValidationError(
            {
                "file": f"文件有 {len(headers)} 列，超过 {MAX_COLUMNS} 列的上限："
                "请只保留要导入的列后重新上传"
            }
        )
    data_rows = [r for r in head[header_index + 1 :] if any(cell_text(c) for c in r)]
    if not data_rows and len(head) < HEAD_ROWS:
        raise ValidationError({"file": "文件中没有数据行"})
    options = {}
    if api:
        remembered = None
        if mapping:
            chosen = _clean_mapping(importer_class, headers, mapping)
            options["mapping_source"] = "request"
        else:
            chosen = auto_mapping(importer_class, headers)
            options["mapping_source"] = "headers"
    else:
        remembered = ImportMapping.objects.filter(
            user=actor, importer=importer_key, signature=_signature(headers)
        ).first()
        chosen = remembered.mapping if remembered else auto_mapping(importer_class, headers)
        options["mapping_source"] = "remembered" if remembered else "headers"
    if value_mapping:
        options["value_mapping"] = clean_value_mapping(importer_class, value_mapping)
        options["value_mapping_source"] = "request"
    else:
        options["value_mapping"] = _union_value_mapping(org, importer_key)
        options["value_mapping_source"] = "union" if options["value_mapping"] else "none"
    job = ImportJob.objects.create(
        importer=importer_key,
        org=org,
        created_by=actor,
        assignment=assignment,
        original_name=upload.name[:255],
        file_sha256=digest.hexdigest(),
        header_row=header_index + 1,
        headers=headers,
        mapping=chosen,
        options={**options, "mapping_remembered": remembered is not None},
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


UPLOAD_LIMITS = {  # bytes, per kind of file
    ".xlsx": 100 << 20,
    ".xlsm": 100 << 20,
    ".xls": 30 << 20,
    ".csv": 200 << 20,
}
SNIFF = 8192
_ZIP, _OLE = b"PK\x03\x04", bytes.fromhex("d0cf11e0a1b11ae1")


def _sniff(head, suffix):
    """The file's first bytes must be what its name says (a renamed program, archive or
    image is refused before anything parses it)."""
    if suffix in (".xlsx", ".xlsm"):
        ok = head.startswith(_ZIP)
    elif suffix == ".xls":
        ok = head.startswith(_OLE)
    else:
        ok = b"\x00" not in head and not head.startswith((_ZIP, _OLE, b"%PDF", b"MZ", b"\x7fELF"))
    if not ok:
        raise ValidationError(
            {
                "file": f"文件内容不是 {suffix} 格式（可能是改了扩展名的其他文件）："
                "请用 Excel 或 WPS 另存为 .xlsx 或 .csv 后上传"
            }
        )


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
    mapping = _clean_mapping(importer_class, job.headers, mapping)
    job.mapping = mapping
    job.status = ImportJob.Status.UPLOADED
    job.options = {**job.options, "mapping_source": "chosen"}
    job.save(update_fields=["mapping", "status", "options"])
    ImportMapping.objects.update_or_create(
        user=actor,
        importer=job.importer,
        signature=_signature(job.headers),
        defaults={"mapping": mapping},
    )
    return job


def _clean_mapping(importer_class, headers, mapping):
    """Source header -> column key (keys or Chinese labels accepted); refuses a mapping that
    leaves a required column out or uses a column twice."""
    if not isinstance(mapping, dict):
        raise ValidationError({"mapping": "表头对应应为“表头 → 列”的对象"})
    keys = {c.key for c in importer_class.columns}
    keys.update({c.label: c.key for c in importer_class.columns})
    by_label = {c.label: c.key for c in importer_class.columns}
    mapping = {h: by_label.get(k, k) for h, k in mapping.items() if k in keys and h in headers}
    missing = [
        c.label for c in importer_class.columns if c.required and c.key not in mapping.values()
    ]
    if missing:
        raise ValidationError("以下必填列还没有对应：" + "、".join(missing))
    if len(set(mapping.values())) != len(mapping):
        raise ValidationError("同一列不能对应两次")
    return mapping


@transaction.atomic
def save_value_mapping(*, actor, job, choices):
    """Map wordings the alias table does not know (``{column: {wording: code, label or ""}}``)
    for this job, and remember them for the union's next imports of this kind."""
    importer_class = registry.get(job.importer)
    require_perm(importer_class.permission)
    clean = clean_value_mapping(importer_class, choices)
    merged = {k: dict(v) for k, v in (job.options.get("value_mapping") or {}).items()}
    for key, values in clean.items():
        merged.setdefault(key, {}).update(values)
    job.options = {**job.options, "value_mapping": merged, "value_mapping_source": "chosen"}
    job.status = ImportJob.Status.UPLOADED
    job.save(update_fields=["options", "status"])
    saved, _created = ImportValueMapping.unscoped.get_or_create(
        org=job.org, importer=job.importer, defaults={"updated_by": actor}
    )
    union = {k: dict(v) for k, v in saved.mapping.items()}
    for key, values in clean.items():
        union.setdefault(key, {}).update(values)
    saved.mapping, saved.updated_by = union, actor
    saved.save()
    audit.record(
        actor,
        "core.import.map_values",
        job,
        org=job.org,
        extra={"columns": sorted(clean), "values": sum(len(v) for v in clean.values())},
    )
    return job


@transaction.atomic
def reset_for_retry(*, actor, job):
    """A failed job goes back to "uploaded" to be validated again (file and choices kept)."""
    importer_class = registry.get(job.importer)
    require_perm(importer_class.permission)
    if job.status != ImportJob.Status.FAILED:
        raise ValidationError("只有失败的导入可以重试")
    job.status, job.message, job.finished_at = ImportJob.Status.UPLOADED, "", None
    job.done_rows = 0
    job.save(update_fields=["status", "message", "finished_at", "done_rows"])
    audit.record(actor, "core.import.retry", job, org=job.org)
    return job


@transaction.atomic
def choose_conflicts(*, actor, job, rows):
    """The rows whose differing name, birth date or sex the person ticked to update."""
    importer_class = registry.get(job.importer)
    require_perm(importer_class.permission)
    listed = {c["row"] for c in job.result.get("conflicts", [])}
    chosen = sorted({int(r) for r in rows} & listed)
    job.options = {**job.options, "apply_conflicts": chosen}
    job.status = ImportJob.Status.UPLOADED
    job.save(update_fields=["options", "status"])
    audit.record(actor, "core.import.choose_conflicts", job, org=job.org, extra={"rows": chosen})
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
        for row in batch:
            self.total += 1
            self.valid += row.ok
            self.errors += not row.ok
            self.warnings += bool(row.warnings)
            if len(self.issues) < MAX_STORED_ISSUES:
                self.issues.extend(i.as_dict() for i in row.errors + row.warnings)
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
            if not row.ok:
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


def _progress_file(job):
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{job.pk}"


def report_progress(job, done):
    """Rows done so far of a commit. The commit runs in one transaction, where a row update
    stays invisible to the page polling it until the end; the count goes to the shared cache
    (Redis: every machine) and to a small file in the var dir (every process of this machine,
    whatever the cache), so the progress bar moves."""
    cache.set(_progress_key(job), done, 6 * 3600)
    cache.set(_progress_key(job) + ":seen", timezone.now().timestamp(), 6 * 3600)
    path = _progress_file(job)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(str(done))
    os.replace(partial, path)


def _file_progress(job):
    try:
        return int(_progress_file(job).read_text() or 0)
    except (OSError, ValueError):
        return 0


def clear_progress(job):
    cache.delete_many([_progress_key(job), _progress_key(job) + ":seen"])
    _progress_file(job).unlink(missing_ok=True)


def live_done_rows(job):
    """``job.done_rows``, or the progress a running commit reported, whichever is further."""
    return max(job.done_rows, cache.get(_progress_key(job)) or 0, _file_progress(job))


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
    clear_progress(job)
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


# --- background workers and retention ---------------------------------------------------------


def _this_worker():
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job):
    """Record that this process works on ``job`` (seen by the next worker if this one dies)."""
    job.worker, job.heartbeat_at = _this_worker(), timezone.now()
    ImportJob.unscoped.filter(pk=job.pk).update(worker=job.worker, heartbeat_at=job.heartbeat_at)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _last_seen(job):
    seen = [job.heartbeat_at or job.created_at]
    stamp = cache.get(_progress_key(job) + ":seen")
    if stamp:
        seen.append(datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC))
    try:
        seen.append(
            datetime.datetime.fromtimestamp(_progress_file(job).stat().st_mtime, tz=datetime.UTC)
        )
    except OSError:
        pass
    return max(seen)


def is_orphaned(job, now=None):
    """A validating or committing job whose worker is gone: a process of this machine that no
    longer runs, or a worker elsewhere not heard of for ``STALE_MINUTES``."""
    if job.status not in (ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING):
        return False
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _alive(int(pid))
    now = now or timezone.now()
    return now - _last_seen(job) > datetime.timedelta(minutes=STALE_MINUTES)


ORPHAN_MESSAGE = "后台处理进程中断，本次导入没有写入任何数据：请点“重试”重新校验后再提交"


def recover_orphans(now=None):
    """Mark jobs whose worker died as failed (retryable): run by every worker before it takes
    an import task, and by the page that polls a job. Returns how many were marked."""
    marked = 0
    running = ImportJob.unscoped.filter(
        status__in=[ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING]
    ).exclude(worker="")
    for job in running:
        if is_orphaned(job, now):
            marked += ImportJob.unscoped.filter(pk=job.pk, status=job.status).update(
                status=ImportJob.Status.FAILED,
                message=ORPHAN_MESSAGE,
                finished_at=timezone.now(),
            )
            clear_progress(job)
    return marked


def purge_old_jobs(now=None):
    """Delete the uploaded file and the stored rows of jobs committed, failed or abandoned more
    than ``core.import_keep_days`` days ago (the job, its counts and its audit trail stay).
    Returns how many jobs were purged."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=config.get("core.import_keep_days"))
    finished = [ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.CANCELLED]
    due = ImportJob.unscoped.filter(purged_at__isnull=True).filter(
        models.Q(status__in=finished, finished_at__lt=cutoff)
        | models.Q(status__in=finished, finished_at__isnull=True, created_at__lt=cutoff)
        | models.Q(
            status__in=[ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATED],
            created_at__lt=cutoff,
        )
    )
    purged = 0
    for job in due.iterator(chunk_size=200):
        if job.file:
            job.file.delete(save=False)
        counts = {
            k: v for k, v in job.result.items() if k in ("counts", "errors", "committed_mode")
        }
        job.preview, job.issues, job.result = [], [], counts
        job.options = {k: v for k, v in job.options.items() if k in ("background",)}
        if job.status in (ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATED):
            job.status = ImportJob.Status.CANCELLED
            job.message = "超过保留期限未提交，已放弃并删除文件"
        job.purged_at = now
        job.save()
        clear_progress(job)
        purged += 1
    return purged
