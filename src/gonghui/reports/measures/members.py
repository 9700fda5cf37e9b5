"""Measures of members: membership at the year end (reconstructed in ``_common``) and members who
joined."""

from django.db.models import Exists, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.masking import mask_name
from gonghui.core.scoping import subtree_q
from gonghui.members.models import KEEPS_MEMBERSHIP, Member

from ._common import YOUNG_AGE, _changed_after, _date, _org_name, _reconstructed, measure


def members_at_end_source(span):
    """Members keeping membership (在会、退休保留、失业保留) in the subtree at the year end, as two
    disjoint parts: those unchanged since (the roster as it is: one pass over the subtree with
    an anti-join on later changes) and those changed since (their status and union then)."""
    here = subtree_q(span.path, "org_path")
    unchanged = Member.objects.filter(
        here, join_date__lte=span.end, status__in=KEEPS_MEMBERSHIP
    ).filter(~Exists(_changed_after(span)))
    if span.members_left:
        here |= Q(pk__in=span.members_left)
    changed = (
        _reconstructed(
            Member.objects.filter(here, join_date__lte=span.end).filter(
                Exists(_changed_after(span))
            ),
            span,
        )
        .filter(status_then__in=KEEPS_MEMBERSHIP)
        .filter(subtree_q(span.path, "path_then"))
    )
    order = ("org_path", "id")
    return (
        unchanged.select_related("org").order_by(*order),
        changed.select_related("org").order_by(*order),
    )


MEMBER_COLUMNS = [
    (_("姓名"), lambda m: mask_name(m.name)),
    (_("工会"), _org_name),
    (_("入会日期"), _date("join_date")),
]


@measure(
    "members",
    _("会员"),
    _("人"),
    source=members_at_end_source,
    params=("gender", "form", "young"),
    columns=MEMBER_COLUMNS,
    definition=_(
        "年末保留会籍（在会、退休保留、失业保留）且入会日期不晚于年末的会员；"
        "年末的会籍状态和所在工会按会籍变动记录还原"
    ),
)
def members(span, gender=None, form=None, young=None):
    q = Q()
    if gender:
        q &= Q(gender=gender)
    if form:
        q &= Q(employment_form=form)
    if young == "1":
        q &= Q(birth_date__gt=span.end.replace(year=span.end.year - YOUNG_AGE - 1))
    return q


def joined_source(span):
    return (
        Member.objects.filter(
            subtree_q(span.path, "org_path"), join_date__range=(span.start, span.end)
        )
        .select_related("org")
        .order_by("org_path", "id")
    )


@measure(
    "members_joined",
    _("本年新入会"),
    _("人"),
    source=joined_source,
    params=("form",),
    columns=MEMBER_COLUMNS,
    definition=_("入会日期在本年内的会员"),
)
def members_joined(span, form=None):
    return Q(employment_form=form) if form else Q()
