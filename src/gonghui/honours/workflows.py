"""The nomination workflow: nominated → under review → in public notice → awarded / not
awarded; withdrawn while not yet in notice."""

from django.utils import timezone

from gonghui.core.workflow import Transition, Workflow

from .models import NominationStatus as S


def award_problems(nomination, today=None):
    """Why ``nomination`` cannot be awarded yet (empty list: it can)."""
    today = today or timezone.localdate()
    problems = []
    if nomination.notice_end is None or today <= nomination.notice_end:
        end = nomination.notice_end.isoformat() if nomination.notice_end else "—"
        problems.append(f"公示期（至 {end}）尚未结束")
    open_count = nomination.objections.filter(status="open").count()
    if open_count:
        problems.append(f"尚有 {open_count} 条异议未答复")
    awarded = nomination.round.nominations.filter(status=S.AWARDED).count()
    if awarded >= nomination.round.quota:
        problems.append(f"已授予 {awarded} 个，达到名额 {nomination.round.quota}")
    return problems


def _award_guard(nomination, actor):
    problems = award_problems(nomination)
    return "；".join(problems) if problems else None


NOMINATION_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "start_review", (S.NOMINATED,), S.UNDER_REVIEW, "honours.manage_round", "开始评审"
        ),
        Transition(
            "publish_notice", (S.UNDER_REVIEW,), S.IN_NOTICE, "honours.manage_round", "进入公示"
        ),
        Transition(
            "award",
            (S.IN_NOTICE,),
            S.AWARDED,
            "honours.decide_award",
            "授予荣誉",
            guard=_award_guard,
        ),
        Transition(
            "not_award",
            (S.UNDER_REVIEW, S.IN_NOTICE),
            S.NOT_AWARDED,
            "honours.decide_award",
            "不予授予",
            needs_reason=True,
        ),
        Transition(
            "withdraw",
            (S.NOMINATED, S.UNDER_REVIEW),
            S.WITHDRAWN,
            "honours.nominate",
            "撤回推荐",
            needs_reason=True,
        ),
    ],
)
