"""Scoped reads of proposals: lists, the similar-proposal hint, rubric and band look-ups,
statistics and leaderboards for a subtree."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy, gettext_noop

from gonghui.core import config
from gonghui.core.models import RoleAssignment
from gonghui.core.roles import STAFF_ROLES
from gonghui.core.scoping import current_scope, subtree_q
from gonghui.core.workflow import history

from . import scoring
from .models import (
    ADOPTED_STATES,
    REWARDED_STATES,
    Proposal,
    ProposalStatus,
    RewardBand,
    Rubric,
)

config.define(
    "innovation.similar_min_score",
    Decimal("0.2"),
    gettext_lazy("相似建议提示阈值"),
    gettext_lazy("题目两字片段重合度（0–1）达到此值才提示为相似建议"),
)
config.define(
    "innovation.similar_top_n",
    3,
    gettext_lazy("相似建议提示条数"),
    gettext_lazy("提交时最多提示几条相似建议"),
)
config.define(
    "innovation.similar_lookback",
    500,
    gettext_lazy("相似建议比对范围"),
    gettext_lazy("与同一单位最近多少条建议比对题目"),
)
config.define(
    "innovation.require_difference_note",
    True,
    gettext_lazy("有相似建议时须说明不同之处"),
    gettext_lazy("提示了相似建议时，提交人必须填写“我的建议有何不同”"),
)
config.define(
    "innovation.min_reviews",
    2,
    gettext_lazy("作出采纳决定所需的有效评审数"),
    gettext_lazy("不含回避的评审人；达到此数后方可决定采纳或不采纳"),
)
config.define(
    "innovation.adopt_hint_score",
    60,
    gettext_lazy("建议采纳的参考分"),
    gettext_lazy("评审平均分达到此分时页面提示“建议采纳”，决定仍由审批人作出"),
)
config.define(
    "innovation.default_rubric",
    [
        [gettext_noop("创新性"), 30, 10],
        [gettext_noop("可行性"), 25, 10],
        [gettext_noop("经济效益"), 30, 10],
        [gettext_noop("推广价值"), 15, 10],
    ],
    gettext_lazy("默认评审细则"),
    gettext_lazy("未设置评审细则的组织使用：[评审项, 权重, 满分]"),
)


def proposals():
    """Every proposal in the active scope (staff lists)."""
    return Proposal.objects.select_related("org", "author", "employer")


def proposals_of_user(user):
    """Proposals a member authored or co-authored (their phone page)."""
    return (
        Proposal.objects.filter(Q(author__user=user) | Q(co_authors__user=user))
        .select_related("org", "author")
        .distinct()
    )


def visible_proposal_queryset(user):
    """What a proposal's page may show: every proposal for staff, one's own for members."""
    scope = current_scope()
    if scope.has_perm("innovation.view_proposal"):
        return proposals()
    return proposals_of_user(user)


def search(qs, *, query="", status="", kind="", org_code=""):
    if query:
        qs = qs.filter(
            Q(title__icontains=query) | Q(number__iexact=query) | Q(author__name__icontains=query)
        )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if org_code:
        from gonghui.orgs.models import Org

        org = Org.objects.visible().filter(code=org_code).first()
        qs = qs.filter(subtree_q(org.path)) if org else qs.none()
    return qs


def similar_proposals(*, title, employer=None, org=None, exclude_id=None):
    """The hint at submission: the most similar earlier proposals of the same employer (or, for a
    member without an employer, the same union). Returns dicts with id, number, title, score."""
    candidates = Proposal.objects.all()
    if employer is not None:
        candidates = candidates.filter(employer=employer)
    elif org is not None:
        candidates = candidates.filter(org=org)
    else:
        return []
    if exclude_id:
        candidates = candidates.exclude(pk=exclude_id)
    rows = candidates.order_by("-id").values_list("id", "title", "number", "status")
    rows = list(rows[: config.get("innovation.similar_lookback")])
    details = {pk: (number, status) for pk, _, number, status in rows}
    found = scoring.most_similar(
        title,
        [(pk, t) for pk, t, _, _ in rows],
        min_score=config.get("innovation.similar_min_score"),
        limit=config.get("innovation.similar_top_n"),
    )
    return [
        {
            "id": pk,
            "number": details[pk][0],
            "title": other,
            "score": str(score),
            "status": str(ProposalStatus(details[pk][1]).label),
        }
        for score, pk, other in found
    ]


def _ancestor_paths(org):
    return [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]


def rubric_for(org):
    """The nearest active rubric on ``org``'s path to the root (configuration, read unscoped)."""
    rubrics = Rubric.unscoped.filter(org__path__in=_ancestor_paths(org), is_active=True)
    rubrics = sorted(rubrics.select_related("org"), key=lambda r: (len(r.org.path), r.id))
    return rubrics[-1] if rubrics else None


def eligible_reviewers(proposal):
    """Users holding a staff role at the proposal's union or above it: they can open it."""
    ids = RoleAssignment.objects.filter(
        org__path__in=_ancestor_paths(proposal.org), role__in=STAFF_ROLES, is_active=True
    ).values_list("user_id", flat=True)
    from gonghui.core.models import User

    return User.objects.filter(pk__in=ids, is_active=True).order_by("username")


def author_users(proposal):
    """Login users of the author and co-authors: they may not review this proposal."""
    users = {proposal.author.user_id} | {m.user_id for m in proposal.co_authors.all()}
    return {u for u in users if u}


def counting_reviews(proposal):
    return [r for r in proposal.reviews.all() if r.counts]


def proposal_score(proposal):
    """Mean weighted total of the submitted, non-recused reviews (recused scores excluded)."""
    return scoring.average(r.total for r in counting_reviews(proposal))


def bands():
    return [(b.min_benefit, b.reward_min, b.reward_max, b.label) for b in RewardBand.objects.all()]


def reward_for(benefit):
    """(band, suggested amount) for a yearly benefit, or (None, None) below every band."""
    band = scoring.band_for(benefit, bands())
    if band is None:
        return None, None
    return band, scoring.suggested_reward(benefit, band)


def timeline(proposal):
    return list(history(proposal))


def statistics(path):
    """Submitted, adopted, confirmed benefit and rewards for the subtree at ``path``."""
    qs = Proposal.objects.filter(subtree_q(path))
    result = qs.aggregate(
        submitted=Count("id"),
        opinions=Count("id", filter=Q(status=ProposalStatus.GENERAL_OPINION)),
        adopted=Count("id", filter=Q(status__in=ADOPTED_STATES)),
        forecast=Sum("expected_benefit", filter=Q(status__in=ADOPTED_STATES)),
        benefit=Sum("actual_benefit", filter=Q(benefit_confirmed_at__isnull=False)),
        rewards=Sum("reward_amount", filter=Q(status__in=REWARDED_STATES)),
        paid=Sum("reward_amount", filter=Q(status=ProposalStatus.PAID)),
    )
    for key in ("forecast", "benefit", "rewards", "paid"):
        result[key] = result[key] or Decimal("0.00")
    result["adoption_rate"] = (
        (Decimal(result["adopted"]) * 100 / result["submitted"]).quantize(Decimal("0.1"))
        if result["submitted"]
        else None
    )
    return result


def _leaderboard(qs, group_fields, limit):
    return list(
        qs.values(*group_fields)
        .annotate(
            submitted=Count("id"),
            adopted=Count("id", filter=Q(status__in=ADOPTED_STATES)),
            benefit=Sum("actual_benefit", filter=Q(benefit_confirmed_at__isnull=False)),
            rewards=Sum("reward_amount", filter=Q(status__in=REWARDED_STATES)),
        )
        .order_by("-adopted", "-benefit", "-submitted", *group_fields)[:limit]
    )


def leaderboard_unions(path, limit=20):
    """Unions (the proposals' own orgs) in the subtree by adopted proposals, then benefit."""
    return _leaderboard(Proposal.objects.filter(subtree_q(path)), ["org__code", "org__name"], limit)


def leaderboard_people(path, limit=20):
    """Authors in the subtree by adopted proposals, then benefit."""
    return _leaderboard(
        Proposal.objects.filter(subtree_q(path)), ["author_id", "author__name", "org__name"], limit
    )


def reviews_waiting_for(scope, user):
    """The reviews ``user`` still owes on proposals under review in the scope."""
    from .models import Review

    return (
        Review.objects.filter(
            reviewer=user,
            submitted_at__isnull=True,
            recused=False,
            proposal__status=ProposalStatus.UNDER_REVIEW,
        )
        .filter(subtree_q(scope.org_path, "proposal__org__path"))
        .select_related("proposal")
        .order_by("id")
    )


def waiting_for(scope, user):
    """Work waiting for this user: proposals to triage, reviews to score."""
    counts = {}
    if scope.has_perm("innovation.triage_proposal"):
        counts["triage"] = Proposal.objects.filter(status=ProposalStatus.SUBMITTED).count()
    if scope.has_perm("innovation.review_proposal"):
        counts["review"] = reviews_waiting_for(scope, user).count()
    return counts
