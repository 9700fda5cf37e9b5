"""Writes to the union tree: create, edit, move, merge, dissolve; employers; terms and officials.

Every function takes the acting user first, runs in one transaction, checks the permission and the
scope, and writes its audit event.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm, subtree_q
from gonghui.core.versions import require_current_version

from .models import Employer, Official, Org, OrgKind, OrgStatus, Term, TermKind
from .validators import validate_credit_code

# Models that keep a copy of their org's path (field name): moved with the subtree.
PATH_COPIES: list[tuple[type, str]] = []
# Callables org -> count of records that keep an org from being deleted.
HOLDINGS: list = []

_MULTI = {OrgKind.JOINT, OrgKind.AREA, OrgKind.SECTOR}
ALLOWED_CHILDREN = {
    OrgKind.DISTRICT: {OrgKind.STREET, OrgKind.INDUSTRY, OrgKind.GRASSROOTS} | _MULTI,
    OrgKind.STREET: {OrgKind.GRASSROOTS, OrgKind.STREET} | _MULTI,
    OrgKind.INDUSTRY: {OrgKind.GRASSROOTS, OrgKind.INDUSTRY} | _MULTI,
    OrgKind.GRASSROOTS: {OrgKind.GROUP},
    OrgKind.JOINT: {OrgKind.GROUP},
    OrgKind.AREA: {OrgKind.GROUP},
    OrgKind.SECTOR: {OrgKind.GROUP},
    OrgKind.GROUP: {OrgKind.GROUP},
}


def register_path_copy(model, field):
    PATH_COPIES.append((model, field))


def register_holding(counter):
    HOLDINGS.append(counter)


def _require_org_in_scope(org):
    # An org outside the active subtree does not exist for this user.
    if not org_in_scope(org):
        from django.http import Http404

        raise Http404


def _check_stale(org, version):
    require_current_version(org, version, _("该记录已被他人修改，请刷新后重新编辑"))


def _fresh(org):
    return Org.objects.select_for_update().get(pk=org.pk)


@transaction.atomic
def create_org(*, actor, parent, kind, code, name, **fields):
    """Add a child under ``parent``. Effects: the org, an audit event."""
    require_perm("orgs.add_org")
    _require_org_in_scope(parent)
    if kind not in ALLOWED_CHILDREN.get(parent.kind, set()):
        raise ValidationError(
            {
                "kind": _("{get_kind_display}下不能设立{label}").format(
                    get_kind_display=parent.get_kind_display(), label=OrgKind(kind).label
                )
            }
        )
    if not parent.is_active:
        raise ValidationError(_("上级组织已撤销或合并，不能新增下级"))
    if Org.objects.filter(code=code).exists():
        raise ValidationError({"code": _("组织代码已存在")})
    org = Org.objects.add_child(
        _fresh(parent), {"kind": kind, "code": code, "name": name, **fields}
    )
    audit.record(actor, "orgs.org.create", org, changes=audit.diff({}, audit.snapshot(org)))
    return org


def _save_edit(actor, action, obj, fields):
    """Write ``fields`` on ``obj`` (locked and checked by the caller), bump its version and audit
    the changes as ``action``: the row as saved."""
    before = audit.snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version = F("version") + 1
    obj.save()
    obj.refresh_from_db()
    audit.record_edit(actor, action, obj, before)
    return obj


@transaction.atomic
def update_org(*, actor, org, version=None, **fields):
    """Edit name, code and details (not kind changes that break the tree). Refuses stale forms."""
    require_perm("orgs.change_org")
    _require_org_in_scope(org)
    org = _fresh(org)
    _check_stale(org, version)
    if "code" in fields and Org.objects.filter(code=fields["code"]).exclude(pk=org.pk).exists():
        raise ValidationError({"code": _("组织代码已存在")})
    return _save_edit(actor, "orgs.org.update", org, fields)


@transaction.atomic
def move_org(*, actor, org, new_parent):
    """Move ``org`` with its whole subtree under ``new_parent`` and re-path every copy of the path.

    Refused: moving the root, under itself or one of its descendants, under a closed org, or
    under a kind that may not hold it.
    """
    require_perm("orgs.move_org")
    _require_org_in_scope(org)
    _require_org_in_scope(new_parent)
    org, new_parent = _fresh(org), _fresh(new_parent)
    if org.is_root():
        raise ValidationError(_("不能移动区总工会"))
    if new_parent.path.startswith(org.path):
        raise ValidationError(_("不能移动到自身或其下级组织之下"))
    if org.kind not in ALLOWED_CHILDREN.get(new_parent.kind, set()):
        raise ValidationError(
            _("{get_kind_display}下不能设立{get_kind_display2}").format(
                get_kind_display=new_parent.get_kind_display(),
                get_kind_display2=org.get_kind_display(),
            )
        )
    if not new_parent.is_active:
        raise ValidationError(_("目标上级组织已撤销或合并"))
    old_parent = Org.objects.get_parent(org)
    old_path = org.path
    Org.objects.move(org, new_parent, pos="last-child")
    org.refresh_from_db()
    _repath_copies(old_path, org.path)
    Org.objects.filter(pk=org.pk).update(version=F("version") + 1)
    audit.record(
        actor,
        "orgs.org.move",
        org,
        changes={"parent": [str(old_parent), str(new_parent)], "path": [old_path, org.path]},
    )
    return org


def _repath_copies(old_path, new_path):
    for model, field in PATH_COPIES:
        # unscoped: a move re-paths every copy in the moved subtree, whoever's scope sees it
        model.unscoped.filter(
            subtree_q(old_path, field)
        ).update(  # unscoped: org lifecycle hook: re-paths every copy under a moved org
            **{field: Concat(Value(new_path), Substr(F(field), len(old_path) + 1))}
        )


def holdings_count(org):
    """Records (members, files, ...) held by ``org``'s whole subtree."""
    return sum(counter(org) for counter in HOLDINGS)


@transaction.atomic
def dissolve_org(*, actor, org, reason, on_date=None):
    """Mark an org and its subtree dissolved (history kept). Refused while it holds members or
    open records: transfer them first, or merge."""
    require_perm("orgs.close_org")
    _require_org_in_scope(org)
    org = _fresh(org)
    if org.is_root():
        raise ValidationError(_("不能撤销区总工会"))
    if not org.is_active:
        raise ValidationError(_("该组织已撤销或合并"))
    held = holdings_count(org)
    if held:
        raise ValidationError(
            _("该组织及其下级仍有 {held} 条会员或业务记录，请先转出或改为合并").format(held=held)
        )
    if not reason.strip():
        raise ValidationError({"close_reason": _("请填写撤销原因")})
    on_date = on_date or datetime.date.today()
    Org.objects.filter(subtree_q(org.path, "path"), status=OrgStatus.ACTIVE).update(
        status=OrgStatus.DISSOLVED,
        closed_on=on_date,
        close_reason=reason,
        version=F("version") + 1,
    )
    org.refresh_from_db()
    audit.record(actor, "orgs.org.dissolve", org, extra={"reason": reason})
    return org


MERGE_MOVERS: list = []  # callables (source_org, target_org) -> moved count


def register_merge_mover(mover):
    MERGE_MOVERS.append(mover)


@transaction.atomic
def merge_org(*, actor, source, target, reason, on_date=None):
    """Merge ``source`` into ``target``: its children, employers, members and records move to
    ``target``; ``source`` stays in the tree as merged (history kept)."""
    require_perm("orgs.close_org")
    _require_org_in_scope(source)
    _require_org_in_scope(target)
    source, target = _fresh(source), _fresh(target)
    if source.pk == target.pk or target.path.startswith(source.path):
        raise ValidationError(_("不能并入自身或其下级组织"))
    if not source.is_active or not target.is_active:
        raise ValidationError(_("只能合并两个正常状态的组织"))
    if source.kind != target.kind and not (source.is_grassroots and target.is_grassroots):
        raise ValidationError(_("只能合并同类组织"))
    for child in list(Org.objects.get_children(source)):
        move_org(actor=actor, org=child, new_parent=target)
    # unscoped: a merge moves every employer of the source, checked in scope above
    Employer.unscoped.filter(org=source).update(
        org=target, version=F("version") + 1
    )  # unscoped: org lifecycle hook: a merge moves every employer of the source
    moved = sum(mover(source, target) for mover in MERGE_MOVERS)
    Org.objects.filter(pk=source.pk).update(
        status=OrgStatus.MERGED,
        merged_into=target,
        closed_on=on_date or datetime.date.today(),
        close_reason=reason,
        version=F("version") + 1,
    )
    source.refresh_from_db()
    audit.record(
        actor,
        "orgs.org.merge",
        source,
        extra={"into": target.code, "reason": reason, "moved_records": moved},
    )
    return source


# --- employers --------------------------------------------------------------------------------


def _clean_employer(fields, instance=None):
    if "credit_code" in fields:
        fields["credit_code"] = validate_credit_code(fields["credit_code"])
        # unscoped: credit codes are unique district-wide (a clash outside the scope must be seen)
        clash = Employer.unscoped.filter(
            credit_code=fields["credit_code"]
        )  # unscoped: a credit code is unique across the district (uniqueness check)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise ValidationError({"credit_code": _("统一社会信用代码已登记")})
    return fields


@transaction.atomic
def create_employer(*, actor, org, **fields):
    require_perm("orgs.change_employer")
    _require_org_in_scope(org)
    fields = _clean_employer(fields)
    employer = Employer.objects.create(org=org, **fields)
    audit.record(
        actor, "orgs.employer.create", employer, changes=audit.diff({}, audit.snapshot(employer))
    )
    return employer


@transaction.atomic
def update_employer(*, actor, employer, version=None, **fields):
    require_perm("orgs.change_employer")
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    require_current_version(employer, version, _("该记录已被他人修改，请刷新后重新编辑"))
    if "org" in fields:
        _require_org_in_scope(fields["org"])
    fields = _clean_employer(fields, employer)
    return _save_edit(actor, "orgs.employer.update", employer, fields)


# --- terms and officials -----------------------------------------------------------------------


@transaction.atomic
def start_term(*, actor, org, kind, start_date, years, number=None, note=""):
    """Record a term change (换届): the current term ends, a new one of 3 or 5 years begins."""
    require_perm("orgs.change_official")
    _require_org_in_scope(org)
    if years not in (3, 5):
        raise ValidationError({"years": _("任期为 3 年或 5 年")})
    previous = Term.objects.filter(org=org, is_current=True).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
        Official.objects.filter(term=previous, end_date__isnull=True).update(end_date=start_date)
    end = _add_years(start_date, years)
    term = Term.objects.create(
        org=org,
        kind=kind,
        start_date=start_date,
        end_date=end,
        note=note,
        number=number or ((previous.number + 1) if previous else 1),
    )
    audit.record(actor, "orgs.term.start", term, extra={"years": years, "kind": kind})
    return term


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def add_official(*, actor, term, name, position, start_date=None, **fields):
    require_perm("orgs.change_official")
    _require_org_in_scope(term.org)
    if term.kind == TermKind.ORGANISER and position not in ("organiser",):
        raise ValidationError({"position": _("设组织员的单位只能登记组织员")})
    official = Official.objects.create(
        org=term.org,
        term=term,
        name=name,
        position=position,
        start_date=start_date or term.start_date,
        **fields,
    )
    audit.record(actor, "orgs.official.add", official)
    return official


@transaction.atomic
def end_official(*, actor, official, end_date, reason=""):
    require_perm("orgs.change_official")
    official.end_date = end_date
    official.save(update_fields=["end_date"])
    audit.record(actor, "orgs.official.end", official, extra={"reason": reason})
    return official
