"""Writes of honours. Every function takes the acting user first (the public objection excepted),
runs in one transaction, checks permission and scope, and writes its audit event."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.core.workdays import add_working_days

from . import quotas, selectors
from .models import (
    ACTIVE_STATUSES,
    DEFAULT_AWARD_TYPES,
    PAST_DISTRICT_STATUSES,
    PAST_STREET_STATUSES,
    STREET_KINDS,
    AwardRound,
    AwardType,
    Criterion,
    Judge,
    Nomination,
    NominationDocument,
    NominationStatus,
    NomineeKind,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    Recusal,
    Score,
)
from .workflows import NOMINATION_WORKFLOW as WF
from .workflows import award_problems

PCT_KEYS = ("honours.frontline_min_pct", "honours.heads_max_pct")

CONFLICT_REASON = "评委与被推荐对象同属“{employer}”，按规定自动回避"


def _require_manager(round_, permission="honours.manage_round"):
    require_perm(permission)
    # The round is visible to unions below its organiser, but only the organiser's side runs it.
    if not org_in_scope(round_.org):
        raise PermissionDenied("只有组织单位可以管理本次评选")


def _lock(nomination):
    return (
        Nomination.unscoped.select_for_update(of=("self",))
        .select_related("round", "member")
        .get(pk=nomination.pk)
    )


# --- award types ----------------------------------------------------------------------------------


def _check_pct(errors, name, value):
    if value is None:
        return
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        errors[name] = "请填写 0 到 100 之间的数字"
        return
    if not (0 <= value <= 100):
        errors[name] = "请填写 0 到 100 之间的数字"


def _next_code(org):
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
        raise ValidationError({"org": "工会小组不能设立奖项"})
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "请填写奖项名称"
    elif AwardType.unscoped.filter(org=org, name=name).exists():
        errors["name"] = "本单位已有同名奖项"
    code = (code or "").strip() or _next_code(org)
    if AwardType.unscoped.filter(org=org, code=code).exists():
        errors["code"] = "本单位已有该代码的奖项"
    if nominee_kind not in NomineeKind.values:
        errors["nominee_kind"] = "请选择推荐对象类别"
    _check_pct(errors, "min_frontline_pct", min_frontline_pct)
    _check_pct(errors, "max_heads_pct", max_heads_pct)
    if errors:
        raise ValidationError(errors)
    award_type = AwardType.unscoped.create(
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
    award_type = AwardType.unscoped.select_for_update().select_related("org").get(pk=award_type.pk)
    if not org_in_scope(award_type.org):
        raise PermissionDenied("只有奖项设立单位可以修改该奖项")
    if version != award_type.version:
        raise ValidationError("该奖项已被他人修改，请刷新后重试")
    unknown = set(changes) - set(AWARD_TYPE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}")
    errors = {}
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            errors["name"] = "请填写奖项名称"
        elif (
            AwardType.unscoped.filter(org=award_type.org, name=changes["name"])
            .exclude(pk=award_type.pk)
            .exists()
        ):
            errors["name"] = "本单位已有同名奖项"
    kind = changes.get("nominee_kind", award_type.nominee_kind)
    if kind not in NomineeKind.values:
        errors["nominee_kind"] = "请选择推荐对象类别"
    elif kind != award_type.nominee_kind and award_type.rounds.exists():
        errors["nominee_kind"] = "已有评选使用该奖项，不能修改推荐对象类别"
    for name in ("min_frontline_pct", "max_heads_pct"):
        if name in changes and changes[name] is None:
            errors[name] = "请填写 0 到 100 之间的数字"
        else:
            _check_pct(errors, name, changes.get(name))
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(award_type)
    for name, value in changes.items():
        setattr(award_type, name, value)
    award_type.version += 1
    award_type.save()
    audit.record(
        actor,
        "honours.award_type.update",
        award_type,
        changes=audit.diff(before, audit.snapshot(award_type)),
    )
    return award_type


def ensure_default_award_types(*, actor, org):
    """The five award types the platform used to have fixed, as rows of ``org`` (idempotent):
    the demo and a new district start from them."""
    made = []
    for code, label, kind in DEFAULT_AWARD_TYPES:
        existing = AwardType.unscoped.filter(org=org, code=code).first()
        if existing is None:
            existing = create_award_type(
                actor=actor, org=org, code=code, name=str(label), nominee_kind=kind
            )
        made.append(existing)
    return made


# --- rounds, scorecards, judges ---------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    actor,
    award_type,
    year,
    title,
    quota,
    nomination_deadline,
    review_deadline=None,
    street_quota=None,
    min_frontline_pct=None,
    max_heads_pct=None,
    org=None,
):
    """Open a round (one year or campaign) of ``award_type``, organised by the award's union.
    The quota percentages come from the award type unless given for this round; the notice
    period from the settings in force. All are copied onto the round."""
    require_perm("honours.manage_round")
    award_type = AwardType.unscoped.select_related("org").get(pk=award_type.pk)
    if not org_in_scope(award_type.org):
        raise Http404
    if org is not None and org.pk != award_type.org_id:
        raise ValidationError({"award_type": "评选须由奖项设立单位组织"})
    org = award_type.org
    errors = {}
    if not award_type.is_active:
        errors["award_type"] = "该奖项已停用"
    if quota < 1:
        errors["quota"] = "名额至少为 1"
    if street_quota is not None and street_quota < 1:
        errors["street_quota"] = "每个街道推荐名额至少为 1"
    _check_pct(errors, "min_frontline_pct", min_frontline_pct)
    _check_pct(errors, "max_heads_pct", max_heads_pct)
    if errors:
        raise ValidationError(errors)
    frontline = award_type.min_frontline_pct if min_frontline_pct is None else min_frontline_pct
    heads = award_type.max_heads_pct if max_heads_pct is None else max_heads_pct
    source = "本次评选设定" if (min_frontline_pct, max_heads_pct) != (None, None) else "奖项设置"
    labels = [config.definitions()[k].label for k in PCT_KEYS]
    round_ = AwardRound.unscoped.create(
        org=org,
        year=year,
        award_type=award_type,
        title=title,
        quota=quota,
        street_quota=street_quota,
        nomination_deadline=nomination_deadline,
        review_deadline=review_deadline,
        min_frontline_pct=frontline,
        max_heads_pct=heads,
        notice_working_days=config.get("honours.notice_working_days", org=org),
        rules_note=(
            f"{labels[0]} = {Decimal(frontline).normalize():f}；"
            f"{labels[1]} = {Decimal(heads).normalize():f}"
            f"（{source}：{award_type.name}）；"
            + config.describe("honours.notice_working_days", org=org)
        )[:300],
        created_by=actor,
    )
    audit.record(actor, "honours.round.create", round_, changes=audit.snapshot(round_))
    return round_


@transaction.atomic
def add_criterion(*, actor, round_, name, weight, max_score=Decimal(100)):
    _require_manager(round_)
    if Score.objects.filter(criterion__round=round_).exists():
        raise ValidationError("已有评分，不能再修改评分表")
    if Decimal(weight) <= 0 or Decimal(max_score) <= 0:
        raise ValidationError({"weight": "权重和满分必须大于 0"})
    if Criterion.objects.filter(round=round_, name=name).exists():
        raise ValidationError({"name": "评分项名称重复"})
    criterion = Criterion.objects.create(
        round=round_,
        name=name,
        weight=weight,
        max_score=max_score,
        order=round_.criteria.count() + 1,
    )
    audit.record(
        actor,
        "honours.criterion.create",
        round_,
        extra={"name": name, "weight": str(weight), "max_score": str(max_score)},
    )
    return criterion


@transaction.atomic
def add_judge(*, actor, round_, user, employer=None):
    """Appoint a judge; nominees from the judge's own employer are recused automatically."""
    _require_manager(round_)
    if Judge.objects.filter(round=round_, user=user).exists():
        raise ValidationError({"user": "该用户已是本次评选的评委"})
    judge = Judge.objects.create(round=round_, user=user, employer=employer)
    _flag_conflicts(round_, judges=[judge])
    audit.record(
        actor,
        "honours.judge.add",
        round_,
        extra={"user": user.username, "employer": str(employer or "")},
    )
    return judge


def _flag_conflicts(round_, *, judges=None, nominations=None):
    """A judge from the nominee's own employer must recuse: record it (automatic)."""
    judges = (
        judges
        if judges is not None
        else list(
            Judge.objects.filter(round=round_, employer__isnull=False).select_related("employer")
        )
    )
    nominations = (
        nominations
        if nominations is not None
        else list(Nomination.unscoped.filter(round=round_).select_related("member"))
    )
    created = []
    for judge in judges:
        if judge.employer_id is None:
            continue
        for nomination in nominations:
            if nomination.nominee_employer_id != judge.employer_id:
                continue
            recusal, made = Recusal.objects.get_or_create(
                judge=judge,
                nomination=nomination,
                defaults={
                    "automatic": True,
                    "reason": CONFLICT_REASON.format(employer=judge.employer.name),
                },
            )
            if made:
                created.append(recusal)
    return created


# --- nominations -------------------------------------------------------------------------------


def _check_nominee(round_, kind, member, employer, nominee_org, nominee_name):
    if kind == NomineeKind.INDIVIDUAL:
        if member is None:
            raise ValidationError({"member": "请选择被推荐的会员"})
        if not org_in_scope(member.org):
            raise Http404
        if Nomination.unscoped.filter(
            round=round_, member=member, status__in=ACTIVE_STATUSES
        ).exists():
            raise ValidationError({"member": "该会员已在本次评选中被推荐"})
        return member.name, (member.employer.name if member.employer_id else member.org.name)
    if kind == NomineeKind.TEAM:
        if not nominee_name.strip():
            raise ValidationError({"nominee_name": "请填写集体（班组）名称"})
        if employer is None:
            raise ValidationError({"employer": "请选择集体所在单位"})
        return nominee_name.strip(), employer.name
    if nominee_org is not None:
        return nominee_org.name, (employer.name if employer else nominee_org.name)
    if employer is None:
        raise ValidationError({"employer": "请选择被推荐单位"})
    return employer.name, employer.name


@transaction.atomic
def submit_nomination(
    *,
    actor,
    round_,
    org,
    deeds,
    member=None,
    employer=None,
    nominee_org=None,
    nominee_name="",
    reference="",
    is_frontline=False,
    is_enterprise_head=False,
    replaces=None,
    today=None,
):
    """A union nominates into a round: checks deadline, scope and duplicates, records the
    nominee's display name and unit, flags judge conflicts, audits."""
    require_perm("honours.nominate")
    today = today or timezone.localdate()
    if round_.is_closed:
        raise ValidationError("本次评选已结束")
    if today > round_.nomination_deadline and replaces is None:
        raise ValidationError(f"推荐已于 {round_.nomination_deadline:%Y-%m-%d} 截止")
    if not org_in_scope(org):
        raise Http404
    if not org.path.startswith(round_.org.path):
        raise ValidationError({"org": "推荐工会不在本次评选的组织范围内"})
    if not deeds.strip():
        raise ValidationError({"deeds": "请填写主要事迹"})
    kind = round_.award_type.nominee_kind
    for obj in (employer, nominee_org):
        if obj is not None and not org_in_scope(obj if hasattr(obj, "path") else obj.org):
            raise Http404
    name, unit = _check_nominee(round_, kind, member, employer, nominee_org, nominee_name)
    individual = kind == NomineeKind.INDIVIDUAL
    street = street_stage_org(round_, org)
    nomination = Nomination.unscoped.create(
        round=round_,
        org=org,
        street_org=street,
        status=NominationStatus.NOMINATED if street else NominationStatus.RECOMMENDED,
        kind=kind,
        member=member if individual else None,
        employer=employer if not individual else (member.employer if member else None),
        nominee_org=nominee_org,
        nominee_name=name,
        unit_name=unit,
        reference=reference,
        is_frontline=is_frontline and individual,
        is_enterprise_head=is_enterprise_head and individual,
        deeds=deeds.strip(),
        replaces=replaces,
        created_by=actor,
    )
    _flag_conflicts(round_, nominations=[nomination])
    audit.record(
        actor,
        "honours.nomination.create",
        nomination,
        extra={"round": round_.pk, "kind": kind, "street": street.code if street else ""},
    )
    return nomination


def street_stage_org(round_, org):
    """The street (industry) union that reviews ``org``'s nominations into ``round_`` before the
    organiser: its nearest-to-the-organiser ancestor of that kind strictly between the two. None
    when ``org`` is itself a street union or no such union lies between (the stage is skipped)."""
    from gonghui.orgs.models import Org

    top, path = round_.org.path, org.path
    ancestors = [path[:i] for i in range(len(top) + 4, len(path), 4)]
    if not path.startswith(top) or not ancestors:
        return None
    return Org.objects.filter(path__in=ancestors, kind__in=STREET_KINDS).order_by("path").first()


@transaction.atomic
def withdraw_nomination(*, actor, nomination, reason):
    """The nominating union withdraws its nominee (before the public notice)."""
    nomination = _lock(nomination)
    if not org_in_scope(nomination.org):
        raise Http404
    WF.apply(nomination, "withdraw", actor=actor, reason=reason)
    audit.record(actor, "honours.nomination.withdraw", nomination, extra={"reason": reason})
    return nomination


@transaction.atomic
def swap_nomination(*, actor, nomination, reason, **replacement):
    """Withdraw ``nomination`` and nominate a replacement in one step (e.g. to meet a quota);
    the replacement records whom it replaces and may come after the nomination deadline."""
    old = withdraw_nomination(actor=actor, nomination=nomination, reason=reason)
    replacement.setdefault("org", old.org)
    new = submit_nomination(actor=actor, round_=old.round, replaces=old, **replacement)
    if old.status != NominationStatus.WITHDRAWN:  # pragma: no cover - withdraw guarantees it
        raise ValidationError("替换失败")
    return new


@transaction.atomic
def add_document(*, actor, nomination, title, upload):
    require_perm("honours.nominate")
    if not org_in_scope(nomination.org):
        raise Http404
    if nomination.status not in (
        NominationStatus.NOMINATED,
        NominationStatus.RECOMMENDED,
        NominationStatus.UNDER_REVIEW,
        NominationStatus.RETURNED,
    ):
        raise ValidationError("当前状态不能再补充材料")
    document = NominationDocument.unscoped.create(
        nomination=nomination,
        org=nomination.org,
        title=title,
        file=upload,
        original_name=getattr(upload, "name", "file")[:255],
        uploaded_by=actor,
    )
    audit.record(actor, "honours.document.upload", nomination, extra={"title": title})
    return document


# --- review ------------------------------------------------------------------------------------


@transaction.atomic
def start_review(*, actor, round_):
    """The organiser starts its review round for the nominations recommended to it (by the
    street unions, or made directly): refused while the quota panel of the nominations it
    reviews (recommended or further) shows a problem."""
    _require_manager(round_)
    waiting = Nomination.unscoped.filter(round=round_, status=NominationStatus.RECOMMENDED)
    if not waiting.exists():
        raise ValidationError("尚无待评审的推荐对象")
    panel = selectors.quota_panel(round_, statuses=PAST_STREET_STATUSES)
    if not panel.ok:
        raise ValidationError("名额结构不符合要求：" + "；".join(panel.problems))
    moved = 0
    for nomination in waiting.select_for_update(of=("self",)):
        WF.apply(nomination, "start_review", actor=actor)
        moved += 1
    audit.record(actor, "honours.round.start_review", round_, extra={"nominations": moved})
    return moved


# --- the review chain: street stage, organiser stage --------------------------------------------

# decision -> (transition, stage)
DECISIONS = {
    "street_approve": ("street_approve", "street"),
    "street_return": ("street_return", "street"),
    "street_reject": ("street_reject", "street"),
    "approve": ("approve", "organiser"),
    "return": ("return", "organiser"),
    "reject": ("reject", "organiser"),
}


def _preflight(nomination, name, actor, reason=""):
    """What ``WF.apply`` will check, before the stage's quota check (so that someone who may not
    decide learns nothing about the quota)."""
    t = WF.get(name)
    if nomination.status not in t.sources:
        raise ValidationError(f"当前状态不能执行“{t.label}”")
    require_perm(t.permission)
    problem = t.guard(nomination, actor) if t.guard else None
    if problem:
        raise PermissionDenied(problem)
    if t.needs_reason and not reason.strip():
        raise ValidationError({"reason": f"“{t.label}”需要填写理由"})


def street_check(nomination, *, adding=True):
    """The street stage's quota check: the street's recommended nominations of the round (and
    ``nomination`` when ``adding``) against the round's places per street."""
    round_ = nomination.round
    qs = Nomination.unscoped.filter(
        round=round_, street_org_id=nomination.street_org_id, status__in=PAST_STREET_STATUSES
    ).exclude(pk=nomination.pk)
    return _stage_check(
        round_, qs, nomination if adding else None, _("街道推荐"), round_.street_places
    )


def organiser_check(nomination, *, adding=True):
    """The organiser stage's quota check: the round's approved nominations (and ``nomination``
    when ``adding``) against the round's places."""
    round_ = nomination.round
    qs = Nomination.unscoped.filter(round=round_, status__in=PAST_DISTRICT_STATUSES).exclude(
        pk=nomination.pk
    )
    return _stage_check(round_, qs, nomination if adding else None, _("评审通过"), round_.quota)


def _stage_check(round_, qs, extra, stage, places):
    from django.db.models import Count, Q

    counts = qs.aggregate(
        total=Count("id"),
        heads=Count("id", filter=Q(is_enterprise_head=True)),
        non_frontline=Count("id", filter=Q(is_frontline=False)),
    )
    if extra is not None:
        counts["total"] += 1
        counts["heads"] += int(extra.is_enterprise_head)
        counts["non_frontline"] += int(not extra.is_frontline)
    return quotas.stage_check(
        stage=stage,
        places=places,
        count=counts["total"],
        heads=counts["heads"],
        non_frontline=counts["non_frontline"],
        min_frontline_pct=round_.min_frontline_pct,
        max_heads_pct=round_.max_heads_pct,
        person_quotas=round_.has_person_quotas,
    )


@transaction.atomic
def review(*, actor, nomination, decision, reason=""):
    """One level's decision on a nomination: the street union recommends it upward, returns it
    for revision or turns it down; the organiser approves it for public notice, returns it or
    turns it down. Each stage's quota is checked before an approval."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": "请选择审核意见"})
    name, stage = DECISIONS[decision]
    # Lock the round's row so that two approvals cannot both take the last place.
    AwardRound.unscoped.select_for_update().filter(pk=nomination.round_id).first()
    nomination = _lock(nomination)
    if not org_in_scope(nomination.org):
        raise Http404
    reason = (reason or "").strip()
    _preflight(nomination, name, actor, reason)
    if name in ("street_approve", "approve"):
        check = street_check(nomination) if stage == "street" else organiser_check(nomination)
        if not check.ok:
            raise ValidationError("名额结构不符合要求：" + "；".join(check.problems))
        reason = reason or check.text
    now = timezone.now()
    if stage == "street":
        nomination.street_reviewed_by = actor
        nomination.street_reviewed_at = now
    else:
        nomination.district_reviewed_by = actor
        nomination.district_reviewed_at = now
    WF.apply(nomination, name, actor=actor, reason=reason)
    audit.record(
        actor,
        f"honours.nomination.{name}",
        nomination,
        extra={"reason": reason, "scope": getattr(current_scope(required=False), "org_id", None)},
    )
    return nomination


@transaction.atomic
def resubmit(*, actor, nomination, reason=""):
    """The nominating union sends a returned nomination back into the chain (to the street
    stage if it has one)."""
    nomination = _lock(nomination)
    require_perm("honours.nominate")
    if not org_in_scope(nomination.org):
        raise Http404
    nomination.street_reviewed_by = None
    nomination.street_reviewed_at = None
    nomination.district_reviewed_by = None
    nomination.district_reviewed_at = None
    name = "resubmit" if nomination.street_org_id else "resubmit_direct"
    WF.apply(nomination, name, actor=actor, reason=(reason or "").strip())
    audit.record(actor, "honours.nomination.resubmit", nomination)
    return nomination


def _require_judge(nomination, actor):
    judge = selectors.judge_of(nomination.round, actor)
    if judge is None:
        raise PermissionDenied("您不是本次评选的评委")
    return judge


@transaction.atomic
def recuse(*, actor, nomination, reason):
    """A judge stands aside from a nomination; any scores already given stop counting."""
    require_perm("honours.score_nomination")
    judge = _require_judge(nomination, actor)
    if not reason.strip():
        raise ValidationError({"reason": "请填写回避理由"})
    recusal, created = Recusal.objects.get_or_create(
        judge=judge, nomination=nomination, defaults={"reason": reason.strip()}
    )
    if not created:
        raise ValidationError("您已回避该推荐对象")
    audit.record(actor, "honours.judge.recuse", nomination, extra={"reason": reason.strip()})
    return recusal


@transaction.atomic
def record_scores(*, actor, nomination, values):
    """A judge scores a nomination on every criterion (``values``: {criterion_id: number})."""
    require_perm("honours.score_nomination")
    nomination = _lock(nomination)
    judge = _require_judge(nomination, actor)
    if nomination.status != NominationStatus.UNDER_REVIEW:
        raise ValidationError("只有评审中的推荐对象可以评分")
    deadline = nomination.round.review_deadline
    if deadline is not None and timezone.localdate() > deadline:
        raise ValidationError(f"评审已于 {deadline:%Y-%m-%d} 截止，不能再评分")
    _flag_conflicts(nomination.round, judges=[judge], nominations=[nomination])
    recusal = Recusal.objects.filter(judge=judge, nomination=nomination).first()
    if recusal is not None:
        raise ValidationError(f"您已回避该推荐对象（{recusal.reason}），不能评分")
    criteria = list(Criterion.objects.filter(round=nomination.round))
    if not criteria:
        raise ValidationError("本次评选尚未设置评分表")
    errors = {}
    clean = {}
    for criterion in criteria:
        try:
            value = Decimal(str(values.get(criterion.id, "")))
        except InvalidOperation:
            errors[f"c{criterion.id}"] = f"“{criterion.name}”请填写数字"
            continue
        if not (0 <= value <= criterion.max_score):
            errors[f"c{criterion.id}"] = f"“{criterion.name}”应在 0 到 {criterion.max_score} 之间"
        clean[criterion] = value
    if errors:
        raise ValidationError(errors)
    for criterion, value in clean.items():
        Score.objects.update_or_create(
            judge=judge, nomination=nomination, criterion=criterion, defaults={"value": value}
        )
    audit.record(
        actor, "honours.score.record", nomination, extra={c.name: str(v) for c, v in clean.items()}
    )


# --- public notice and objections ---------------------------------------------------------------


def notice_end_for(round_, start):
    return add_working_days(start, round_.notice_working_days)


@transaction.atomic
def publish_notice(*, actor, nomination, start=None):
    """Put a nomination the organiser approved on public notice for the round's working days."""
    nomination = _lock(nomination)
    _require_manager(nomination.round)
    start = start or timezone.localdate()
    nomination.notice_start = start
    nomination.notice_end = notice_end_for(nomination.round, start)
    WF.apply(
        nomination,
        "publish_notice",
        actor=actor,
        reason=f"公示 {start:%Y-%m-%d} 至 {nomination.notice_end:%Y-%m-%d}",
    )
    audit.record(
        actor,
        "honours.nomination.publish_notice",
        nomination,
        extra={"start": str(start), "end": str(nomination.notice_end)},
    )
    return nomination


def raise_objection(
    *, nomination_id, public_key, text, contact_name="", contact_phone="", today=None
):
    """Anyone may object to a nominee on public notice (no login). Returns the objection."""
    today = today or timezone.localdate()
    text = text.strip()
    if len(text) < 10:
        raise ValidationError({"text": "请具体说明异议内容（至少 10 个字）"})
    with transaction.atomic():
        nomination = (
            Nomination.unscoped.select_related("round", "org")
            .filter(
                pk=nomination_id, round__public_key=public_key, status=NominationStatus.IN_NOTICE
            )
            .first()
        )
        if nomination is None or not (nomination.notice_start <= today <= nomination.notice_end):
            raise ValidationError({"nomination": "该对象不在公示期内"})
        objection = Objection.unscoped.create(
            nomination=nomination,
            org=nomination.org,
            text=text,
            contact_name=contact_name.strip()[:50],
            contact_phone=contact_phone.strip(),
        )
        audit.record(None, "honours.objection.create", nomination, org=nomination.org)
    return objection


@transaction.atomic
def answer_objection(*, actor, objection, outcome, answer):
    """Record the checked answer to an objection (required before any award)."""
    require_perm("honours.answer_objection")
    if not org_in_scope(objection.org) and not org_in_scope(objection.nomination.round.org):
        raise Http404
    # Objections are checked and answered by the organiser, not by the nominating union.
    if not org_in_scope(objection.nomination.round.org):
        raise PermissionDenied("异议由评选组织单位核查答复")
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError("该异议已答复")
    if outcome not in ObjectionOutcome.values:
        raise ValidationError({"outcome": "请选择核查结论"})
    if not answer.strip():
        raise ValidationError({"answer": "请填写答复内容"})
    objection.status = ObjectionStatus.ANSWERED
    objection.outcome = outcome
    objection.answer = answer.strip()
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save()
    audit.record(
        actor,
        "honours.objection.answer",
        objection.nomination,
        extra={"objection": objection.pk, "outcome": outcome},
    )
    return objection


# --- decisions ---------------------------------------------------------------------------------


@transaction.atomic
def award(*, actor, nomination, reason=""):
    """Award the honour: the notice has ended, every objection is answered, within the quota.
    Gives the certificate number."""
    nomination = _lock(nomination)
    _require_manager(nomination.round, "honours.decide_award")
    problems = award_problems(nomination)
    if problems:
        raise ValidationError("不能授予：" + "；".join(problems))
    round_ = nomination.round
    sequence = round_.nominations.filter(status=NominationStatus.AWARDED).count() + 1
    nomination.certificate_no = f"{round_.year}-{round_.pk:04d}-{sequence:03d}"
    nomination.decided_at = timezone.now()
    nomination.decision_reason = reason
    WF.apply(nomination, "award", actor=actor, reason=reason or "公示期满，无未答复异议")
    audit.record(
        actor,
        "honours.nomination.award",
        nomination,
        extra={"certificate_no": nomination.certificate_no},
    )
    return nomination


@transaction.atomic
def refuse_award(*, actor, nomination, reason):
    nomination = _lock(nomination)
    _require_manager(nomination.round, "honours.decide_award")
    nomination.decided_at = timezone.now()
    nomination.decision_reason = reason
    WF.apply(nomination, "not_award", actor=actor, reason=reason)
    audit.record(actor, "honours.nomination.not_award", nomination, extra={"reason": reason})
    return nomination


@transaction.atomic
def close_round(*, actor, round_):
    _require_manager(round_)
    round_.is_closed = True
    round_.save(update_fields=["is_closed"])
    audit.record(actor, "honours.round.close", round_)
    return round_


def default_deadline(today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=30)


# --- hooks of the union tree ---------------------------------------------------------------------

OPEN_STATUSES = (
    NominationStatus.NOMINATED,
    NominationStatus.RECOMMENDED,
    NominationStatus.UNDER_REVIEW,
    NominationStatus.APPROVED,
    NominationStatus.RETURNED,
    NominationStatus.IN_NOTICE,
)


def open_records_held(org):
    """Open nominations made by, and unfinished rounds organised in, ``org``'s subtree: they keep
    the org from being dissolved (merge moves them instead)."""
    from gonghui.core.scoping import subtree_q

    nominations = Nomination.unscoped.filter(subtree_q(org.path), status__in=OPEN_STATUSES).count()
    rounds = AwardRound.unscoped.filter(subtree_q(org.path), is_closed=False).count()
    return nominations + rounds


def move_open_records(source, target):
    """On a merge, open nominations of ``source`` (and their documents and objections) move to
    ``target``; decided ones stay with the union that made them (history)."""
    moving = Nomination.unscoped.filter(org=source, status__in=OPEN_STATUSES)
    ids = list(moving.values_list("id", flat=True))
    NominationDocument.unscoped.filter(nomination_id__in=ids).update(org=target)
    Objection.unscoped.filter(nomination_id__in=ids).update(org=target)
    moved = Nomination.unscoped.filter(id__in=ids).update(org=target)
    # Nominations waiting at a merged street's stage wait at the receiving union's instead.
    Nomination.unscoped.filter(street_org=source, status=NominationStatus.NOMINATED).update(
        street_org=target
    )
    moved += AwardRound.unscoped.filter(org=source, is_closed=False).update(org=target)
    return moved
