"""Members' dues: the union's rate, the monthly roll generated from the roster, payments."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.members.models import KEEPS_MEMBERSHIP, Member
from gonghui.orgs.models import GRASSROOTS_KINDS

from ..enums import DuesMethod, DuesStatus, EntryKind, FundKind
from ..models import DuesBase, DuesLine, DuesRate, DuesRoll, Memo
from .ledger import Chains, EntrySpec, Rules, post_entries, share_lines

CENT = Decimal("0.01")


def rate_for(org, wage, on):
    """The dues rate (%) of ``org`` on ``on`` for ``wage``: the first band the wage falls in,
    else the union's rate, else the district's default."""
    # Unscoped: the rate of a union the caller checked to be in scope.
    rate = DuesRate.unscoped.filter(org=org, valid_from__lte=on).order_by("-valid_from").first()
    if rate is None:
        return Decimal(config.get("funds.dues_rate_pct"))
    for up_to, pct in rate.bands or []:
        if wage <= Decimal(str(up_to)):
            return Decimal(str(pct))
    return rate.rate_pct


def parse_bands(text):
    """``"3000 0.3\\n5000 0.4"`` -> ``[["3000", "0.3"], ["5000", "0.4"]]`` (ascending)."""
    bands = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        if not raw.strip():
            continue
        parts = raw.replace("，", " ").replace(",", " ").split()
        try:
            up_to, pct = Decimal(parts[0]), Decimal(parts[1])
        except (IndexError, ArithmeticError, ValueError):
            raise ValidationError(
                {"bands": _("第 %(n)s 行应写成“工资上限 比例”，如 3000 0.3") % {"n": number}}
            ) from None
        if not (up_to.is_finite() and pct.is_finite()) or up_to <= 0 or not 0 <= pct <= 5:
            raise ValidationError(
                {"bands": _("第 %(n)s 行：上限须大于 0，比例在 0 到 5 之间") % {"n": number}}
            )
        if bands and up_to <= Decimal(bands[-1][0]):
            raise ValidationError({"bands": _("分档须按工资上限从低到高排列")})
        bands.append([str(up_to), str(pct)])
    return bands


@transaction.atomic
def set_dues_rate(*, actor, org, rate_pct, bands_text="", valid_from):
    """A new version of ``org``'s dues rate. Effects: the rate row; an audit event."""
    require_perm("funds.manage_dues")
    _own_union(org)
    if rate_pct is None or not 0 <= rate_pct <= 5:
        raise ValidationError({"rate_pct": _("会费比例须在 0 到 5 之间")})
    bands = parse_bands(bands_text)
    # Unscoped: a union the caller checked to be in scope.
    rate, _created = DuesRate.unscoped.update_or_create(
        org=org, valid_from=valid_from,
        defaults={"rate_pct": rate_pct, "bands": bands, "created_by": actor},
    )  # fmt: skip
    audit.record(actor, "funds.dues_rate.set", org, extra={"rate": str(rate_pct), "bands": bands})
    return rate


def _own_union(org):
    if not org_in_scope(org):
        raise ValidationError(_("该工会不在您的管理范围内"))
    if org.kind not in GRASSROOTS_KINDS:
        raise ValidationError(_("会费按基层工会管理"))


@transaction.atomic
def set_dues_base(*, actor, member, wage, method=DuesMethod.PAYROLL):
    """Record a member's declared monthly wage (the dues base). Effects: the base; audit."""
    require_perm("funds.manage_dues")
    if not org_in_scope(member.org):
        raise ValidationError(_("该会员不在您的管理范围内"))
    if wage is None or wage < 0:
        raise ValidationError({"wage": _("工资基数不能为负数")})
    # Unscoped: a member the caller checked to be in scope.
    base, _c = DuesBase.unscoped.update_or_create(
        member=member, defaults={"wage": wage, "method": method}
    )
    audit.record(actor, "funds.dues_base.set", member)  # the wage itself stays out of the log
    return base


@transaction.atomic
def generate_roll(*, actor, org, month):
    """The dues roll of ``org`` for ``month`` from its roster: one line per member keeping
    membership, amount = wage base × rate. Generating again adds members who joined since and
    changes nothing else. Effects: the roll and its lines; an audit event."""
    require_perm("funds.manage_dues")
    _own_union(org)
    month = month.replace(day=1)
    # Unscoped: a union the caller checked to be in scope.
    roll, _created = DuesRoll.unscoped.get_or_create(
        org=org, month=month, defaults={"created_by": actor}
    )
    # Unscoped: the lines of the roll just read.
    have = set(DuesLine.unscoped.filter(roll=roll).values_list("member_id", flat=True))
    members = (
        # Unscoped: the roster of a union in scope, by its path.
        Member.unscoped.filter(org_path__startswith=org.path, status__in=KEEPS_MEMBERSHIP)
        .exclude(pk__in=have)
        .select_related("dues_base")
    )
    lines = []
    for m in members:
        base = getattr(m, "dues_base", None)
        wage = base.wage if base else Decimal(0)
        pct = rate_for(org, wage, month)
        lines.append(DuesLine(
            roll=roll, org=org, member=m, wage=wage, rate_pct=pct,
            amount=(wage * pct / 100).quantize(CENT, ROUND_HALF_UP),
            method=base.method if base else DuesMethod.PAYROLL,
            status=DuesStatus.DUE if base and wage else DuesStatus.EXEMPT,
        ))  # fmt: skip
    DuesLine.unscoped.bulk_create(lines, batch_size=2000)
    audit.record(actor, "funds.dues_roll.generate", roll, extra={"added": len(lines)})
    return roll, len(lines)


@transaction.atomic
def mark_dues_paid(*, actor, lines, paid_on=None):
    """Mark due ``lines`` paid and share the money (dues sharing rule) on the ledger, each line
    once (its idempotency key). Lines already paid are left alone. Returns the number paid."""
    require_perm("funds.manage_dues")
    paid_on = paid_on or timezone.localdate()
    ids = [line.pk for line in lines]
    due = list(
        DuesLine.objects.select_for_update().filter(pk__in=ids, status=DuesStatus.DUE)
        .select_related("org", "member", "roll").order_by("pk")
    )  # fmt: skip
    chains, rules, specs = Chains(), Rules(), []
    for line in due:
        line.status, line.paid_on = DuesStatus.PAID, paid_on
        if line.amount:
            specs.append(EntrySpec(
                org_id=line.org_id, kind=EntryKind.DUES, occurred_on=paid_on,
                memo=Memo.text(Memo.DUES, {"month": f"{line.roll.month:%Y-%m}"}), key=f"dues:{line.pk}",
                memo_code=Memo.DUES, memo_args={"month": f"{line.roll.month:%Y-%m}"},
                lines=share_lines(line.amount, FundKind.DUES, chains.levels(line.org),
                                  rules.shares(FundKind.DUES, paid_on)),
            ))  # fmt: skip
    post_entries(actor, specs)
    # Unscoped: the lines locked through the scoped manager above.
    DuesLine.unscoped.bulk_update(due, ["status", "paid_on"])
    if due:
        audit.record(actor, "funds.dues.paid", due[0].roll, extra={"lines": len(due)})
    return len(due)


def month_of(text):
    try:
        year, month = (int(p) for p in text.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, AttributeError):
        return None
