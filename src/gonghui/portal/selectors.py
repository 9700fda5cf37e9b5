"""Reads of the member portal. The member's own pages read only rows tied to the logged-in
user (through ``Member.user``), whatever union they are in now; staff pages read through the
scoped managers."""

from django.core import signing
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import config
from gonghui.core.scoping import scopes_disabled, subtree_q
from gonghui.members.models import KEEPS_MEMBERSHIP, Member

from . import conf  # noqa: F401  (settings)
from .models import CorrectionRequest, Invitation

CARD_SALT = "portal.card"

# What the member's own account did, in words (the audit's action keys are internal).
ACTION_LABELS = {
    "portal.account.activate": _("激活账号"),
    "portal.login": _("登录"),
    "core.user.login": _("登录"),
    "portal.password.reset": _("重设密码"),
    "core.user.change_password": _("修改密码"),
    "portal.correction.ask": _("提出信息更正请求"),
    "portal.consent.withdraw": _("撤回同意"),
    "portal.data.download": _("下载个人数据"),
}


def keeps_membership(member):
    """Whether the member's status keeps the membership (card valid, services open)."""
    return member.status in KEEPS_MEMBERSHIP


def own_member(user):
    """The member linked to ``user`` (any union, any status), or None."""
    if not user.is_authenticated:
        return None
    return (
        Member.unscoped.select_related("org", "employer").filter(user=user).first()
    )  # unscoped: the member's own record (a member acts as themself, not in a scope)


# --- the electronic card -----------------------------------------------------------------------


def card_token(member):
    """A signed, time-stamped token naming the card (never the ID number)."""
    return signing.TimestampSigner(salt=CARD_SALT).sign(member.card_number)


def card_from_token(token):
    """``(member, expired)`` for a card token: ``(None, True)`` for an expired one (a photo of an
    old code names nobody: not even the masked name and union), ``(None, False)`` for a forged
    one."""
    signer = signing.TimestampSigner(salt=CARD_SALT)
    try:
        card_number = signer.unsign(token, max_age=config.get("portal.card_qr_minutes") * 60)
    except signing.SignatureExpired:
        return None, True
    except signing.BadSignature:
        return None, False
    with scopes_disabled():
        member = (
            Member.unscoped.select_related("org").filter(card_number=card_number).first()
        )  # unscoped: a card checked from its signed token on a public page
    return member, False


# --- the member's home -------------------------------------------------------------------------


def officials_of(org):
    from gonghui.orgs.selectors import serving_officials

    return serving_officials(org)


def open_ballots(user):
    """Open polls in congresses where the user is an active delegate and has not voted yet."""
    from gonghui.assemblies.selectors import polls_to_vote

    # Scopes disabled: the member's own ballots (delegate of their union), not a union scope.
    with scopes_disabled():
        return list(polls_to_vote(user)[:20])


def delegate_sessions(user):
    """Sessions (not closed) of congresses where the user is an active delegate."""
    from gonghui.assemblies.models import Session

    with scopes_disabled():
        return list(
            Session.unscoped.filter(  # unscoped: the member's own sessions (delegate of their union), not a union scope
                congress__delegates__member__user=user, congress__delegates__status="active"
            )
            .exclude(status="closed")
            .select_related("congress")
            .distinct()
            .order_by("-starts_at")[:10]
        )


def closed_ballots(user):
    """Polls the user voted in that are closed (their results are on the delegate pages)."""
    from gonghui.assemblies.models import Poll, PollStatus

    with scopes_disabled():
        return list(
            Poll.unscoped.filter(  # unscoped: the member's own ballots (delegate of their union), not a union scope
                status=PollStatus.CLOSED, participations__delegate__member__user=user
            )
            .select_related("session")
            .distinct()
            .order_by("-closed_at")[:10]
        )


def my_requests(user):
    from gonghui.rights.selectors import requests_of_worker

    return list(requests_of_worker(user)[:20])


def my_proposals(user):
    from gonghui.innovation.selectors import proposals_of_user

    with scopes_disabled():
        return list(proposals_of_user(user).order_by("-created_at")[:20])


def my_hardship_files(member):
    """Only the file's number, status and dates: no household, no reviewers' notes."""
    from gonghui.assistance.models import HardshipFile

    rows = list(
        HardshipFile.unscoped.filter(
            applicant=member
        )  # unscoped: the member's own hardship files, shown to the member
        .order_by("-created_at")
        .values("number", "status", "created_at", "submitted_at")
    )
    for row in rows:
        row["status_label"] = _file_status_label(row["status"])
    return rows


def my_contests(member, user):
    from gonghui.contests.models import Contestant, Team

    with scopes_disabled():
        contestants = list(
            Contestant.objects.filter(member=member).select_related("event").order_by("-id")[:10]
        )
        teams = list(Team.objects.filter(leader_user=user).select_related("campaign")[:10])
    return contestants, teams


def my_corrections(member):
    return list(
        CorrectionRequest.unscoped.filter(member=member).order_by("-created_at")[:20]
    )  # unscoped: the member's own correction requests


# --- staff: who has activated ------------------------------------------------------------------


def activation_rows(org):
    """Members of ``org``'s subtree with their activation state, newest first (the page pages)."""
    return (
        Member.objects.filter(subtree_q(org.path, "org_path")).select_related("org").order_by("-id")
    )


def pending_invitations(member_ids):
    """{member id: expiry} of the open invitations among ``member_ids``."""
    rows = Invitation.objects.filter(
        member_id__in=member_ids, used_at__isnull=True, expires_at__gt=timezone.now()
    ).values_list("member_id", "expires_at")
    return dict(rows)


def activation_rates(org):
    """Members and activated members of ``org`` and of each child org's subtree (激活率 rolled
    up the tree), in one grouped query."""
    from gonghui.members.models import KEEPS_MEMBERSHIP

    children = list(org.get_children().order_by("path"))
    counted = Q(status__in=list(KEEPS_MEMBERSHIP))
    per_org = (
        Member.objects.filter(counted, subtree_q(org.path, "org_path"))
        .values("org_path")
        .annotate(total=Count("id"), active=Count("id", filter=Q(user__isnull=False)))
    )
    rows = {child.path: [child, 0, 0] for child in children}
    total = [org, 0, 0]
    for row in per_org:
        total[1] += row["total"]
        total[2] += row["active"]
        for path, entry in rows.items():
            if row["org_path"].startswith(path):
                entry[1] += row["total"]
                entry[2] += row["active"]
                break
    return [_rate(*total)] + [_rate(*entry) for entry in rows.values()]


def _rate(org, total, active):
    percent = f"{active * 100 / total:.1f}%" if total else "—"
    return {"org": org, "total": total, "active": active, "percent": percent}


def open_corrections():
    return CorrectionRequest.objects.select_related("member", "org").order_by("status", "due_on")


# --- everything held about me (PIPL) -----------------------------------------------------------


def data_about(member, user, *, full=False):
    """What the platform holds about the member, as sections of (label, value) rows and lists.
    On screen (``full=False``) the ID and phone numbers are masked; in the member's own download
    they are in full. Other people's data (household members, reviewers' notes) is left out."""
    from gonghui.core.audit import action_label
    from gonghui.core.models import AuditEvent

    id_number = member.id_number if full else member.id_number_masked
    phone = member.phone if full else member.phone_masked
    profile = [
        (_("姓名"), member.name),
        (_("性别"), member.get_gender_display()),
        (_("民族"), member.ethnicity or "—"),
        (_("出生日期"), member.birth_date.isoformat()),
        (_("身份证号"), id_number),
        (_("手机号"), phone or "—"),
        (_("学历"), member.get_education_display() or "—"),
        (_("用工形式"), member.get_employment_form_display()),
        (_("所在工会"), member.org.name),
        (_("工作单位"), member.employer.name if member.employer_id else "—"),
        (_("入会日期"), member.join_date.isoformat()),
        (_("会员证号"), member.card_number),
        (_("会籍状态"), member.get_status_display()),
    ]
    with scopes_disabled():
        history = [
            (e.on_date.isoformat(), e.get_kind_display(), e.to_org.name if e.to_org_id else "")
            for e in member.events.select_related("to_org").order_by("-on_date", "-id")
        ]
        logins = [
            (
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"),
                ACTION_LABELS.get(e.action) or action_label(e.action),
            )
            for e in AuditEvent.unscoped.filter(actor=user).order_by("-at")[
                :50
            ]  # unscoped: the member's own account events
        ]
    requests = [(r.title, r.get_status_display()) for r in my_requests(user)]
    proposals = [(p.title, p.get_status_display()) for p in my_proposals(user)]
    files = [(f["number"] or "—", f["status_label"]) for f in my_hardship_files(member)]
    corrections = [(c.field_label, c.get_status_display()) for c in my_corrections(member)]
    return {
        "profile": profile,
        "history": history,
        "requests": requests,
        "proposals": proposals,
        "files": files,
        "corrections": corrections,
        "account": logins,
    }


def _file_status_label(status):
    from gonghui.assistance.enums import FileStatus

    return str(dict(FileStatus.choices).get(status, status))


# --- the officials' roster ---------------------------------------------------------------------


def officials_roster():
    """Every serving official in the scope with position, term, training hours and the linked
    member: one list for the district (two grouped queries besides the rows). Training hours
    come from the learning record (life)."""
    from gonghui.life.learning import official_hours
    from gonghui.orgs.models import Official

    officials = list(
        Official.objects.filter(end_date__isnull=True, term__is_current=True)
        .select_related("org", "term", "member_link__member")
        .order_by("org__path", "position", "name")
    )
    hours = official_hours([o.pk for o in officials])
    for official in officials:
        official.training_hours = hours.get(official.pk) or 0
        link = getattr(official, "member_link", None)
        official.linked_member = link.member if link is not None else None
    return officials
