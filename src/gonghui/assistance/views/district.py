"""District tables: the 低保 standards and spot checks."""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.pages import submit
from gonghui.core.scoping import require_perm

from .. import forms, services
from ..models import (
    DibaoStandard,
    Entitlement,
    HardshipFile,
    SpotCheck,
)
from ._common import with_org

# --- district tables -------------------------------------------------------------------------


@scoped_view("assistance.view_file")
def dibao_list(request):
    form = forms.DibaoForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require_perm("assistance.manage_dibao")
    done = submit(
        request,
        form,
        services.set_dibao,
        data=with_org,
        then="assistance:dibao",
        success=_("已保存低保标准"),
    )
    if done:
        return done
    rows = DibaoStandard.objects.select_related("org").order_by("-year", "org__path")[:200]
    return render(
        request,
        "assistance/dibao.html",
        {
            "rows": rows,
            "form": form,
            "can_manage": request.scope.has_perm("assistance.manage_dibao"),
        },
    )


@scoped_view("assistance.view_file")
def spot_checks(request):
    form = forms.SpotCheckForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require_perm("assistance.draw_spot_check")
    done = submit(
        request,
        form,
        services.draw_spot_check,
        org=request.scope.org,
        then="assistance:spot_checks",
        success=_("已抽取并记录抽查样本"),
    )
    if done:
        return done
    checks = list(SpotCheck.objects.select_related("org", "drawn_by").order_by("-year")[:20])
    ids = {i for c in checks for i in c.file_ids}
    by_id = HardshipFile.objects.filter(pk__in=ids).select_related("org", "applicant").in_bulk()
    warm_ids = {i for c in checks for i in c.entitlement_ids}
    warm = (
        Entitlement.objects.filter(pk__in=warm_ids)
        .select_related("org", "cycle", "file__applicant", "worker", "student")
        .in_bulk()
    )
    for check in checks:
        check.files = [by_id[i] for i in check.file_ids if i in by_id]
        check.warmth = [warm[i] for i in check.entitlement_ids if i in warm]
    return render(
        request,
        "assistance/spot_checks.html",
        {
            "checks": checks,
            "form": form,
            "can_draw": request.scope.has_perm("assistance.draw_spot_check"),
            "year": datetime.date.today().year,
        },
    )
