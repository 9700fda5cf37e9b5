"""Writes of congresses, constituencies and delegates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config

from .. import conf
from ..models import (
    Congress,
    Constituency,
    Delegate,
    DelegateStatus,
)
from ._common import MANAGE, _fraction, _require

# --- congresses and delegates ------------------------------------------------------------------


@transaction.atomic
def create_congress(
    *,
    actor,
    org,
    kind,
    name,
    term_start,
    seats,
    term_years=5,
    term_number=1,
    employer=None,
    workforce_women_percent=0,
):
    """Set up a congress; its rule numbers are copied from the district settings in force."""
    _require(MANAGE, org)
    if not 3 <= term_years <= 5:
        raise ValidationError({"term_years": _("任期为 3 至 5 年")})
    if employer is not None and employer.org_id != org.id:
        raise ValidationError({"employer": _("单位须属于本工会")})
    quorum = _fraction(config.get(conf.QUORUM.key, org=org))
    congress = Congress.objects.create(
        org=org,
        employer=employer,
        kind=kind,
        name=name,
        term_start=term_start,
        seats=seats,
        term_years=term_years,
        term_number=term_number,
        workforce_women_percent=workforce_women_percent,
        quorum_num=quorum.numerator,
        quorum_den=quorum.denominator,
        pass_op=_choice(config.get(conf.PASS_OP.key, org=org), ("gt", "ge"), "gt"),
        pass_base=_choice(config.get(conf.PASS_BASE.key, org=org), ("all", "present"), "all"),
        election_base=_choice(config.get(conf.ELECTION_BASE.key, org=org), ("cast", "all"), "cast"),
        election_margin=config.get(conf.ELECTION_MARGIN.key, org=org),
        cosigners_min=config.get(conf.COSIGNERS_MIN.key, org=org),
        blank_ballot=_choice(
            config.get(conf.BLANK_BALLOT.key, org=org), ("valid", "invalid"), "valid"
        ),
        tally_rule=_choice(config.get(conf.TALLY_RULE.key, org=org), ("exact", "at_most"), "exact"),
    )
    audit.record(actor, "assemblies.congress.create", congress, changes=audit.snapshot(congress))
    return congress


def _choice(value, allowed, default):
    return value if value in allowed else default


@transaction.atomic
def add_constituency(*, actor, congress, name, seats=1):
    _require(MANAGE, congress.org)
    if Constituency.objects.filter(congress=congress, name=name).exists():
        raise ValidationError({"name": _("该选区已存在")})
    item = Constituency.objects.create(org=congress.org, congress=congress, name=name, seats=seats)
    audit.record(actor, "assemblies.constituency.create", item)
    return item


def constituency_named(*, actor, congress, name):
    """The congress's constituency called ``name``, added if it is new; ``None`` for a blank
    name (a delegate without a constituency)."""
    name = (name or "").strip()
    if not name:
        return None
    found = Constituency.objects.filter(congress=congress, name=name).first()
    return found or add_constituency(actor=actor, congress=congress, name=name)


@transaction.atomic
def add_delegate(
    *,
    actor,
    congress,
    member,
    constituency=None,
    is_manager=False,
    is_frontline=False,
    is_woman=None,
    is_observer=False,
    in_presidium=False,
    elected_on=None,
    election_record="",
    replaces=None,
):
    """Register an elected delegate (or an observer, who has no vote)."""
    _require(MANAGE, congress.org)
    if not member.org.path.startswith(congress.org.path):
        raise ValidationError({"member": _("代表须为本工会（含下级）的会员")})
    if Delegate.objects.filter(
        congress=congress, member=member, status=DelegateStatus.ACTIVE
    ).exists():
        raise ValidationError({"member": _("该会员已是本届代表")})
    voting = congress.delegates.filter(status=DelegateStatus.ACTIVE, is_observer=False).count()
    if not is_observer and replaces is None and voting >= congress.seats:
        raise ValidationError(
            {"member": _("代表名额已满（{seats} 名）").format(seats=congress.seats)}
        )
    if constituency is not None and constituency.congress_id != congress.id:
        raise ValidationError({"constituency": _("选区不属于本届大会")})
    delegate = Delegate.objects.create(
        org=congress.org,
        congress=congress,
        member=member,
        constituency=constituency,
        is_manager=is_manager,
        is_frontline=is_frontline,
        is_woman=(member.gender == "F") if is_woman is None else is_woman,
        is_observer=is_observer,
        in_presidium=in_presidium,
        elected_on=elected_on,
        election_record=election_record,
        replaces=replaces,
    )
    audit.record(actor, "assemblies.delegate.add", delegate, changes=audit.snapshot(delegate))
    return delegate


@transaction.atomic
def end_delegate(*, actor, delegate, status, reason, on_date=None, successor=None, **flags):
    """Recall a delegate, or replace them with ``successor`` (a member), keeping the history."""
    _require(MANAGE, delegate.org)
    if delegate.status != DelegateStatus.ACTIVE:
        raise ValidationError(_("该代表已不在任"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写原因")})
    if status not in (DelegateStatus.RECALLED, DelegateStatus.REPLACED, DelegateStatus.LEFT):
        raise ValidationError(_("状态不正确"))
    delegate.status = status
    delegate.ended_on = on_date or timezone.localdate()
    delegate.end_reason = reason
    delegate.save()
    audit.record(actor, f"assemblies.delegate.{status}", delegate, extra={"reason": reason})
    if successor is not None:
        return add_delegate(
            actor=actor,
            congress=delegate.congress,
            member=successor,
            constituency=delegate.constituency,
            replaces=delegate,
            elected_on=on_date,
            **flags,
        )
    return delegate
