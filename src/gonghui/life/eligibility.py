"""Who may take part in an activity or a course: the organiser's reach (its subtree or its own
union, narrowed to a chosen union or subtree) and the member filters (sex, age band, employment
form). ``reasons_not_eligible`` says why in Chinese, for the member's page and the refusal;
``reach_q`` / ``filters_q`` give the same decision as a query over activities or courses."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.scoping import subtree_q
from gonghui.core.text.punctuation import joined
from gonghui.members.models import EmploymentForm, Gender

from .enums import AgeBand, Eligibility
from .members import org_and_ancestor_paths

# age band -> (lowest age, highest age) inclusive; None is open.
AGE_LIMITS = {
    AgeBand.UNDER_35: (None, 34),
    AgeBand.FROM_35_TO_50: (35, 50),
    AgeBand.OVER_50: (51, None),
}


def age_on(birth_date, day):
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def band_of(age):
    return next(
        (band for band, (low, high) in AGE_LIMITS.items()
         if (low is None or age >= low) and (high is None or age <= high)),
        AgeBand.ANY,
    )  # fmt: skip


def in_reach(target, member):
    """The organisational reach alone (the union or subtree)."""
    base = target.target_org or target.org
    if target.eligibility == Eligibility.UNION:
        return member.org_id == base.pk
    return member.org_path.startswith(base.path)


def reasons_not_eligible(target, member, *, today=None):
    """Chinese sentences, one per condition the member does not meet (empty: eligible)."""
    today = today or timezone.localdate()
    reasons = []
    base = target.target_org or target.org
    if not in_reach(target, member):
        if target.eligibility == Eligibility.UNION:
            reasons.append(_("仅限{name}的会员报名").format(name=base.name))
        else:
            reasons.append(_("仅限{name}及其下属工会的会员报名").format(name=base.name))
    if target.filter_gender and member.gender != target.filter_gender:
        reasons.append(_("仅限{label}职工报名").format(label=Gender(target.filter_gender).label))
    if target.filter_age:
        age = age_on(member.birth_date, today)
        if band_of(age) != target.filter_age:
            reasons.append(
                _("仅限{label}的会员报名，您今年{age}岁").format(
                    label=AgeBand(target.filter_age).label, age=age
                )
            )
    codes = target.employment_codes
    if codes and member.employment_form not in codes:
        names = joined(EmploymentForm(c).label for c in codes if c in EmploymentForm.values)
        reasons.append(_("仅限用工形式为{names}的会员报名").format(names=names))
    return reasons


def reach_q(member):
    """Activities or courses whose reach includes the member."""
    paths = org_and_ancestor_paths(member.org_path)
    subtree = Q(eligibility=Eligibility.SUBTREE) & (
        Q(target_org__isnull=True, org__path__in=paths)
        | Q(target_org__path__in=paths, org__path__in=paths)
    )
    union = Q(eligibility=Eligibility.UNION) & (
        Q(target_org__isnull=True, org_id=member.org_id) | Q(target_org_id=member.org_id)
    )
    return subtree | union


def filters_q(member, *, today=None):
    """Activities or courses whose member filters the member meets."""
    today = today or timezone.localdate()
    band = band_of(age_on(member.birth_date, today))
    return (
        Q(filter_gender="") | Q(filter_gender=member.gender)
    ) & (Q(filter_age="") | Q(filter_age=band)) & (
        Q(filter_employment="") | Q(filter_employment__contains=f",{member.employment_form},")
    )  # fmt: skip


def members_q(target, *, today=None, prefix=""):
    """Members (a ``Member`` query) the target is open to: reach and filters, for the
    participation rates' denominators. ``prefix`` for a related lookup."""
    today = today or timezone.localdate()
    base = target.target_org or target.org
    if target.eligibility == Eligibility.UNION:
        q = Q(**{f"{prefix}org_id": base.pk})
    else:
        q = subtree_q(base.path, f"{prefix}org_path")
    if target.filter_gender:
        q &= Q(**{f"{prefix}gender": target.filter_gender})
    if target.filter_age in AGE_LIMITS:
        low, high = AGE_LIMITS[target.filter_age]
        # born after (today - (high+1) years) and on or before (today - low years)
        if high is not None:
            q &= Q(**{f"{prefix}birth_date__gt": _years_before(today, high + 1)})
        if low is not None:
            q &= Q(**{f"{prefix}birth_date__lte": _years_before(today, low)})
    if target.employment_codes:
        q &= Q(**{f"{prefix}employment_form__in": target.employment_codes})
    return q


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def describe(target):
    """The conditions in one Chinese line for the pages (empty when there are none)."""
    parts = []
    if target.target_org_id:
        parts.append(str(target.target_org.name))
    if target.filter_gender:
        parts.append(str(Gender(target.filter_gender).label))
    if target.filter_age:
        parts.append(str(AgeBand(target.filter_age).label))
    codes = [str(EmploymentForm(c).label) for c in target.employment_codes
             if c in EmploymentForm.values]  # fmt: skip
    if codes:
        parts.append(joined(codes))
    return " · ".join(parts)
