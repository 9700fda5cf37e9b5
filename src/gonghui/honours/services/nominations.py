"""Writes of nominations: submission, withdrawal, swaps, documents; hooks of the union tree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm

from .. import contest_sources
from ..models import (
    ACTIVE_STATUSES,
    STREET_KINDS,
    AwardRound,
    Nomination,
    NominationDocument,
    NominationStatus,
    NomineeKind,
    Objection,
)
from ..workflows import NOMINATION_WORKFLOW as WF
from ._common import _lock
from .rounds import _flag_conflicts

# --- nominations -------------------------------------------------------------------------------


def _check_nominee(round_, kind, member, employer, nominee_org, nominee_name):
    if kind == NomineeKind.INDIVIDUAL:
        if member is None:
            raise ValidationError({"member": _("请选择被推荐的会员")})
        if not org_in_scope(member.org):
            raise Http404
        # unscoped: one nomination per member in the round, across unions
        if Nomination.unscoped.filter(
            round=round_, member=member, status__in=ACTIVE_STATUSES
        ).exists():
            raise ValidationError({"member": _("该会员已在本次评选中被推荐")})
        return member.name, (member.employer.name if member.employer_id else member.org.name)
    if kind == NomineeKind.TEAM:
        if not nominee_name.strip():
            raise ValidationError({"nominee_name": _("请填写集体（班组）名称")})
        if employer is None:
            raise ValidationError({"employer": _("请选择集体所在单位")})
        return nominee_name.strip(), employer.name
    if nominee_org is not None:
        return nominee_org.name, (employer.name if employer else nominee_org.name)
    if employer is None:
        raise ValidationError({"employer": _("请选择被推荐单位")})
    return employer.name, employer.name


def _check_under_nominator(org, member, employer, nominee_org):
    """The nominee belongs to the nominating union (or a union below it): an admin who sees two
    unions must not put one union's member, employer or union on the other's list."""
    errors = {}
    if member is not None and not member.org.path.startswith(org.path):
        errors["member"] = _("被推荐会员须为推荐工会（含下级工会）的会员")
    if employer is not None and not employer.org.path.startswith(org.path):
        errors["employer"] = _("单位须属于推荐工会（含下级工会）")
    if nominee_org is not None and not nominee_org.path.startswith(org.path):
        errors["nominee_org"] = _("被推荐工会须为推荐工会本身或其下级工会")
    if errors:
        raise ValidationError(errors)


def _check_source(round_, kind, member, team, contestant):
    """A competition result fits the award's kind of nominee, is in scope, and is nominated once
    per round."""
    if team is not None:
        # A team the active scope does not see does not exist for this user.
        if not contest_sources.visible_teams().filter(pk=team.pk).exists():
            raise Http404
        if kind != NomineeKind.TEAM:
            raise ValidationError(_("劳动竞赛班组只能推荐集体（班组）奖项"))
        # unscoped: one nomination per team in the round, across unions
        if Nomination.unscoped.filter(
            round=round_, source_team=team, status__in=ACTIVE_STATUSES
        ).exists():
            raise ValidationError({"nominee_name": _("该班组已在本次评选中被推荐")})
    if contestant is not None:
        if not contest_sources.visible_contestants().filter(pk=contestant.pk).exists():
            raise Http404
        if kind != NomineeKind.INDIVIDUAL:
            raise ValidationError(_("技能比武选手只能推荐个人奖项"))
        if member is None or contestant.member_id != member.pk:
            raise ValidationError({"member_key": _("被推荐会员与比武选手不一致")})


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
    source_team=None,
    source_contestant=None,
):
    """A union nominates into a round: checks deadline, scope and duplicates, records the
    nominee's display name and unit, flags judge conflicts, audits. A nomination picked from a
    competition's results links the team (labour competition) or contestant (skill contest)."""
    require_perm("honours.nominate")
    today = today or timezone.localdate()
    if round_.is_closed:
        raise ValidationError(_("本次评选已结束"))
    if today > round_.nomination_deadline and replaces is None:
        raise ValidationError(
            _("推荐已于 {nomination_deadline:%Y-%m-%d} 截止").format(
                nomination_deadline=round_.nomination_deadline
            )
        )
    if not org_in_scope(org):
        raise Http404
    if not org.path.startswith(round_.org.path):
        raise ValidationError({"org": _("推荐工会不在本次评选的组织范围内")})
    if not deeds.strip():
        raise ValidationError({"deeds": _("请填写主要事迹")})
    kind = round_.award_type.nominee_kind
    for obj in (employer, nominee_org):
        if obj is not None and not org_in_scope(obj if hasattr(obj, "path") else obj.org):
            raise Http404
    _check_source(round_, kind, member, source_team, source_contestant)
    name, unit = _check_nominee(round_, kind, member, employer, nominee_org, nominee_name)
    _check_under_nominator(org, member, employer, nominee_org)  # after the 404s of scope
    individual = kind == NomineeKind.INDIVIDUAL
    street = street_stage_org(round_, org)
    nomination = Nomination.objects.create(
        round=round_,
        org=org,
        street_org=street,
        status=NominationStatus.NOMINATED if street else NominationStatus.RECOMMENDED,
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
        source_team=source_team,
        source_contestant=source_contestant,
        created_by=actor,
    )
    _flag_conflicts(round_, nominations=[nomination])
    audit.record(
        actor,
        "honours.nomination.create",
        nomination,
        extra={"round": round_.pk, "kind": kind, "street": street.code if street else ""},
    )
    return nomination


def street_stage_org(round_, org):
    """The street (industry) union that reviews ``org``'s nominations into ``round_`` before the
    organiser: its nearest-to-the-organiser ancestor of that kind strictly between the two. None
    when ``org`` is itself a street union or no such union lies between (the stage is skipped)."""
    from gonghui.orgs.models import Org

    top, path = round_.org.path, org.path
    ancestors = [path[:i] for i in range(len(top) + 4, len(path), 4)]
    if not path.startswith(top) or not ancestors:
        return None
    return Org.objects.filter(path__in=ancestors, kind__in=STREET_KINDS).order_by("path").first()


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
        raise ValidationError(_("替换失败"))
    return new


@transaction.atomic
def add_document(*, actor, nomination, title, upload):
    require_perm("honours.nominate")
    if not org_in_scope(nomination.org):
        raise Http404
    if nomination.status not in (
        NominationStatus.NOMINATED,
        NominationStatus.RECOMMENDED,
        NominationStatus.UNDER_REVIEW,
        NominationStatus.RETURNED,
    ):
        raise ValidationError(_("当前状态不能再补充材料"))
    document = NominationDocument.objects.create(
        nomination=nomination,
        org=nomination.org,
        title=title,
        file=upload,
        original_name=getattr(upload, "name", "file")[:255],
        uploaded_by=actor,
    )
    audit.record(actor, "honours.document.upload", nomination, extra={"title": title})
    return document


# --- hooks of the union tree ---------------------------------------------------------------------

# Still in the running: active and not yet awarded.
OPEN_STATUSES = tuple(s for s in ACTIVE_STATUSES if s != NominationStatus.AWARDED)


def open_records_held(org):
    """Open nominations made by, and unfinished rounds organised in, ``org``'s subtree: they keep
    the org from being dissolved (merge moves them instead)."""
    from gonghui.core.scoping import subtree_q

    # unscoped: org lifecycle hook, runs outside any user's scope
    nominations = Nomination.unscoped.filter(subtree_q(org.path), status__in=OPEN_STATUSES).count()
    # unscoped: org lifecycle hook, runs outside any user's scope
    rounds = AwardRound.unscoped.filter(subtree_q(org.path), is_closed=False).count()
    return nominations + rounds


def move_open_records(source, target):
    """On a merge, open nominations of ``source`` (and their documents and objections) move to
    ``target``; decided ones stay with the union that made them (history)."""
    # unscoped: org lifecycle hook, runs outside any user's scope
    moving = Nomination.unscoped.filter(org=source, status__in=OPEN_STATUSES)
    ids = list(moving.values_list("id", flat=True))
    # unscoped: org lifecycle hook, runs outside any user's scope
    NominationDocument.unscoped.filter(nomination_id__in=ids).update(org=target)
    # unscoped: org lifecycle hook, runs outside any user's scope
    Objection.unscoped.filter(nomination_id__in=ids).update(org=target)
    # unscoped: org lifecycle hook, runs outside any user's scope
    moved = Nomination.unscoped.filter(id__in=ids).update(org=target)
    # Nominations waiting at a merged street's stage wait at the receiving union's instead.
    # unscoped: org lifecycle hook, runs outside any user's scope
    Nomination.unscoped.filter(street_org=source, status=NominationStatus.NOMINATED).update(
        street_org=target
    )
    # unscoped: org lifecycle hook, runs outside any user's scope
    moved += AwardRound.unscoped.filter(org=source, is_closed=False).update(org=target)
    return moved
