"""Limits and helpers shared by the steps of an import job."""

import itertools

from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.models import ImportJob

from .. import registry
from ..base import Row
from ..reading import iter_table

KEEP_DAYS = config.define(
    "core.import_keep_days",
    7,
    gettext_lazy("导入文件保留天数"),
    gettext_lazy(
        "导入完成、失败或放弃（上传后未提交）超过此天数后，删除上传的文件及其中的行（含身份证号、"
        "手机号），只保留导入记录和计数。"
    ),
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


def _fail(job, message):
    job.status = ImportJob.Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    return job
