"""Writes of award types (the awards an organising union defines)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.punctuation import joined

from ..models import (
    DEFAULT_AWARD_TYPES,
    AwardType,
    NomineeKind,
)

# --- award types ----------------------------------------------------------------------------------


def _check_pct(errors, name, value):
    if value is None:
        return
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        errors[name] = _("请填写 0 到 100 之间的数字")
        return
    if not (0 <= value <= 100):
        errors[name] = _("请填写 0 到 100 之间的数字")


def _next_code(org):
    # unscoped: uniqueness within the award's org, whatever the scope
    taken = set(AwardType.unscoped.filter(org=org).values_list("code", flat=True))
    n = len(taken) + 1
    while f"award-{n}" in taken:
        n += 1
    return f"award-{n}"


@transaction.atomic
def create_award_type(
    *,
    actor,
    org,
    name,
    nominee_kind,
    code="",
    description="",
    min_frontline_pct=None,
    max_heads_pct=None,
    is_active=True,
):
    """An organising union defines an award of its level. The quota percentages default to the
    settings in force (GLOSSARY: front-line ≥ 35%, enterprise heads ≤ 20%)."""
    require_perm("honours.manage_award_type")
    if not org_in_scope(org):
        raise Http404
    if org.kind == "group":
        raise ValidationError({"org": _("工会小组不能设立奖项")})
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("请填写奖项名称")
    # unscoped: uniqueness within the award's org, whatever the scope
    elif AwardType.unscoped.filter(org=org, name=name).exists():
        errors["name"] = _("本单位已有同名奖项")
    code = (code or "").strip() or _next_code(org)
    # unscoped: uniqueness within the award's org, whatever the scope
    if AwardType.unscoped.filter(org=org, code=code).exists():
        errors["code"] = _("本单位已有该代码的奖项")
    if nominee_kind not in NomineeKind.values:
        errors["nominee_kind"] = _("请选择推荐对象类别")
    _check_pct(errors, "min_frontline_pct", min_frontline_pct)
    _check_pct(errors, "max_heads_pct", max_heads_pct)
    if errors:
        raise ValidationError(errors)
    award_type = AwardType.objects.create(
        org=org,
        code=code,
        name=name,
        nominee_kind=nominee_kind,
        description=(description or "").strip(),
        min_frontline_pct=(
            min_frontline_pct
            if min_frontline_pct is not None
            else config.get("honours.frontline_min_pct", org=org)
        ),
        max_heads_pct=(
            max_heads_pct
            if max_heads_pct is not None
            else config.get("honours.heads_max_pct", org=org)
        ),
        is_active=is_active,
        created_by=actor,
    )
    audit.record(actor, "honours.award_type.create", award_type, changes=audit.snapshot(award_type))
    return award_type


AWARD_TYPE_FIELDS = (
    "name",
    "nominee_kind",
    "description",
    "min_frontline_pct",
    "max_heads_pct",
    "is_active",
)


@transaction.atomic
def update_award_type(*, actor, award_type, version, **changes):
    """Edit an award type: only its organiser's side (a street cannot edit the district's
    awards); the kind of nominee is fixed once a round uses it; stale edits are refused."""
    require_perm("honours.manage_award_type")
    # unscoped: re-read under lock; the caller found it in scope
    award_type = AwardType.unscoped.select_for_update().select_related("org").get(pk=award_type.pk)
    if not org_in_scope(award_type.org):
        raise PermissionDenied(_("只有奖项设立单位可以修改该奖项"))
    if version != award_type.version:
        raise ValidationError(_("该奖项已被他人修改，请刷新后重试"))
    unknown = set(changes) - set(AWARD_TYPE_FIELDS)
    if unknown:
        raise ValidationError(_("不能修改：{fields}").format(fields=joined(sorted(unknown))))
    errors = {}
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            errors["name"] = _("请填写奖项名称")
        elif (
            # unscoped: uniqueness within the award's org, whatever the scope
            AwardType.unscoped.filter(org=award_type.org, name=changes["name"])
            .exclude(pk=award_type.pk)
            .exists()
        ):
            errors["name"] = _("本单位已有同名奖项")
    kind = changes.get("nominee_kind", award_type.nominee_kind)
    if kind not in NomineeKind.values:
        errors["nominee_kind"] = _("请选择推荐对象类别")
    elif kind != award_type.nominee_kind and award_type.rounds.exists():
        errors["nominee_kind"] = _("已有评选使用该奖项，不能修改推荐对象类别")
    for name in ("min_frontline_pct", "max_heads_pct"):
        if name in changes and changes[name] is None:
            errors[name] = _("请填写 0 到 100 之间的数字")
        else:
            _check_pct(errors, name, changes.get(name))
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(award_type)
    for name, value in changes.items():
        setattr(award_type, name, value)
    award_type.version += 1
    award_type.save()
    audit.record_edit(actor, "honours.award_type.update", award_type, before)
    return award_type


def ensure_default_award_types(*, actor, org):
    """The five award types the platform used to have fixed, as rows of ``org`` (idempotent):
    the demo and a new district start from them."""
    made = []
    for code, label, kind in DEFAULT_AWARD_TYPES:
        # unscoped: demo and set-up hook, idempotent per org
        existing = AwardType.unscoped.filter(org=org, code=code).first()
        if existing is None:
            existing = create_award_type(
                actor=actor, org=org, code=code, name=str(label), nominee_kind=kind
            )
        made.append(existing)
    return made
