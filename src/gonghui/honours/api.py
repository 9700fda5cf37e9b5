"""API of honours (scoped like the pages): rounds with their quota panel, nominations, ranking,
withdrawal. No personal data beyond name and unit."""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.api_helpers import created, paged_list
from gonghui.core.api_types import WithOrg
from gonghui.core.scoping import get_scoped_or_404
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from . import selectors, services

router = Router()
MAX_ID = 2**63 - 1  # larger ids overflow the database integer: answer 422, not 500


class AwardTypeOut(WithOrg):
    id: int
    code: str
    name: str
    org_code: str
    level: str
    nominee_kind: str
    min_frontline_pct: Decimal
    max_heads_pct: Decimal
    is_active: bool

    @staticmethod
    def resolve_level(obj):
        return str(obj.level_label)


class RoundOut(WithOrg):
    id: int
    year: int
    title: str
    award_type_id: int
    award_type_name: str
    org_code: str
    quota: int
    street_quota: int | None
    nomination_deadline: datetime.date
    min_frontline_pct: Decimal
    max_heads_pct: Decimal
    notice_working_days: int
    is_closed: bool

    @staticmethod
    def resolve_award_type_name(obj):
        return obj.award_type.name


class QuotaLineOut(Schema):
    text: str
    count: int
    total: int
    ok: bool


class QuotaOut(Schema):
    total: int
    places: int
    ok: bool
    lines: list[QuotaLineOut]


class NominationOut(WithOrg):
    id: int
    round_id: int
    org_code: str
    kind: str
    street_org_code: str | None
    nominee_name: str
    unit_name: str
    is_frontline: bool
    is_enterprise_head: bool
    status: str
    notice_start: datetime.date | None
    notice_end: datetime.date | None
    certificate_no: str

    @staticmethod
    def resolve_street_org_code(obj):
        return obj.street_org.code if obj.street_org_id else None


class NominationIn(Schema):
    org_code: str
    deeds: str
    member_id: int | None = None
    is_frontline: bool = False
    is_enterprise_head: bool = False
    reference: str = ""


class RankingRowOut(Schema):
    nomination_id: int
    nominee_name: str
    total: Decimal | None
    rank: int | None
    judges_counted: int
    judges_recused: int


class ReasonIn(Schema):
    reason: str


class ReviewIn(Schema):
    decision: Literal[
        "street_approve", "street_return", "street_reject", "approve", "return", "reject"
    ]
    reason: str = Field("", max_length=1000)


@paged_list(
    router,
    "/award-types",
    AwardTypeOut,
    "honours.view_award_type",
    summary="奖项（本级及上级设立）",
)
def list_award_types(request, active: bool | None = None):
    types = selectors.award_types_visible().order_by("org__path", "name")
    if active is not None:
        types = types.filter(is_active=active)
    return types


@paged_list(router, "/rounds", RoundOut, "honours.view_round", summary="评选活动列表")
def list_rounds(
    request,
    year: int | None = Query(None, ge=1900, le=2200),
    award_type_id: int | None = Query(None, ge=1, le=MAX_ID),
):
    rounds = selectors.rounds_in_scope().order_by("-year", "-id")
    if year:
        rounds = rounds.filter(year=year)
    if award_type_id:
        rounds = rounds.filter(award_type_id=award_type_id)
    return rounds


@router.get("/rounds/{round_id}", response=RoundOut, summary="评选活动详情")
def get_round(request, round_id: int):
    return get_scoped_or_404(selectors.rounds_in_scope(), "honours.view_round", pk=round_id)


@router.get("/rounds/{round_id}/quota", response=QuotaOut, summary="名额结构（实时）")
def get_quota(request, round_id: int):
    round_ = get_scoped_or_404(selectors.rounds_in_scope(), "honours.view_round", pk=round_id)
    panel = selectors.quota_panel(round_)
    return {
        "total": panel.total,
        "places": panel.places,
        "ok": panel.ok,
        "lines": [
            {"text": line.text, "count": line.count, "total": line.total, "ok": line.ok}
            for line in panel.lines
        ],
    }


@router.get(
    "/rounds/{round_id}/nominations", response=list[NominationOut], summary="推荐对象（当前范围内）"
)
@paginate
def list_nominations(request, round_id: int):
    round_ = get_scoped_or_404(selectors.rounds_in_scope(), "honours.view_nomination", pk=round_id)
    return selectors.nominations_of_round(round_)


@router.post("/rounds/{round_id}/nominations", response={201: NominationOut}, summary="推荐个人")
def create_nomination(request, round_id: int, payload: NominationIn):
    round_ = get_scoped_or_404(selectors.rounds_in_scope(), "honours.nominate", pk=round_id)
    org = get_scoped_or_404(Org.objects.visible(), "honours.nominate", code=payload.org_code)
    member = None
    if payload.member_id is not None:
        member = get_scoped_or_404(
            Member.objects.select_related("org", "employer"),
            "honours.nominate",
            pk=payload.member_id,
        )
    nomination = services.submit_nomination(
        actor=request.user,
        round_=round_,
        org=org,
        member=member,
        deeds=payload.deeds,
        is_frontline=payload.is_frontline,
        is_enterprise_head=payload.is_enterprise_head,
        reference=payload.reference,
    )
    return created(nomination)


@router.get("/rounds/{round_id}/ranking", response=list[RankingRowOut], summary="评分排名")
def get_ranking(request, round_id: int):
    round_ = get_scoped_or_404(selectors.rounds_in_scope(), "honours.view_round", pk=round_id)
    if not selectors.can_see_ranking(round_, request.user):
        raise PermissionDenied(_("评分排名仅限组织单位和评委查看"))
    return [
        {
            "nomination_id": row["item"]["nomination"].pk,
            "nominee_name": row["name"],
            "total": row["total"],
            "rank": row["rank"],
            "judges_counted": row["item"]["judges_counted"],
            "judges_recused": len(row["item"]["judges_recused"]),
        }
        for row in selectors.ranking(round_)
    ]


@router.get("/nominations/{nomination_id}", response=NominationOut, summary="推荐对象详情")
def get_nomination(request, nomination_id: int):
    return get_scoped_or_404(
        selectors.nominations_in_scope(), "honours.view_nomination", pk=nomination_id
    )


@router.post("/nominations/{nomination_id}/withdraw", response=NominationOut, summary="撤回推荐")
def withdraw_nomination(request, nomination_id: int, payload: ReasonIn):
    nomination = get_scoped_or_404(
        selectors.nominations_in_scope(), "honours.nominate", pk=nomination_id
    )
    return services.withdraw_nomination(
        actor=request.user, nomination=nomination, reason=payload.reason
    )


@router.post(
    "/nominations/{nomination_id}/review",
    response=NominationOut,
    summary="审核（街道推荐/组织单位评审）",
)
def review_nomination(request, nomination_id: int, payload: ReviewIn):
    """One level's decision: the street union recommends, returns or turns down a nomination
    waiting at its stage; the organiser approves, returns or turns down one under review."""
    nomination = get_scoped_or_404(
        selectors.nominations_in_scope(), "honours.review_nomination", pk=nomination_id
    )
    return services.review(
        actor=request.user,
        nomination=nomination,
        decision=payload.decision,
        reason=payload.reason,
    )
