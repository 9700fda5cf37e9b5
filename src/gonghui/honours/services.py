"""Writes of honours. Every function takes the acting user first (the public objection excepted),
runs in one transaction, checks permission and scope, and writes its audit event."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.workdays import add_working_days

from . import selectors
from .models import (
    ACTIVE_STATUSES,
    NOMINEE_KIND,
    AwardRound,
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


# --- rounds, scorecards, judges ---------------------------------------------------------------


@transaction.atomic
def create_round(
    *, actor, org, year, award_type, title, quota, nomination_deadline, review_deadline=None
):
    """Open a round organised by ``org``. Copies the quota percentages and the notice period
    from the settings in force onto the round."""
    require_perm("honours.manage_round")
    if not org_in_scope(org):
        raise Http404
    if quota < 1:
        raise ValidationError({"quota": "名额至少为 1"})
    round_ = AwardRound.unscoped.create(
        org=org,
        year=year,
        award_type=award_type,
        title=title,
        quota=quota,
        nomination_deadline=nomination_deadline,
        review_deadline=review_deadline,
        min_frontline_pct=config.get("honours.frontline_min_pct", org=org),
        max_heads_pct=config.get("honours.heads_max_pct", org=org),
        notice_working_days=config.get("honours.notice_working_days", org=org),
        rules_note="；".join(
            config.describe(k, org=org)
            for k in (
                "honours.frontline_min_pct",
                "honours.heads_max_pct",
                "honours.notice_working_days",
            )
        ),
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
    kind = NOMINEE_KIND[round_.award_type]
    for obj in (employer, nominee_org):
        if obj is not None and not org_in_scope(obj if hasattr(obj, "path") else obj.org):
            raise Http404
    name, unit = _check_nominee(round_, kind, member, employer, nominee_org, nominee_name)
    individual = kind == NomineeKind.INDIVIDUAL
    nomination = Nomination.unscoped.create(
        round=round_,
        org=org,
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
        actor, "honours.nomination.create", nomination, extra={"round": round_.pk, "kind": kind}
    )
    return nomination


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
    if nomination.status not in (NominationStatus.NOMINATED, NominationStatus.UNDER_REVIEW):
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
    """Close nominations and start review: refused while the quota panel shows a problem."""
    _require_manager(round_)
    panel = selectors.quota_panel(round_)
    if panel.total == 0:
        raise ValidationError("尚无推荐对象")
    if not panel.ok:
        raise ValidationError("名额结构不符合要求：" + "；".join(panel.problems))
    nominations = Nomination.unscoped.select_for_update(of=("self",)).filter(
        round=round_, status=NominationStatus.NOMINATED
    )
    moved = 0
    for nomination in nominations:
        WF.apply(nomination, "start_review", actor=actor)
        moved += 1
    audit.record(actor, "honours.round.start_review", round_, extra={"nominations": moved})
    return moved


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
    """Put a reviewed nomination on public notice for the round's working days."""
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
    NominationStatus.UNDER_REVIEW,
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
    moved += AwardRound.unscoped.filter(org=source, is_closed=False).update(org=target)
    return moved
