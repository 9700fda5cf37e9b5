"""Committing a job, its error workbook and the template workbook of an importer."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.models import GeneratedFile, ImportJob
from gonghui.core.text.punctuation import joined, labelled

from ..base import cell_text
from ..reading import ReadError
from ._common import BATCH, _batches, _fail, importer_for, iter_rows, rows_pass
from .progress import clear_progress, report_progress
from .validation import _Findings


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
        raise ValidationError(_("未知的导入方式"))
    if not job.total_rows:  # progress needs a denominator before the first batch
        job.total_rows = _estimate(job)
    job.status = ImportJob.Status.COMMITTING
    job.done_rows = 0
    job.save(update_fields=["status", "done_rows", "total_rows"])
    counts, bad_rows = {}, []
    found = _Findings(importer)
    try:
        with transaction.atomic(), rows_pass():
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
            job,
            _("第 {first_bad} 行有错误（共 {errors} 行有错误），未导入任何数据").format(
                first_bad=found.first_bad, errors=found.errors
            ),
        )
    except (ValidationError, ReadError) as exc:
        return _fail(job, joined(getattr(exc, "messages", [str(exc)]), "semicolon"))
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
    from ..reading import estimate_rows

    with job.file.open("rb") as handle:
        return max(0, estimate_rows(handle, job.original_name) - job.header_row)


def error_workbook(importer, rows):
    """The rows with problems, in the importer's columns plus a reason column, as .xlsx."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet(_("错误行"))
    bold = book.add_format({"bold": True, "bg_color": "#FDE2E1"})
    text = book.add_format({"num_format": "@"})
    headers = [_("原行号"), *[c.label for c in importer.columns], _("错误原因")]
    sheet.write_row(0, 0, headers, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_number(i, 0, row.number)
        for j, column in enumerate(importer.columns, start=1):
            sheet.write_string(i, j, cell_text(row.raw.get(column.key)), text)
        reasons = joined((labelled(e.column, e.message) for e in row.errors), "semicolon")
        sheet.write_string(i, len(headers) - 1, reasons)
    sheet.set_column(0, len(headers) - 1, 16)
    book.close()
    return buffer.getvalue()


def _store_error_workbook(job, importer, rows):
    generated = GeneratedFile(
        org=job.org,
        created_by=job.created_by,
        name=_("错误行-{value}.xlsx").format(value=job.original_name.rsplit(".", 1)[0]),
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
    sheet = book.add_worksheet("数据")  # i18n: data (the template's sheet of rows)
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
    notes = book.add_worksheet(_("填写说明"))
    notes.write_row(0, 0, [_("列名"), _("是否必填"), _("说明")], head)
    for i, column in enumerate(importer_class.columns, start=1):
        notes.write_row(
            i, 0, [column.label, _("必填") if column.required else _("选填"), column.help]
        )
    notes.set_column(0, 2, 30)
    book.close()
    return buffer.getvalue()
