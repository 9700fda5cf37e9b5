"""Starting a job from an uploaded file: limits, sniffing, the header row."""

import hashlib
import itertools
import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.models import ImportJob, ImportMapping
from gonghui.core.scoping import org_in_scope, require_perm

from .. import registry
from ..base import cell_text
from ..reading import ReadError, find_header_row, iter_table
from ._common import HEAD_ROWS, MAX_COLUMNS
from .mapping import (
    _clean_mapping,
    _signature,
    _union_value_mapping,
    auto_mapping,
    clean_value_mapping,
)


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
    ``value_mapping`` sent with the request, else the union's saved one; the job says which.
    The job keeps the uploader's language (the request's), in which a worker words it."""
    importer_class = registry.get(importer_key)
    if importer_class is None:
        raise ValidationError(_("未知的导入类型"))
    require_perm(importer_class.permission)
    if not org_in_scope(org):
        raise PermissionDenied
    suffix = _suffix(upload.name)
    if suffix not in UPLOAD_LIMITS:
        raise ValidationError({"file": _("不支持的文件类型：请上传 .xlsx、.xls 或 .csv 文件")})
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
                {
                    "file": _("{suffix} 文件不能超过 {value} MB，请拆分后分批导入").format(
                        suffix=suffix, value=limit >> 20
                    )
                }
            )
    if not size:
        raise ValidationError({"file": _("文件是空的")})
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
        raise ValidationError({"file": _("文件中没有数据")})
    headers = [cell_text(h) for h in head[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    headers = [h or _("（第{value}列）").format(value=i + 1) for i, h in enumerate(headers)]
    if len(headers) > MAX_COLUMNS:
        raise ValidationError(
            {
                "file": _(
                    "文件有 {count} 列，超过 {limit} 列的上限：请只保留要导入的列后重新上传"
                ).format(count=len(headers), limit=MAX_COLUMNS)
            }
        )
    data_rows = [r for r in head[header_index + 1 :] if any(cell_text(c) for c in r)]
    if not data_rows and len(head) < HEAD_ROWS:
        raise ValidationError({"file": _("文件中没有数据行")})
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
        language=translation.get_language() or "",
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
                "file": _(
                    "文件内容不是 {suffix} 格式（可能是改了扩展名的其他文件）："
                    "请用 Excel 或 WPS 另存为 .xlsx 或 .csv 后上传"
                ).format(suffix=suffix)
            }
        )


def _suffix(name):
    lower = name.lower()
    for suffix in (".xlsx", ".xlsm", ".xls", ".csv"):
        if lower.endswith(suffix):
            return suffix
    return ""
