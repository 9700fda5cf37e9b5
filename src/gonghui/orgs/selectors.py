"""Scoped reads of the union tree."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.scoping import current_scope

from .models import Employer, Official, Org, OrgStatus, Position, Term

config.define(
    "orgs.term_warning_days",
    90,
    gettext_lazy("换届提醒提前天数"),
    gettext_lazy("任期届满前多少天开始提醒换届"),
)
config.define(
    "orgs.committee_min_members",
    25,
    gettext_lazy("设立委员会的最少会员数"),
    gettext_lazy("会员不足此数的单位可只选举组织员（工会法第十一条）"),
)


def visible_orgs():
    return Org.objects.visible()


def root_org():
    return Org.objects.get(path=current_scope().org_path)


def children_of(org):
    return (
        Org.objects.visible()
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("status", "path")
    )


def search_orgs(query):
    """Orgs in scope whose name, short name or code matches (unsliced: callers page it)."""
    query = query.strip()
    qs = Org.objects.visible()
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(code__iexact=query) | Q(short_name__icontains=query)
        )
    return qs.order_by("depth", "path")


def term_alerts(today=None):
    """(expiring, overdue) current terms in scope: ending within the warning window, or past."""
    today = today or datetime.date.today()
    warn_days = config.get("orgs.term_warning_days")
    terms = Term.objects.filter(is_current=True, org__status=OrgStatus.ACTIVE).select_related("org")
    expiring = terms.filter(
        end_date__gte=today, end_date__lte=today + datetime.timedelta(days=warn_days)
    )
    overdue = terms.filter(end_date__lt=today)
    return expiring.order_by("end_date"), overdue.order_by("end_date")


# Callables ``terms -> {org_id: (label, url)}``: where each union's term change stands (the
# organising app's 换届 process registers one); the overdue list links to that step.
TERM_STEP_PROVIDERS: list = []


def register_term_step(provider):
    if provider not in TERM_STEP_PROVIDERS:
        TERM_STEP_PROVIDERS.append(provider)


def term_steps(terms):
    """``{org_id: (label, url)}`` of the term-change step each term's union is at."""
    steps = {}
    for provider in TERM_STEP_PROVIDERS:
        steps.update(provider(terms))
    return steps


def grassroots_without_term():
    from .models import GRASSROOTS_KINDS

    return (
        Org.objects.visible()
        .filter(kind__in=GRASSROOTS_KINDS, status=OrgStatus.ACTIVE)
        .exclude(terms__is_current=True)
    )


def org_counts(org):
    """Headline counts for an org page (its whole subtree)."""
    sub = Org.objects.in_subtree(org.path)
    by_status = dict(sub.values_list("status").annotate(n=Count("id")))
    return {
        "orgs": sum(by_status.values()) - 1,
        "active_orgs": by_status.get(OrgStatus.ACTIVE, 0),
        "employers": Employer.objects.in_subtree(org.path).count(),
        "headcount": sum(Employer.objects.in_subtree(org.path).values_list("headcount", flat=True)),
    }


def employers_in_scope():
    return Employer.objects.select_related("org")


def serving_officials(org):
    """The union's serving officials (current term, not left) by rank: chair, vice-chairs,
    committee members ... as the members' pages list them (ordering by the position's code put
    委员 before 副主席)."""
    rank = [p.value for p in Position]
    officials = Official.unscoped.filter(
        org=org, end_date__isnull=True, term__is_current=True
    )  # unscoped: a union's officials, shown to its own members (who act as themselves, not in a scope)
    return sorted(officials, key=lambda o: (rank.index(o.position), o.pk))
