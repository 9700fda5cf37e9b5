"""Joint commitments: period, checks, outcome."""

import datetime

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view

from .. import exporters, forms, policy, selectors, services
from ..models import (
    CommitmentStatus,
    CommitmentTarget,
    JointCommitment,
)
from ._common import _for_role, _form_page, _page, _scope_org

# --- Joint commitments ------------------------------------------------------------------------


COMMITMENT = Lookup(
    lambda: _for_role(JointCommitment.objects.select_related("employer", "org")), name="jc"
)
TARGET = Lookup(lambda: CommitmentTarget.objects.select_related("commitment"), name="target")


@scoped_view("workplace.view_commitment")
def commitment_list(request):
    f = {"q": request.GET.get("q", "").strip(), "status": request.GET.get("status", "")}
    qs = selectors.commitment_list(**f)
    if request.GET.get("export") == "xlsx":
        return exporters.commitments_xlsx(qs)
    totals = selectors.commitment_totals(_scope_org(request))
    return render(
        request,
        "workplace/commitment_list.html",
        {
            "page": _page(request, qs),
            "f": f,
            "statuses": CommitmentStatus.choices,
            "totals": totals,
            "today": timezone.localdate(),
        },
    )


@scoped_view("workplace.change_commitment")
def commitment_create(request):
    today = timezone.localdate()
    form = forms.CommitmentForm(
        request.POST or None,
        initial={
            "signed_on": today,
            "start_date": today,
            "end_date": policy.add_months(today, 12) - datetime.timedelta(days=1),
        },
    )
    return _form_page(
        request,
        form,
        title=_("新增共同约定行动"),
        back=reverse("workplace:commitments"),
        on_valid=lambda data: reverse(
            "workplace:commitment", args=[services.create_commitment(actor=request.user, **data).pk]
        ),
    )


@scoped_view("workplace.view_commitment", lookup=COMMITMENT)
def commitment_detail(request, jc):
    return render(
        request,
        "workplace/commitment_detail.html",
        {
            "jc": jc,
            "checks": jc.checks.select_related("checked_by"),
            "targets": jc.targets.all(),
            "active": jc.is_active,
            "tracking": jc.tracking_label(
                timezone.localdate(), config.get("workplace.commitment_remind_days", jc.org)
            ),
            "days_left": jc.days_left(timezone.localdate()),
            "target_form": forms.TargetForm(),
        },
    )


@scoped_view("workplace.change_commitment", lookup=COMMITMENT)
def commitment_target(request, jc):
    back = reverse("workplace:commitment", args=[jc.pk])
    return _form_page(
        request,
        forms.TargetForm(request.POST or None),
        title=_("添加约定目标"),
        back=back,
        on_valid=lambda data: (
            services.add_target(actor=request.user, commitment=jc, **data),
            back,
        )[1],
    )


@scoped_view("workplace.change_commitment", lookup=TARGET)
def target_progress(request, target):
    back = reverse("workplace:commitment", args=[target.commitment_id])
    return _form_page(
        request,
        forms.TargetProgressForm(
            request.POST or None, initial={"actual_value": target.actual_value}
        ),
        title=_("更新目标完成值：%(name)s") % {"name": target.name},
        back=back,
        on_valid=lambda data: (
            services.record_target_progress(actor=request.user, target=target, **data),
            back,
        )[1],
    )


@scoped_view("workplace.change_commitment", lookup=COMMITMENT)
def commitment_check(request, jc):
    back = reverse("workplace:commitment", args=[jc.pk])
    form = forms.CheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        title=_("记录履约检查"),
        back=back,
        on_valid=lambda data: (
            services.record_check(actor=request.user, commitment=jc, **data),
            back,
        )[1],
    )


@scoped_view("workplace.change_commitment", lookup=COMMITMENT)
def commitment_close(request, jc):
    back = reverse("workplace:commitment", args=[jc.pk])
    form = forms.CloseCommitmentForm(
        request.POST or None, initial={"closed_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form,
        title=_("评估履行结果"),
        back=back,
        on_valid=lambda data: (
            services.close_commitment(actor=request.user, commitment=jc, **data),
            back,
        )[1],
    )
