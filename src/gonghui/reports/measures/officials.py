"""Measures of union officials (工会干部): full-time and part-time, by sex."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import subtree_q
from gonghui.orgs.models import Official

from ._common import _org_name, measure

# --- officials -----------------------------------------------------------------------------------


def officials_source(span):
    return (
        Official.objects.filter(subtree_q(span.path, "org__path"), start_date__lte=span.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=span.end))
        .select_related("org")
        .order_by("org__path", "id")
    )


@measure(
    "officials",
    _("工会干部"),
    _("人"),
    source=officials_source,
    params=("full_time", "gender"),
    columns=[
        (_("姓名"), lambda o: o.name),
        (_("工会"), _org_name),
        (_("职务"), lambda o: o.get_position_display()),
        (_("专职"), lambda o: _("专职") if o.is_full_time else _("兼职")),
    ],
    definition=_("年末在任的工会委员会成员"),
)
def officials(span, full_time=None, gender=None):
    q = Q()
    if full_time in ("0", "1"):
        q &= Q(is_full_time=full_time == "1")
    if gender:
        q &= Q(gender=gender)
    return q
