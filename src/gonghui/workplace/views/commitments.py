"""Joint commitments: period, checks, outcome."""

import datetime
from functools import partial

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view

from .. import exporters, forms, policy, selectors, services
from ..models import (
    CommitmentStatus,
    CommitmentTarget,
    JointCommitment,
)
from ._common import _for_role, _form_page, _object_action, _page, _scope_org, _today_initial

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
        request, form, title=_("新增共同约定行动"), back=reverse("workplace:commitments"),
        service=services.create_commitment,
        then=lambda jc: reverse("workplace:commitment", args=[jc.pk]),
    )  # fmt: skip


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


_commitment_action = partial(
    _object_action,
    "workplace.change_commitment",
    COMMITMENT,
    "commitment",
    "workplace:commitment",
)
commitment_target = _commitment_action(
    forms.TargetForm, gettext_lazy("添加约定目标"), services.add_target
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
        service=services.record_target_progress,
        args={"target": target},
    )


commitment_check = _commitment_action(
    forms.CheckForm,
    gettext_lazy("记录履约检查"),
    services.record_check,
    initial=_today_initial("checked_on"),
)
commitment_close = _commitment_action(
    forms.CloseCommitmentForm,
    gettext_lazy("评估履行结果"),
    services.close_commitment,
    initial=_today_initial("closed_on"),
)
