"""Column and value mappings of a job (remembered per union and file layout)."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.models import ImportJob, ImportMapping, ImportValueMapping
from gonghui.core.scoping import require_perm
from gonghui.core.text.punctuation import joined

from .. import registry
from ..base import wording_key


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
        raise ValidationError({"value_mapping": _("取值对应应为“列名 → {写法: 选项}”的对象")})
    coded = {c.key: c for c in importer_class.columns if c.codes}
    by_label = {c.label: c for c in coded.values()}
    clean = {}
    for name, choices in raw.items():
        column = coded.get(name) or by_label.get(name)
        if column is None or not isinstance(choices, dict):
            raise ValidationError(
                {"value_mapping": _("“{name}”不是可对应取值的列").format(name=name)}
            )
        targets = {str(label): code for code, label in column.codes}
        targets.update({code: code for code, _label in column.codes})
        for wording, target in choices.items():
            target = "" if target is None else str(target).strip()
            if target and target not in targets:
                raise ValidationError(
                    {
                        "value_mapping": _("“{label}”没有选项“{target}”").format(
                            label=column.label, target=target
                        )
                    }
                )
            clean.setdefault(column.key, {})[wording_key(wording)] = targets.get(target, "")
    return clean


def _union_value_mapping(org, importer_key):
    # unscoped: the union's remembered value mapping, read and written for the job's own org
    saved = ImportValueMapping.unscoped.filter(org=org, importer=importer_key).first()
    return saved.mapping if saved else {}


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
        raise ValidationError({"mapping": _("表头对应应为“表头 → 列”的对象")})
    keys = {c.key for c in importer_class.columns}
    keys.update({c.label: c.key for c in importer_class.columns})
    by_label = {c.label: c.key for c in importer_class.columns}
    mapping = {h: by_label.get(k, k) for h, k in mapping.items() if k in keys and h in headers}
    missing = [
        c.label for c in importer_class.columns if c.required and c.key not in mapping.values()
    ]
    if missing:
        raise ValidationError(_("以下必填列还没有对应：") + joined(missing))
    if len(set(mapping.values())) != len(mapping):
        raise ValidationError(_("同一列不能对应两次"))
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
    # unscoped: the union's remembered value mapping, read and written for the job's own org
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
        raise ValidationError(_("只有失败的导入可以重试"))
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
