"""API of the member portal: the member's own data and correction requests; for staff, the
activation figures, invitations, links between logins and members, and correction answers.
Activation and the SMS logins are pages only (they are what creates the session)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from gonghui.core.api_helpers import created
from gonghui.core.scoping import current_scope, get_scoped_or_404, require_perm
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from . import selectors, services
from .models import CorrectionRequest, CorrectionStatus

router = Router()


def _own(request):
    member = selectors.own_member(request.user)
    if member is None:
        raise PermissionDenied(_("您的账号尚未关联会员信息"))
    return member


class MeOut(Schema):
    name: str
    card_number: str
    org: str
    status: str
    open_ballots: list[str]
    requests: int
    proposals: int


@router.get("/me", response=MeOut, summary="我的会员信息概要")
def me(request):
    member = _own(request)
    return {
        "name": member.name,
        "card_number": member.card_number,
        "org": member.org.name,
        "status": member.get_status_display(),
        "open_ballots": [p.title for p in selectors.open_ballots(request.user)],
        "requests": len(selectors.my_requests(request.user)),
        "proposals": len(selectors.my_proposals(request.user)),
    }


@router.get("/me/data", summary="下载我的个人信息（JSON）")
def my_data(request):
    from .views import _export

    member = _own(request)
    services.record_download(actor=request.user, member=member, fmt="api")
    return _export(member, request.user)


class CorrectionIn(Schema):
    field_label: str
    text: str


class CorrectionOut(Schema):
    id: int
    member: str
    field_label: str
    status: CorrectionStatus
    due_on: datetime.date
    answer: str

    @staticmethod
    def resolve_member(obj):
        return obj.member.name


@router.post("/me/corrections", response={201: CorrectionOut}, summary="申请更正我的信息")
def ask_correction(request, payload: CorrectionIn):
    correction = services.ask_correction(actor=request.user, **payload.dict())
    return created(correction)


class RateOut(Schema):
    org_code: str
    org: str
    total: int
    active: int
    percent: str


@router.get("/activation", response=list[RateOut], summary="会员激活率（本级及下级）")
def activation_rates(request):
    require_perm("portal.view_activation")
    org = Org.objects.get(pk=current_scope().org_id)
    return [
        {
            "org_code": r["org"].code,
            "org": r["org"].name,
            "total": r["total"],
            "active": r["active"],
            "percent": r["percent"],
        }
        for r in selectors.activation_rates(org)
    ]


class InviteIn(Schema):
    member_ids: list[int] = []
    all_not_activated: bool = False


class InviteOut(Schema):
    invited: int


@router.post("/invitations", response=InviteOut, summary="发送激活邀请短信")
def invite(request, payload: InviteIn):
    require_perm("portal.invite_members")
    if payload.all_not_activated:
        org = Org.objects.get(pk=current_scope().org_id)
        members = selectors.activation_rows(org).filter(user__isnull=True)
    else:
        members = Member.objects.filter(pk__in=payload.member_ids).select_related("org")
        if len(members) != len(set(payload.member_ids)):
            raise Http404
    return {"invited": services.invite(actor=request.user, members=list(members))}


class LinkIn(Schema):
    username: str


class LinkOut(Schema):
    member_id: int
    username: str | None


@router.post("/members/{member_id}/link", response=LinkOut, summary="关联登录账号")
def link(request, member_id: int, payload: LinkIn):
    member = get_scoped_or_404(
        Member.objects.select_related("org"), "portal.link_members", pk=member_id
    )
    services.link_login(actor=request.user, member=member, username=payload.username)
    return {"member_id": member.pk, "username": payload.username}


@router.delete("/members/{member_id}/link", response=LinkOut, summary="解除关联")
def unlink(request, member_id: int):
    member = get_scoped_or_404(
        Member.objects.select_related("org"), "portal.link_members", pk=member_id
    )
    services.unlink_login(actor=request.user, member=member)
    return {"member_id": member.pk, "username": None}


@router.get("/corrections", response=list[CorrectionOut], summary="信息更正请求")
def corrections(request):
    require_perm("portal.view_corrections")
    return list(selectors.open_corrections()[:200])


class AnswerIn(Schema):
    done: bool
    answer: str


@router.post(
    "/corrections/{correction_id}/answer", response=CorrectionOut, summary="答复信息更正请求"
)
def answer(request, correction_id: int, payload: AnswerIn):
    correction = get_scoped_or_404(
        CorrectionRequest.objects.select_related("member", "org"),
        "portal.answer_corrections",
        pk=correction_id,
    )
    return services.answer_correction(
        actor=request.user, correction=correction, done=payload.done, answer=payload.answer
    )
