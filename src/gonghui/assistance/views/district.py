"""District tables: the 低保 standards and spot checks."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.forms import call_service
from gonghui.core.scoping import require_perm
from gonghui.orgs.models import Org

from .. import forms, services
from ..models import (
    DibaoStandard,
    Entitlement,
    HardshipFile,
    SpotCheck,
)

# --- district tables -------------------------------------------------------------------------


@scoped_view("assistance.view_file")
def dibao_list(request):
    form = forms.DibaoForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require_perm("assistance.manage_dibao")
        if form.is_valid():
            data = form.cleaned_data
            org = Org.objects.visible().filter(code=data["org_code"].strip()).first()
            if org is None:
                form.add_error("org_code", _("找不到该组织代码（或不在您的管理范围内）"))
            else:
                _result, ok = call_service(
                    form,
                    services.set_dibao,
                    actor=request.user,
                    org=org,
                    year=data["year"],
                    monthly_amount=data["monthly_amount"],
                    note=data["note"],
                )
                if ok:
                    messages.success(request, _("已保存低保标准"))
                    return redirect("assistance:dibao")
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
        if form.is_valid():
            org = request.scope.org
            _result, ok = call_service(
                form,
                services.draw_spot_check,
                actor=request.user,
                org=org,
                year=form.cleaned_data["year"],
            )
            if ok:
                messages.success(request, _("已抽取并记录抽查样本"))
                return redirect("assistance:spot_checks")
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
