"""Pages for laid-off and unemployed workers: list with statistics, registration, services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.scoping import get_scoped_or_404
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from . import forms, jobless
from .models import JoblessWorker


def _worker(pk, permission="assistance.view_jobless"):
    return get_scoped_or_404(JoblessWorker.objects.select_related("org"), permission, pk=pk)


@scoped_view("assistance.view_jobless")
def worker_list(request):
    workers = JoblessWorker.objects.select_related("org").order_by("-registered_on", "-id")
    status = request.GET.get("status", "")
    if status:
        workers = workers.filter(status=status)
    page = Paginator(workers, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/jobless_list.html",
        {
            "page": page,
            "stats": jobless.statistics(),
            "status": status,
            "can_change": request.scope.has_perm("assistance.change_jobless"),
        },
    )


@scoped_view("assistance.change_jobless")
def worker_new(request):
    form = forms.JoblessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = None
        if data["member_card"]:
            member = Member.objects.filter(card_number=data["member_card"].strip()).first()
            if member is None:
                form.add_error("member_card", _("在您的管理范围内找不到该会员"))
        org = member.org if member else Org.objects.get(pk=request.scope.org_id)
        if not form.errors:
            try:
                worker = jobless.register_worker(
                    actor=request.user,
                    org=org,
                    member=member,
                    name=data["name"],
                    id_number=data["id_number"],
                    status=data["status"],
                    skills=data["skills"],
                    needs=data["needs"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("assistance:jobless_worker", pk=worker.pk)
    return render(request, "assistance/form.html", {"form": form, "title": _("登记下岗失业职工")})


@scoped_view("assistance.view_jobless")
def worker_detail(request, pk):
    worker = _worker(pk)
    can_change = request.scope.has_perm("assistance.change_jobless")
    service_form = forms.JobServiceForm(initial={"date": timezone.localdate()})
    outcome_form = forms.ReemploymentForm(initial={"reemployed_on": timezone.localdate()})
    if request.method == "POST":
        worker = _worker(pk, "assistance.change_jobless")
        which = request.POST.get("form")
        try:
            if which == "service":
                service_form = forms.JobServiceForm(request.POST)
                if service_form.is_valid():
                    jobless.record_service(
                        actor=request.user, worker=worker, **service_form.cleaned_data
                    )
                    messages.success(request, _("已登记服务"))
                    return redirect("assistance:jobless_worker", pk=worker.pk)
            elif which == "outcome":
                outcome_form = forms.ReemploymentForm(request.POST)
                if outcome_form.is_valid():
                    jobless.record_reemployment(
                        actor=request.user, worker=worker, **outcome_form.cleaned_data
                    )
                    messages.success(request, _("已登记再就业"))
                    return redirect("assistance:jobless_worker", pk=worker.pk)
        except ValidationError as exc:
            add_service_errors(service_form if which == "service" else outcome_form, exc)
    return render(
        request,
        "assistance/jobless_detail.html",
        {
            "worker": worker,
            "services": worker.services.select_related("recorded_by"),
            "service_form": service_form,
            "outcome_form": outcome_form,
            "can_change": can_change,
        },
    )
