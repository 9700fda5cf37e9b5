"""API of the reports: an org's subtree figures (the same source as every page)."""

import datetime

from ninja import Field, Router, Schema

from gonghui.core.scoping import get_scoped_or_404, require_perm
from gonghui.orgs.models import Org

from . import figures

router = Router()


class FiguresOut(Schema):
    org_code: str
    members: int = Field(description="会员（在会、退休保留、失业保留）")
    by_status: dict[str, int]
    by_employment_form: dict[str, int]
    by_gender: dict[str, int]
    employers: int
    unionised_employers: int
    workers: int
    membership_rate: str | None = Field(description="入会率（%，全部单位职工口径）")
    unionisation_rate: str | None = Field(description="建会率（%，全部单位口径）")
    as_of: datetime.datetime | None = Field(description="统计数据截至的时间")
    stale_since: datetime.datetime | None = Field(description="数据过期的起始时间（未过期为空）")


@router.get("/figures/", response=FiguresOut, summary="组织统计数字（含下级）", url_name="figures")
def org_figures(request, org: str = ""):
    require_perm("reports.view_dashboard")
    code = org or Org.objects.get(path=request.scope.org_path).code
    target = get_scoped_or_404(Org.objects.visible(), "reports.view_dashboard", code=code)
    f = figures.subtree_figures(target)
    return {
        "org_code": target.code,
        "members": f.members,
        "by_status": f.by_status,
        "by_employment_form": f.by_form,
        "by_gender": f.by_gender,
        "employers": f.employers,
        "unionised_employers": f.unionised,
        "workers": f.workers,
        "membership_rate": None if f.membership_rate is None else str(f.membership_rate),
        "unionisation_rate": None if f.unionisation_rate is None else str(f.unionisation_rate),
        "as_of": f.as_of,
        "stale_since": f.state.stale_since if f.state else None,
    }
