"""Limits and helpers shared by the steps of an import job."""

import gc
import itertools
import operator
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone, translation
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
    keys = [key for key, _pos in columns]
    positions = [pos for _key, pos in columns]
    # The common row has every mapped cell: one C call picks them (a shorter row, or a mapping
    # of one column, takes the general path).
    pick = operator.itemgetter(*positions) if len(positions) > 1 else None
    width = max(positions, default=-1) + 1
    header_row = job.header_row
    for number, cells in enumerate(cells_iter, start=1):
        if number <= header_row:
            continue
        if _blank(cells):
            continue
        if pick is not None and len(cells) >= width:
            raw = dict(zip(keys, pick(cells), strict=True))
        else:
            raw = {key: (cells[pos] if pos < len(cells) else None) for key, pos in columns}
        if fixes:
            raw.update(fixes.get(str(number), {}))
        yield Row(number=number, raw=raw)


def _blank(cells):
    """True for a row whose cells are all empty or blank text (skipped, as Excel users expect)."""
    first = cells[0] if cells else None
    if type(first) is str and first and not first.isspace():
        return False  # the usual row: its first cell has text
    return not any(c not in (None, "") and str(c).strip() for c in cells)


@contextmanager
def rows_pass():
    """Around a pass over a job's rows: the objects that existed before it (Django's, the
    app's: some 300,000 in a worker) are set aside from the garbage collector's full passes
    until it ends (``gc.freeze``). Reading rows allocates enough to run a full pass several
    times a job, and each walked all of them — 0.5 s of CPU in a 100,000-row import — though
    none of them can become garbage of the pass. New objects are collected as before."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # back into the oldest generation


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def in_job_language(job):
    """Around work on ``job`` outside its uploader's request (a worker, the nightly purge, a page
    recovering another person's job): what is written into the job is worded in the language
    of the person who uploaded the file (``job.language``, the default for jobs from before)."""
    return translation.override(job.language or settings.LANGUAGE_CODE)


def _fail(job, message):
    job.status = ImportJob.Status.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    return job
