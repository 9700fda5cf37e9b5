"""Writes of skill contests (技能比武)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import require_perm
from gonghui.members.models import Member

from ..models import (
    Contestant,
    Judge,
    JudgeScore,
    SkillEvent,
)
from ._common import _decimal, _in_scope, has_conflict

# --- skill contests ------------------------------------------------------------------------------


@transaction.atomic
def create_event(*, actor, org, name, held_on, trade="", venue="", max_score=100, campaign=None):
    require_perm("contests.manage_event")
    _in_scope(org)
    event = SkillEvent.objects.create(
        org=org,
        name=name.strip(),
        held_on=held_on,
        trade=trade,
        venue=venue,
        max_score=_decimal(max_score, "max_score"),
        campaign=campaign,
    )
    audit.record(actor, "contests.event.create", event)
    return event


def _event_editable(event):
    require_perm("contests.manage_event")
    _in_scope(event.org)
    if event.results_published:
        raise ValidationError(_("成绩已发布，不能修改"))


@transaction.atomic
def add_contestant(*, actor, event, member, number):
    _event_editable(event)
    # The contestant must be a member the organiser can see.
    if not Member.objects.filter(pk=member.pk).exists():
        raise Http404
    if not member.org.path.startswith(event.org.path):
        # Contestants are seen by the event's organiser: not a member of a union beside it.
        raise ValidationError({"member": _("选手须为主办单位（含下级工会）的会员")})
    if event.contestants.filter(member=member).exists():
        raise ValidationError({"member": _("该会员已报名")})
    if event.contestants.filter(number=number).exists():
        raise ValidationError({"number": _("参赛号已被使用")})
    contestant = Contestant.objects.create(event=event, member=member, number=number.strip())
    audit.record(actor, "contests.contestant.add", event, extra={"number": number})
    return contestant


@transaction.atomic
def add_judge(*, actor, event, user):
    _event_editable(event)
    judge, _created = Judge.objects.get_or_create(event=event, user=user)
    audit.record(actor, "contests.judge.add", event, extra={"judge": str(user)})
    return judge


@transaction.atomic
def score_contestant(*, actor, event, contestant, score):
    """A judge scores a contestant (0 to the event's maximum; re-scoring replaces the judge's
    own score until results are published). Refused for a judge with a recorded conflict."""
    require_perm("contests.judge_event")
    _in_scope(event.org)
    if event.results_published:
        raise ValidationError(_("成绩已发布，不能修改"))
    judge = event.judges.filter(user=actor).first()
    # Only the event's judges score.
    if judge is None:
        raise PermissionDenied(_("您不是本项目的裁判"))
    # A judge with a conflict of interest with this contestant may not score them.
    if has_conflict(actor, contestant=contestant):
        raise PermissionDenied(_("您与该选手存在利益关系，须回避"))
    if contestant.event_id != event.pk:
        raise ValidationError(_("选手不属于本项目"))
    value = _decimal(score, "score")
    if not 0 <= value <= event.max_score:
        raise ValidationError(
            {"score": _("分数须在 0–{max_score} 之间").format(max_score=event.max_score)}
        )
    row, _created = JudgeScore.objects.update_or_create(
        judge=judge, contestant=contestant, defaults={"score": value}
    )
    audit.record(
        actor,
        "contests.score.enter",
        event,
        extra={"contestant": contestant.number, "score": str(value)},
    )
    return row


@transaction.atomic
def publish_results(*, actor, event):
    _event_editable(event)
    event.results_published = True
    event.save(update_fields=["results_published"])
    audit.record(actor, "contests.event.publish", event)
    return event
