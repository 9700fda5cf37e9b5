"""API of the proposal process (scoped like the pages; every write goes through services)."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from gonghui.core.api_helpers import created, org_or_own, paged_list
from gonghui.core.api_types import Money, WithOrg
from gonghui.core.scoping import current_scope, get_scoped_or_404, require_perm
from gonghui.members.models import Member

from . import selectors, services
from .models import ProposalKind, ProposalStatus, Review

router = Router()


class ProposalOut(WithOrg):
    id: int
    number: str
    kind: ProposalKind
    title: str
    problem: str
    solution: str
    status: ProposalStatus
    org_code: str
    author: str
    expected_benefit: Decimal
    actual_benefit: Decimal | None
    reward_amount: Decimal | None
    reward_band: str
    similar_hint: list
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj):
        return obj.author.name

    @staticmethod
    def resolve_reward_band(obj):
        return obj.reward_band_text


class ProposalIn(Schema):
    kind: ProposalKind
    title: str
    problem: str
    solution: str = ""
    expected_benefit: Money = Decimal(0)
    author_card: str = ""
    co_author_cards: list[str] = []
    difference_note: str = ""


class ReasonIn(Schema):
    reason: str = ""


class TriageIn(Schema):
    general_opinion: bool = False
    department: str = ""
    reason: str = ""


class DecisionIn(Schema):
    adopt: bool
    reason: str


class BenefitIn(Schema):
    actual_benefit: Money
    basis: str


class RewardIn(Schema):
    amount: Money | None = None


class PaymentIn(Schema):
    paid_on: datetime.date
    reference: str = ""


class ScoresIn(Schema):
    scores: dict[int, Decimal]
    comment: str = ""


class ReviewOut(Schema):
    id: int
    proposal_id: int
    reviewer: str
    recused: bool
    recusal_reason: str
    total: Decimal | None

    @staticmethod
    def resolve_reviewer(obj):
        return str(obj.reviewer)


class StatisticsOut(Schema):
    org_code: str
    submitted: int
    opinions: int
    adopted: int
    adoption_rate: Decimal | None
    forecast: Decimal
    benefit: Decimal
    rewards: Decimal
    paid: Decimal


class BandOut(Schema):
    min_benefit: Decimal
    reward_min: Decimal
    reward_max: Decimal
    label: str
    description: str


def _proposal(request, proposal_id, permission=None):
    return get_scoped_or_404(
        selectors.visible_proposal_queryset(request.user), permission, pk=proposal_id
    )


@paged_list(router, "/proposals", ProposalOut, "innovation.view_proposal", summary="建议列表")
def list_proposals(request, q: str = "", status: str = "", kind: str = "", org: str = ""):
    return selectors.search(selectors.proposals(), query=q, status=status, kind=kind, org_code=org)


@router.get("/proposals/{proposal_id}", response=ProposalOut, summary="建议详情")
def get_proposal(request, proposal_id: int):
    return _proposal(request, proposal_id, "innovation.view_own_proposal")


@router.post("/proposals", response={201: ProposalOut}, summary="提交建议")
def submit_proposal(request, payload: ProposalIn):
    require_perm("innovation.submit_proposal")
    if payload.author_card and current_scope().has_perm("innovation.submit_for_member"):
        author = Member.objects.filter(card_number=payload.author_card).first()
    else:
        author = Member.objects.filter(user=request.user).first()
    if author is None:
        raise Http404
    co_authors = list(Member.objects.filter(card_number__in=payload.co_author_cards))
    proposal = services.submit_proposal(
        actor=request.user,
        author=author,
        kind=payload.kind,
        title=payload.title,
        problem=payload.problem,
        solution=payload.solution,
        expected_benefit=payload.expected_benefit,
        co_authors=co_authors,
        difference_note=payload.difference_note,
    )
    return created(proposal)


@router.get("/similar", response=list[dict], summary="相似建议提示")
def similar(request, title: str, author_card: str = ""):
    require_perm("innovation.submit_proposal")
    if author_card and current_scope().has_perm("innovation.submit_for_member"):
        member = Member.objects.filter(card_number=author_card).first()
    else:
        member = Member.objects.filter(user=request.user).first()
    if member is None:
        return []
    return selectors.similar_proposals(title=title, employer=member.employer, org=member.org)


@router.post("/proposals/{proposal_id}/triage", response=ProposalOut, summary="受理或记为一般意见")
def triage(request, proposal_id: int, payload: TriageIn):
    proposal = _proposal(request, proposal_id, "innovation.triage_proposal")
    if payload.general_opinion:
        return services.record_as_opinion(
            actor=request.user, proposal=proposal, reason=payload.reason
        )
    return services.triage_proposal(
        actor=request.user, proposal=proposal, department=payload.department, reason=payload.reason
    )


@router.post("/proposals/{proposal_id}/decision", response=ProposalOut, summary="采纳或不采纳")
def decision(request, proposal_id: int, payload: DecisionIn):
    proposal = _proposal(request, proposal_id, "innovation.decide_proposal")
    return services.decide(
        actor=request.user, proposal=proposal, adopt=payload.adopt, reason=payload.reason
    )


@router.post("/proposals/{proposal_id}/benefit", response=ProposalOut, summary="确认效益（锁定）")
def benefit(request, proposal_id: int, payload: BenefitIn):
    proposal = _proposal(request, proposal_id, "innovation.confirm_benefit")
    return services.confirm_benefit(
        actor=request.user,
        proposal=proposal,
        actual_benefit=payload.actual_benefit,
        basis=payload.basis,
    )


@router.post("/proposals/{proposal_id}/reward", response=ProposalOut, summary="按档次审批奖励")
def reward(request, proposal_id: int, payload: RewardIn):
    proposal = _proposal(request, proposal_id, "innovation.approve_reward")
    return services.approve_reward(actor=request.user, proposal=proposal, amount=payload.amount)


@router.post("/proposals/{proposal_id}/payment", response=ProposalOut, summary="登记奖励发放")
def payment(request, proposal_id: int, payload: PaymentIn):
    proposal = _proposal(request, proposal_id, "innovation.record_payment")
    return services.record_payment(
        actor=request.user, proposal=proposal, paid_on=payload.paid_on, reference=payload.reference
    )


@router.get("/proposals/{proposal_id}/reviews", response=list[ReviewOut], summary="评审情况")
def reviews(request, proposal_id: int):
    proposal = _proposal(request, proposal_id, "innovation.view_proposal")
    return proposal.reviews.select_related("reviewer")


def _review(request, review_id):
    review = Review.objects.select_related("proposal__org").filter(pk=review_id).first()
    if review is None:
        raise Http404
    _proposal(request, review.proposal_id, "innovation.review_proposal")
    return review


@router.post("/reviews/{review_id}/scores", response=ReviewOut, summary="提交评分")
def score(request, review_id: int, payload: ScoresIn):
    return services.submit_review(
        actor=request.user,
        review=_review(request, review_id),
        scores=payload.scores,
        comment=payload.comment,
    )


@router.post("/reviews/{review_id}/recusal", response=ReviewOut, summary="回避（须填写理由）")
def recusal(request, review_id: int, payload: ReasonIn):
    return services.recuse(
        actor=request.user, review=_review(request, review_id), reason=payload.reason
    )


@router.get("/statistics", response=StatisticsOut, summary="建议统计（含下级）")
def statistics(request, org: str = ""):
    require_perm("innovation.view_statistics")
    target = org_or_own(org)
    return {"org_code": target.code, **selectors.statistics(target.path)}


@router.get("/bands", response=list[BandOut], summary="奖励档次表")
def bands(request):
    require_perm("innovation.view_statistics")
    rows = selectors.bands()
    from .scoring import band_for

    return [
        {
            "min_benefit": a,
            "reward_min": b,
            "reward_max": c,
            "label": d,
            "description": band_for(a, rows).describe(),
        }
        for a, b, c, d in rows
    ]
