"""Reads of the kept statistics for the active scope."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from gonghui.core import config
from gonghui.orgs.models import Org

from .models import OrgRollup

MEMBERSHIP_DENOMINATORS = {
    "all": ("全部单位职工", "在会会员 ÷ 辖区全部单位职工人数"),
    "unionised": ("已建会单位职工", "在会会员 ÷ 已建工会单位的职工人数"),
}
UNIONISATION_DENOMINATORS = {
    "all": ("全部单位", "已建会单位 ÷ 辖区全部单位"),
    "large": ("规模以上单位", "已建会的规模以上单位 ÷ 规模以上单位（职工人数下限见规则设置）"),
}


def percent(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Figures:
    org: Org
    rollup: OrgRollup | None
    membership_denominator: str
    unionisation_denominator: str

    def _get(self, name):
        return getattr(self.rollup, name, 0) if self.rollup else 0

    @property
    def active_members(self):
        return self.rollup.by_status.get("active", 0) if self.rollup else 0

    @property
    def workers(self):
        return self._get(
            "workers" if self.membership_denominator == "all" else "workers_in_unionised"
        )

    @property
    def membership_rate(self):
        return percent(self.active_members, self.workers)

    @property
    def employers(self):
        return self._get(
            "employers" if self.unionisation_denominator == "all" else "large_employers"
        )

    @property
    def unionised(self):
        name = (
            "unionised_employers"
            if self.unionisation_denominator == "all"
            else "unionised_large_employers"
        )
        return self._get(name)

    @property
    def unionisation_rate(self):
        return percent(self.unionised, self.employers)

    @property
    def new_form_this_quarter(self):
        if not self.rollup:
            return 0
        start = quarter_start()
        return sum(n for month, n in self.rollup.new_form_joins_by_month.items() if month >= start)


def quarter_start(today=None):
    today = today or datetime.date.today()
    month = 3 * ((today.month - 1) // 3) + 1
    return f"{today.year}-{month:02d}"


def figures_for(orgs, membership_denominator, unionisation_denominator):
    # joins_by_month (hundreds of months an org) is kept for the statistics pages' own
    # queries, not read here: decoding it for every child doubled the time of a wide org.
    rollups = {
        r.org_id: r for r in OrgRollup.unscoped.filter(org__in=orgs).defer("joins_by_month")
    }
    return [
        Figures(org, rollups.get(org.id), membership_denominator, unionisation_denominator)
        for org in orgs
    ]


def is_stale(rollup):
    if rollup is None:
        return True
    age = timezone.now() - rollup.computed_at
    return age > datetime.timedelta(minutes=config.get("reports.stale_minutes"))
