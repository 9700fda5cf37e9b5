"""The one source of every membership and coverage figure.

Home cards, the coverage dashboard, the members statistics page (会员统计), their exports and the
API all read an org's subtree figures through ``subtree_figures`` / ``figures_for`` here, so a
page can never show another count than its neighbour. The figures come from the kept roll-ups
(``OrgRollup``, recounted from the member and employer rows themselves) and carry their
``as_of`` time.

Freshness without the worker: a roll-up is stale when it is older than ``reports.stale_minutes``,
when a member write marked it dirty (``mark_dirty``, called by ``members.tallies.retally``
which every member write goes through), or when an employer or org changed after it. A read that finds it stale recomputes at once when the
last recompute was quick (``reports.recompute_on_read_ms``); on a large district it queues the
recompute for the worker instead and the page says plainly since when the figures are stale.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import config

from . import conf  # noqa: F401  (defines the settings read here)
from .models import OrgRollup, RollupState

# 入会率 / 建会率 denominators: key -> (short label, how the rate is made)
MEMBERSHIP_DENOMINATORS = {
    "all": (_("全部单位职工"), _("会员数 ÷ 辖区全部单位职工人数")),
    "unionised": (_("已建会单位职工"), _("会员数 ÷ 已建工会单位的职工人数")),
}
UNIONISATION_DENOMINATORS = {
    "all": (_("全部单位"), _("已建会单位 ÷ 辖区全部单位")),
    "large": (
        _("规模以上单位"),
        _("已建会的规模以上单位 ÷ 规模以上单位（职工人数下限见规则设置）"),
    ),
}


def percent(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Figures:
    """An org's subtree figures as of ``as_of`` (None when nothing has been computed yet)."""

    org: object
    rollup: OrgRollup | None
    membership_denominator: str = "all"
    unionisation_denominator: str = "all"
    state: "Freshness | None" = field(default=None, repr=False)

    def _get(self, name):
        return getattr(self.rollup, name, 0) if self.rollup else 0

    def _map(self, name):
        return getattr(self.rollup, name, None) or {} if self.rollup else {}

    @property
    def as_of(self):
        return self.rollup.computed_at if self.rollup else None

    @property
    def members(self):
        """Members keeping membership (在会, 退休保留, 失业保留): the one 会员 count."""
        return self._get("members")

    @property
    def by_status(self):
        return self._map("by_status")

    @property
    def by_form(self):
        return self._map("by_form")

    @property
    def by_gender(self):
        return self._map("by_gender")

    @property
    def by_age(self):
        return self._map("by_age")

    @property
    def workers(self):
        return self._get(
            "workers" if self.membership_denominator == "all" else "workers_in_unionised"
        )

    @property
    def membership_rate(self):
        return percent(self.members, self.workers)

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
    def overdue_terms(self):
        return self._get("overdue_terms")

    @property
    def new_form_this_quarter(self):
        start = quarter_start()
        return sum(n for month, n in self._map("new_form_joins_by_month").items() if month >= start)


@dataclass
class Freshness:
    """Whether the kept figures are current; ``stale_since`` says from when they are not."""

    computed_at: datetime.datetime | None
    stale_since: datetime.datetime | None
    recomputing: bool


def quarter_start(today=None):
    today = today or datetime.date.today()
    month = 3 * ((today.month - 1) // 3) + 1
    return f"{today.year}-{month:02d}"


def _state():
    return RollupState.objects.filter(pk=1).first()


def _stale_since(state, now):
    """When the kept figures stopped being current, or None while they are."""
    if state is None or state.computed_at is None:
        return now
    if state.dirty_since is not None:
        return state.dirty_since
    limit = state.computed_at + datetime.timedelta(minutes=config.get("reports.stale_minutes"))
    if now > limit:
        return limit
    return _tree_changed_since(state.computed_at)


def _tree_changed_since(moment):
    """The last change to an employer or an org after ``moment`` (their ``updated_at``), else
    None: employers' headcounts and unions founded or dissolved change the rates at once."""
    from gonghui.orgs.models import Employer, Org

    changes = [
        Employer.unscoped.aggregate(at=Max("updated_at"))["at"],
        Org.objects.aggregate(at=Max("updated_at"))["at"],
    ]
    later = [at for at in changes if at is not None and at > moment]
    return min(later) if later else None


def ensure_fresh():
    """Recompute now when stale and quick, else queue the worker. Returns a ``Freshness``."""
    from . import services, tasks

    now = timezone.now()
    state = _state()
    since = _stale_since(state, now)
    if since is None:
        return Freshness(state.computed_at, None, False)
    quick = state is None or state.duration_ms <= config.get("reports.recompute_on_read_ms")
    if quick:
        services.recompute_all(unless_computed_after=now)
        return Freshness(_state().computed_at, None, False)
    tasks.refresh_stats.enqueue()
    return Freshness(state.computed_at, since, True)


def figures_for(orgs, membership_denominator="all", unionisation_denominator="all", state=None):
    """Figures for each of ``orgs`` (one query for all of them)."""
    # joins_by_month (hundreds of months an org) is not read here: decoding it for every child
    # doubled the time of a wide org.
    rollups = {r.org_id: r for r in OrgRollup.unscoped.filter(org__in=orgs).defer("joins_by_month")}
    return [
        Figures(org, rollups.get(org.id), membership_denominator, unionisation_denominator, state)
        for org in orgs
    ]


def subtree_figures(org, membership_denominator="all", unionisation_denominator="all"):
    """``org``'s subtree figures, made fresh first (see the module docstring)."""
    state = ensure_fresh()
    return figures_for([org], membership_denominator, unionisation_denominator, state)[0]


def mark_dirty():
    """Note that members changed: the next read recomputes (or says the figures are stale)."""
    RollupState.objects.filter(pk=1, dirty_since__isnull=True).update(dirty_since=timezone.now())


def tallies_changed(sender, **kwargs):
    """Receiver of ``members.signals.tallies_changed`` (connected in ``ReportsConfig.ready``)."""
    mark_dirty()
