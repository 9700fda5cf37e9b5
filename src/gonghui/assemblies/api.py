"""API of congresses, sessions, proposals and votes (scoped like the pages)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from gonghui.core.api_helpers import bad_request, created, paged_list, refusals_as_400
from gonghui.core.api_types import WithOrg
from gonghui.core.scoping import get_scoped_or_404

from . import selectors, services
from .models import Congress, Poll, Proposal, Session

router = Router()
VIEW = "assemblies.view_congress"
DELEGATE = "assemblies.act_as_delegate"
MANAGE = "assemblies.manage_congress"
RUN = "assemblies.run_poll"


class CongressOut(WithOrg):
    id: int
    org_code: str
    kind: str
    name: str
    term_number: int
    term_start: datetime.date
    term_years: int
    seats: int
    rules: str

    @staticmethod
    def resolve_rules(obj):
        return obj.rule_text()


class CheckOut(Schema):
    label: str
    value: str
    ok: bool
    setting: str


class DelegateOut(Schema):
    id: int
    name: str
    constituency: str | None
    status: str
    is_manager: bool
    is_frontline: bool
    is_woman: bool
    is_observer: bool
    in_presidium: bool

    @staticmethod
    def resolve_name(obj):
        return obj.member.name

    @staticmethod
    def resolve_constituency(obj):
        return obj.constituency.name if obj.constituency else None


class SessionOut(Schema):
    id: int
    congress_id: int
    number: int
    title: str
    starts_at: datetime.datetime
    venue: str
    status: str
    report_due: datetime.date | None
    reported_on: datetime.date | None


class FiguresOut(Schema):
    total: int
    present: int
    quorum_met: bool
    quorum_text: str


class CandidateOut(Schema):
    id: int
    name: str
    position: int


class PollOut(Schema):
    id: int
    session_id: int
    kind: str
    title: str
    is_secret: bool
    method: str
    seats: int
    status: str
    candidates: list[CandidateOut]
    result: dict | None = None
    result_text: str | None = None

    @staticmethod
    def resolve_candidates(obj):
        return list(obj.candidates.all())

    @staticmethod
    def resolve_result(obj):
        return obj.result if selectors.results_visible(obj) else None

    @staticmethod
    def resolve_result_text(obj):
        return obj.result_text if selectors.results_visible(obj) else None


class VoteIn(Schema):
    vote: str | None = None
    marks: dict[str, str] = {}
    write_ins: list[str] = []
    blank: bool = Field(False, description="空白票：对全部候选人弃权")


class ReceiptOut(Schema):
    receipt_code: str


class ReceiptIn(Schema):
    code: str


class CountedOut(Schema):
    counted: bool


class ProposalOut(Schema):
    id: int
    congress_id: int
    title: str
    body: str
    status: str
    delegate_name: str
    department: str
    answer: str
    satisfaction: str

    @staticmethod
    def resolve_delegate_name(obj):
        return obj.delegate.member.name


class ProposalIn(Schema):
    congress_id: int
    title: str
    body: str
    cosigner_ids: list[int]


class HandleIn(Schema):
    action: str
    reason: str = ""
    department: str = ""
    answer: str = ""
    merged_into_id: int | None = None
    satisfaction: str = ""


class ScrutineerIn(Schema):
    name: str = Field("", max_length=50)
    passphrase: str = Field("", max_length=200)


class OpenIn(Schema):
    """Secret electronic polls: the 总监票人 and at least one 监票人 with their own passphrases."""

    chief: ScrutineerIn | None = None
    members: list[ScrutineerIn] = []


class CloseIn(Schema):
    chief_passphrase: str = Field("", max_length=200)
    member_passphrase: str = Field("", max_length=200)


class CheckInIn(Schema):
    token: str = Field("", max_length=120, description="会场屏幕上当前签到二维码中的签到码")


class ErrorOut(Schema):
    detail: str


@paged_list(router, "/congresses", CongressOut, VIEW, summary="代表大会列表")
def list_congresses(request):
    return selectors.congresses()


@router.get("/congresses/{congress_id}", response=CongressOut, summary="代表大会详情")
def get_congress(request, congress_id: int):
    return get_scoped_or_404(Congress.objects.select_related("org"), VIEW, pk=congress_id)


@router.get(
    "/congresses/{congress_id}/composition", response=list[CheckOut], summary="代表构成检查"
)
def get_composition(request, congress_id: int):
    congress = get_scoped_or_404(Congress, VIEW, pk=congress_id)
    return [c.__dict__ for c in selectors.composition(congress)]


@router.get("/congresses/{congress_id}/delegates", response=list[DelegateOut], summary="代表名单")
def list_delegates(request, congress_id: int, include_ended: bool = False):
    congress = get_scoped_or_404(Congress, VIEW, pk=congress_id)
    return list(selectors.delegates_of(congress, include_ended=include_ended))


@router.get("/congresses/{congress_id}/sessions", response=list[SessionOut], summary="会议列表")
def list_sessions(request, congress_id: int):
    congress = get_scoped_or_404(Congress, VIEW, pk=congress_id)
    return list(selectors.sessions_of(congress))


@router.get("/sessions/{session_id}", response=SessionOut, summary="会议详情")
def get_session(request, session_id: int):
    return get_scoped_or_404(Session, DELEGATE, pk=session_id)


@router.get("/sessions/{session_id}/figures", response=FiguresOut, summary="签到人数与法定人数")
def get_figures(request, session_id: int):
    session = get_scoped_or_404(Session.objects.select_related("congress"), DELEGATE, pk=session_id)
    f = selectors.session_figures(session)
    return {
        "total": f.total,
        "present": f.present,
        "quorum_met": f.quorum.met,
        "quorum_text": f.quorum.text,
    }


@router.post(
    "/sessions/{session_id}/check-in",
    response={200: FiguresOut, 400: ErrorOut},
    summary="代表本人扫码签到（须带会场二维码当前的签到码）",
)
@refusals_as_400
def check_in(request, session_id: int, payload: CheckInIn):
    session = get_scoped_or_404(Session.objects.select_related("congress"), DELEGATE, pk=session_id)
    delegate = selectors.delegate_in(request.user, session.congress)
    # In scope but not a delegate of this congress: 403.
    if delegate is None:
        raise PermissionDenied
    services.check_in_self(
        actor=request.user, session=session, delegate=delegate, code=payload.token
    )
    return get_figures(request, session_id)


@router.get("/sessions/{session_id}/polls", response=list[PollOut], summary="会议的表决事项")
def list_polls(request, session_id: int):
    session = get_scoped_or_404(Session, DELEGATE, pk=session_id)
    return list(selectors.polls_of(session))


@router.get("/polls/{poll_id}", response=PollOut, summary="表决详情（结束后含结果）")
def get_poll(request, poll_id: int):
    return get_scoped_or_404(Poll.objects.prefetch_related("candidates"), DELEGATE, pk=poll_id)


@router.post("/polls/{poll_id}/open", response={200: PollOut, 400: ErrorOut}, summary="开始投票")
@refusals_as_400
def open_poll(request, poll_id: int, payload: OpenIn):
    poll = get_scoped_or_404(Poll, "assemblies.run_poll", pk=poll_id)
    chief = (payload.chief.name, payload.chief.passphrase) if payload.chief else None
    members = [(m.name, m.passphrase) for m in payload.members]
    return services.open_poll(actor=request.user, poll=poll, chief=chief, members=members)


@router.post("/polls/{poll_id}/close", response={200: PollOut, 400: ErrorOut}, summary="结束投票")
@refusals_as_400
def close_poll(request, poll_id: int, payload: CloseIn):
    poll = get_scoped_or_404(Poll, "assemblies.run_poll", pk=poll_id)
    return services.close_poll(
        actor=request.user,
        poll=poll,
        chief_passphrase=payload.chief_passphrase,
        member_passphrase=payload.member_passphrase,
    )


@router.post(
    "/polls/{poll_id}/vote",
    response={201: ReceiptOut, 400: ErrorOut},
    summary="代表投票（返回回执码，仅此一次）",
)
@refusals_as_400
def vote(request, poll_id: int, payload: VoteIn):
    poll = get_scoped_or_404(Poll.objects.select_related("session__congress"), DELEGATE, pk=poll_id)
    delegate = selectors.delegate_in(request.user, poll.session.congress)
    # In scope but not a delegate of this congress: 403.
    if delegate is None:
        raise PermissionDenied
    choices = (
        {"vote": payload.vote}
        if poll.kind == "resolution"
        else {"marks": payload.marks, "write_ins": payload.write_ins, "blank": payload.blank}
    )
    code = services.cast_vote(actor=request.user, poll=poll, delegate=delegate, choices=choices)
    return created({"receipt_code": code})


@router.post("/polls/{poll_id}/receipt", response=CountedOut, summary="核对回执码是否计入")
def check_receipt(request, poll_id: int, payload: ReceiptIn):
    poll = get_scoped_or_404(Poll, DELEGATE, pk=poll_id)
    return {"counted": services.receipt_counted(poll, payload.code)}


@router.get("/congresses/{congress_id}/proposals", response=list[ProposalOut], summary="提案列表")
def list_proposals(request, congress_id: int):
    congress = get_scoped_or_404(Congress, VIEW, pk=congress_id)
    return list(selectors.proposals_of(congress))


@router.post("/proposals", response={201: ProposalOut, 400: ErrorOut}, summary="代表提出提案")
@refusals_as_400
def submit_proposal(request, payload: ProposalIn):
    congress = get_scoped_or_404(Congress, DELEGATE, pk=payload.congress_id)
    delegate = selectors.delegate_in(request.user, congress)
    # In scope but not a delegate of this congress: 403.
    if delegate is None:
        raise PermissionDenied
    cosigners = list(congress.delegates.filter(pk__in=payload.cosigner_ids))
    proposal = services.submit_proposal(
        actor=request.user,
        delegate=delegate,
        title=payload.title,
        body=payload.body,
        cosigners=cosigners,
    )
    return created(proposal)


@router.post(
    "/proposals/{proposal_id}/handle",
    response={200: ProposalOut, 400: ErrorOut},
    summary="办理提案（立案、并案、退回、交办、答复、评价）",
)
@refusals_as_400
def handle_proposal(request, proposal_id: int, payload: HandleIn):
    proposal = get_scoped_or_404(
        Proposal.objects.select_related("delegate__member"), DELEGATE, pk=proposal_id
    )
    target = None
    if payload.merged_into_id:
        target = Proposal.objects.filter(pk=payload.merged_into_id).first()
    return services.handle_proposal(
        actor=request.user,
        proposal=proposal,
        action=payload.action,
        reason=payload.reason,
        department=payload.department,
        answer=payload.answer,
        merged_into=target,
        satisfaction=payload.satisfaction,
    )


# --- set-up (staff) ----------------------------------------------------------------------------


class CongressIn(Schema):
    org_code: str
    kind: str
    name: str
    term_start: datetime.date
    seats: int = Field(ge=1, le=10_000)
    term_years: int = Field(5, ge=3, le=5)
    term_number: int = Field(1, ge=1, le=999)
    employer_id: int | None = Field(None, ge=1, le=2**31 - 1)
    workforce_women_percent: Decimal = Field(Decimal(0), ge=0, le=100, decimal_places=1)


class DelegateIn(Schema):
    card_number: str
    constituency: str = ""
    is_manager: bool = False
    is_frontline: bool = False
    is_observer: bool = False
    in_presidium: bool = False
    election_record: str = ""


class SessionIn(Schema):
    title: str
    starts_at: datetime.datetime
    number: int = Field(1, ge=1, le=999)
    venue: str = ""
    agenda: list[str] = []


class PollIn(Schema):
    kind: str
    title: str
    is_secret: bool = True
    method: str = "electronic"
    seats: int = 0
    candidates: list[str] = []
    allow_write_in: bool = False


@router.post("/congresses", response={201: CongressOut, 400: ErrorOut}, summary="新建代表大会")
@refusals_as_400
def create_congress(request, payload: CongressIn):
    from decimal import Decimal

    from gonghui.orgs.models import Employer, Org

    org = get_scoped_or_404(Org.objects.visible(), MANAGE, code=payload.org_code)
    employer = None
    if payload.employer_id:
        employer = get_scoped_or_404(Employer, MANAGE, pk=payload.employer_id)
    data = payload.dict(exclude={"org_code", "employer_id", "workforce_women_percent"})
    congress = services.create_congress(
        actor=request.user,
        org=org,
        employer=employer,
        workforce_women_percent=Decimal(str(payload.workforce_women_percent)),
        **data,
    )
    return created(congress)


@router.post(
    "/congresses/{congress_id}/delegates",
    response={201: DelegateOut, 400: ErrorOut},
    summary="登记代表（按会员证号）",
)
@refusals_as_400
def add_delegate(request, congress_id: int, payload: DelegateIn):
    from gonghui.members.models import Member

    congress = get_scoped_or_404(Congress.objects.select_related("org"), MANAGE, pk=congress_id)
    member = (
        Member.objects.in_subtree(congress.org.path).filter(card_number=payload.card_number).first()
    )
    if member is None:
        return bad_request(_("找不到该会员证号"))
    data = payload.dict(exclude={"card_number", "constituency"})
    constituency = services.constituency_named(
        actor=request.user, congress=congress, name=payload.constituency
    )
    delegate = services.add_delegate(
        actor=request.user, congress=congress, member=member, constituency=constituency, **data
    )
    return created(delegate)


@router.post(
    "/congresses/{congress_id}/sessions",
    response={201: SessionOut, 400: ErrorOut},
    summary="新建会议",
)
@refusals_as_400
def create_session(request, congress_id: int, payload: SessionIn):
    congress = get_scoped_or_404(Congress.objects.select_related("org"), MANAGE, pk=congress_id)
    session = services.create_session(actor=request.user, congress=congress, **payload.dict())
    return created(session)


@router.post(
    "/sessions/{session_id}/polls",
    response={201: PollOut, 400: ErrorOut},
    summary="新建表决事项（选举候选人按姓氏笔画排序）",
)
@refusals_as_400
def create_poll(request, session_id: int, payload: PollIn):
    session = get_scoped_or_404(Session.objects.select_related("congress"), RUN, pk=session_id)
    data = payload.dict(exclude={"candidates"})
    poll = services.create_poll(
        actor=request.user,
        session=session,
        candidates=[(name, None) for name in payload.candidates],
        **data,
    )
    return created(poll)
