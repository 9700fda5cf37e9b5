"""The nomination workflow, level by level.

A grassroots union nominates (``nominated``); the street (industry) union above it reviews and
recommends (``recommended``), returns it for revision or turns it down; the organiser of the award
(the district for district awards) starts its review round (``under_review``: judges, recusals,
weighted scorecards) and approves (``approved``), returns or turns it down; only then the
nomination goes on public notice (``in_notice``) and is awarded or not. A nomination made by a
street union itself, or with no street union between it and the organiser, starts at
``recommended``. Each stage belongs to one level: the street stage to the street union itself
(not the district above it, not the nominating union below it), the organiser stage to the
organiser's subtree. Four eyes: whoever made the nomination, and any officer of the nominating
union, cannot approve it; the street's approver cannot also give the organiser's approval.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.scoping import current_scope, org_in_scope
from gonghui.core.text.punctuation import joined
from gonghui.core.workflow import Transition, Workflow

from .models import NominationStatus
from .models import NominationStatus as S
from .quotas import check_from_data

NOMINATING_ROLES = ("union_admin", "union_staff")


def award_problems(nomination, today=None):
    """Why ``nomination`` cannot be awarded yet (empty list: it can)."""
    today = today or timezone.localdate()
    problems = []
    if nomination.notice_end is None or today <= nomination.notice_end:
        end = nomination.notice_end.isoformat() if nomination.notice_end else "—"
        problems.append(_("公示期（至 {end}）尚未结束").format(end=end))
    open_count = nomination.objections.filter(status="open").count()
    if open_count:
        problems.append(_("尚有 {open_count} 条异议未答复").format(open_count=open_count))
    awarded = nomination.round.nominations.filter(status=S.AWARDED).count()
    if awarded >= nomination.round.quota:
        problems.append(
            _("已授予 {awarded} 个，达到名额 {quota}").format(
                awarded=awarded, quota=nomination.round.quota
            )
        )
    return problems


def _award_guard(nomination, actor):
    problems = award_problems(nomination)
    return joined(problems, "semicolon") if problems else None


# --- who may act at which level -----------------------------------------------------------------


def street_level_problem(nomination, actor):
    """The street stage is the street union's own: its scope must be exactly that union."""
    street = nomination.street_org
    if street is None:
        return _("该推荐不经街道（产业）工会审核")
    scope = current_scope(required=False)
    if scope is None or scope.org_path != street.path:
        return _("街道审核须由“{name}”进行").format(name=street.name)
    return None


def organiser_level_problem(nomination, actor):
    """The organiser's stage belongs to the award's organising union (its subtree's roles)."""
    organiser = nomination.round.org
    if not org_in_scope(organiser):
        return _("评审须由评选组织单位“{name}”进行").format(name=organiser.name)
    return None


def nominating_side_problem(nomination, actor):
    """Four eyes: the nominator does not review their own nomination, nor do the nominating
    union's officers (chair, staff) at a level above it."""
    if nomination.created_by_id == actor.pk:
        return _("四眼原则：推荐人不能审核自己提交的推荐")
    from gonghui.core.models import RoleAssignment

    # A union's own award (it organises and nominates): its officers are the organiser's side.
    if nomination.org_id == nomination.round.org_id:
        return None
    if RoleAssignment.objects.filter(
        user=actor, org_id=nomination.org_id, role__in=NOMINATING_ROLES, is_active=True
    ).exists():
        return _("四眼原则：推荐工会的主席或工作人员不能审核本单位的推荐")
    return None


def _street_decision(nomination, actor):
    return street_level_problem(nomination, actor) or nominating_side_problem(nomination, actor)


def _organiser_decision(nomination, actor):
    return organiser_level_problem(nomination, actor) or nominating_side_problem(nomination, actor)


def _organiser_approval(nomination, actor):
    problem = _organiser_decision(nomination, actor)
    if problem:
        return problem
    if nomination.street_reviewed_by_id == actor.pk:
        return _("四眼原则：街道审核推荐人不能同时作出评审通过的决定")
    return None


def _has_street_stage(nomination, actor):
    return None if nomination.street_org_id else _("该推荐不经街道审核")


def _no_street_stage(nomination, actor):
    return _("该推荐须先经街道审核") if nomination.street_org_id else None


# Stage of each transition, for the timeline ("街道审核" / "区级评审" ...).
STREET_TRANSITIONS = {"street_approve", "street_return", "street_reject"}
ORGANISER_TRANSITIONS = {"start_review", "approve", "return", "reject"}

NOMINATION_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "street_approve",
            (S.NOMINATED,),
            S.RECOMMENDED,
            "honours.review_nomination",
            gettext_lazy("审核通过，推荐上报"),
            guard=_street_decision,
        ),
        Transition(
            "street_return",
            (S.NOMINATED,),
            S.RETURNED,
            "honours.review_nomination",
            gettext_lazy("退回修改"),
            needs_reason=True,
            guard=_street_decision,
        ),
        Transition(
            "street_reject",
            (S.NOMINATED,),
            S.REJECTED,
            "honours.review_nomination",
            gettext_lazy("不予推荐"),
            needs_reason=True,
            guard=_street_decision,
        ),
        Transition(
            "resubmit",
            (S.RETURNED,),
            S.NOMINATED,
            "honours.nominate",
            gettext_lazy("修改后重新提交"),
            guard=_has_street_stage,
        ),
        Transition(
            "resubmit_direct",
            (S.RETURNED,),
            S.RECOMMENDED,
            "honours.nominate",
            gettext_lazy("修改后重新提交"),
            guard=_no_street_stage,
        ),
        Transition(
            "start_review",
            (S.RECOMMENDED,),
            S.UNDER_REVIEW,
            "honours.manage_round",
            gettext_lazy("开始评审"),
        ),
        Transition(
            "approve",
            (S.UNDER_REVIEW,),
            S.APPROVED,
            "honours.review_nomination",
            gettext_lazy("评审通过"),
            guard=_organiser_approval,
        ),
        Transition(
            "return",
            (S.RECOMMENDED, S.UNDER_REVIEW),
            S.RETURNED,
            "honours.review_nomination",
            gettext_lazy("退回修改"),
            needs_reason=True,
            guard=_organiser_decision,
        ),
        Transition(
            "reject",
            (S.RECOMMENDED, S.UNDER_REVIEW),
            S.REJECTED,
            "honours.review_nomination",
            gettext_lazy("评审不予通过"),
            needs_reason=True,
            guard=_organiser_decision,
        ),
        Transition(
            "publish_notice",
            (S.APPROVED,),
            S.IN_NOTICE,
            "honours.manage_round",
            gettext_lazy("进入公示"),
        ),
        Transition(
            "award",
            (S.IN_NOTICE,),
            S.AWARDED,
            "honours.decide_award",
            gettext_lazy("授予荣誉"),
            guard=_award_guard,
        ),
        Transition(
            "not_award",
            (S.APPROVED, S.IN_NOTICE),
            S.NOT_AWARDED,
            "honours.decide_award",
            gettext_lazy("不予授予"),
            needs_reason=True,
        ),
        Transition(
            "withdraw",
            (S.NOMINATED, S.RECOMMENDED, S.UNDER_REVIEW, S.RETURNED),
            S.WITHDRAWN,
            "honours.nominate",
            gettext_lazy("撤回推荐"),
            needs_reason=True,
        ),
    ],
)


def award_problems_in_notice(nomination):
    """The award problems of a nomination in public notice (others are not being decided)."""
    if nomination.status != NominationStatus.IN_NOTICE:
        return []
    return award_problems(nomination)


def why_not_reviewer(nomination, user):
    """Why ``user`` cannot review ``nomination`` at its current stage (text), or ``None``."""
    if nomination.status == NominationStatus.NOMINATED:
        return street_level_problem(nomination, user) or nominating_side_problem(nomination, user)
    if nomination.status in (NominationStatus.RECOMMENDED, NominationStatus.UNDER_REVIEW):
        return organiser_level_problem(nomination, user) or nominating_side_problem(
            nomination, user
        )
    return _("当前状态不需要审核")


def step_note(event):
    """The note of a nomination's workflow step as the reader reads it: what a person wrote as
    written, what the system noted with it (the notice's dates, the stage's places, an award
    with no objection) worded in the reader's language."""
    data = event.data or {}
    if event.reason:
        return event.reason
    if "notice" in data:
        start, end = (datetime.date.fromisoformat(day) for day in data["notice"])
        return _("公示 {start:%Y-%m-%d} 至 {notice_end:%Y-%m-%d}").format(
            start=start, notice_end=end
        )
    if "check" in data:
        return check_from_data(data["check"]).text
    if data.get("no_objection"):
        return _("公示期满，无未答复异议")
    return ""
