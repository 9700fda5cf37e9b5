"""Pages for laid-off and unemployed workers: registration, training enrolments, job referrals,
start-up support, putting a worker on a relief/start-up programme cycle, re-employment, and
statistics by org subtree. Views validate input and call one service or selector."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import call_service
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Org

from .. import forms, jobless, programmes, selectors
from ..enums import WORKER_PROGRAMMES, CycleStatus, ReferralOutcome, TrainingStatus
from ..models import Cycle, JoblessWorker, JobReferral, StartupSupport, TrainingEnrolment

VIEW, CHANGE = "assistance.view_jobless", "assistance.change_jobless"


_WORKER = Lookup(lambda: JoblessWorker.objects.select_related("org"), name="worker")


def _form(request, form, title, worker=None, note=""):
    return render(
        request,
        "assistance/jobless_form.html",
        {"form": form, "title": title, "worker": worker, "note": note},
    )


def _employer(form, code_field):
    """The registered employer named by its credit code in the form (None if not given)."""
    code = (form.cleaned_data.get(code_field) or "").strip().upper()
    if not code:
        return None
    employer = Employer.objects.filter(credit_code=code).first()
    if employer is None:
        form.add_error(code_field, _("找不到该单位（或不在您的管理范围内），请直接填写单位名称"))
    return employer


def _scope_org(request):
    return request.scope.org


# --- workers ---------------------------------------------------------------------------------


@scoped_view(VIEW)
def worker_list(request):
    workers = JoblessWorker.objects.select_related("org").order_by("-registered_on", "-id")
    status = request.GET.get("status", "")
    if status:
        workers = workers.filter(status=status)
    page = paginate(request, workers, 30, cap=COUNT_CAP)
    return render(
        request,
        "assistance/jobless_list.html",
        {
            "page": page,
            "stats": jobless.statistics(_scope_org(request)),
            "status": status,
            "can_change": request.scope.has_perm(CHANGE),
        },
    )


@scoped_view(CHANGE)
def worker_new(request):
    form = forms.JoblessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = None
        if data["member_card"]:
            member = Member.objects.filter(card_number=data["member_card"].strip()).first()
            if member is None:
                form.add_error("member_card", _("在您的管理范围内找不到该会员"))
        org = member.org if member else _scope_org(request)
        if not form.errors:
            worker, ok = call_service(
                form,
                jobless.register_worker,
                actor=request.user,
                org=org,
                member=member,
                name=data["name"],
                id_number=data["id_number"],
                status=data["status"],
                skills=data["skills"],
                needs=data["needs"],
                bank_name=data["bank_name"],
                bank_account=data["bank_account"],
            )
            if ok:
                return redirect("assistance:jobless_worker", pk=worker.pk)
    return _form(request, form, _("登记下岗失业职工"))


@scoped_view(VIEW, lookup=_WORKER)
def worker_detail(request, worker):
    entitlements = worker.entitlements.select_related("cycle__programme").prefetch_related(
        "payments"
    )
    return render(
        request,
        "assistance/jobless_detail.html",
        {
            "worker": worker,
            "trainings": worker.trainings.all(),
            "referrals": worker.referrals.select_related("employer"),
            "startups": worker.startups.select_related("entitlement__cycle"),
            "entitlements": entitlements,
            "can_change": request.scope.has_perm(CHANGE),
            "can_nominate": request.scope.has_perm("assistance.nominate"),
            "can_reveal": request.scope.has_perm("assistance.reveal_sensitive"),
        },
    )


@scoped_view(CHANGE, lookup=_WORKER)
def worker_edit(request, worker):
    form = forms.JoblessEditForm(
        request.POST or None,
        initial={
            "skills": worker.skills,
            "needs": worker.needs,
            "bank_name": worker.bank_name,
            "version": worker.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data["bank_account"]:
            data["bank_account"] = worker.bank_account  # left empty: unchanged
        _result, ok = call_service(
            form, jobless.update_worker, actor=request.user, worker=worker, **data
        )
        if ok:
            messages.success(request, _("已保存"))
            return redirect("assistance:jobless_worker", pk=worker.pk)
    note = _("银行账号不回显，留空则不修改。")
    return _form(request, form, _("修改登记信息"), worker, note)


@scoped_view(CHANGE, lookup=_WORKER)
def reemployment(request, worker):
    form = forms.ReemploymentForm(
        request.POST or None, initial={"reemployed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        employer = _employer(form, "employer_code")
        if not form.errors:
            _result, ok = call_service(
                form,
                jobless.record_reemployment,
                actor=request.user,
                worker=worker,
                reemployed_on=form.cleaned_data["reemployed_on"],
                employer=form.cleaned_data["employer"],
                employer_ref=employer,
            )
            if ok:
                messages.success(request, _("已登记再就业"))
                return redirect("assistance:jobless_worker", pk=worker.pk)
    return _form(request, form, _("登记再就业"), worker)


@scoped_view("assistance.nominate", lookup=_WORKER)
def worker_nominate(request, worker):
    """Put the worker on an open 下岗失业救助 or 创业扶持 cycle (paid under its budget)."""
    startup = None
    if request.GET.get("startup", "").isdigit():
        startup = StartupSupport.objects.filter(
            pk=int(request.GET["startup"]), worker=worker
        ).first()
    kinds = ["startup"] if startup else sorted(WORKER_PROGRAMMES)
    cycles = (
        Cycle.objects.filter(status=CycleStatus.OPEN, programme__kind__in=kinds)
        .select_related("programme")
        .order_by("-year", "-start_date")
    )
    form = forms.WorkerNominateForm(
        request.POST or None,
        cycles=cycles,
        initial={"amount": startup.amount if startup else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _result, ok = call_service(
            form,
            programmes.nominate_worker,
            actor=request.user,
            cycle=data["cycle"],
            worker=worker,
            amount=data["amount"],
            fund_source=data["fund_source"] or None,
            startup=startup,
        )
        if ok:
            messages.success(request, _("已列入名单，待帮扶中心审批后发放"))
            return redirect("assistance:jobless_worker", pk=worker.pk)
    note = _("救助金通过帮扶项目批次发放：列入名单 → 审批（扣减预算）→ 登记发放。")
    if startup:
        note = _("创业扶持“%(name)s”按批准金额 ¥%(amount)s 列入创业扶持批次。") % {
            "name": startup.business_name,
            "amount": startup.amount,
        }
    return _form(request, form, _("列入救助/扶持批次"), worker, note)


# --- training --------------------------------------------------------------------------------


def _records(request, kind, rows, field, choices, title):
    """A list of training enrolments or referrals, filtered by status or outcome (``?status=``)."""
    status = request.GET.get("status", "")
    if status in {value for value, _label in choices}:
        rows = rows.filter(**{field: status})
    return render(
        request,
        "assistance/jobless_records.html",
        {
            "kind": kind,
            "page": paginate(request, rows, 30, cap=COUNT_CAP),
            "status": status,
            "choices": choices,
            "title": title,
        },
    )


@scoped_view(VIEW)
def training_list(request):
    rows = TrainingEnrolment.objects.select_related("worker", "org").order_by("-start_date", "-id")
    return _records(request, "training", rows, "status", TrainingStatus.choices, _("技能培训"))


@scoped_view(CHANGE, lookup=_WORKER)
def training_add(request, worker):
    form = forms.TrainingForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        row, ok = call_service(
            form, jobless.enrol_training, actor=request.user, worker=worker, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("已登记培训"))
            return redirect("assistance:training", pk=row.pk)
    return _form(request, form, _("登记培训"), worker)


@scoped_view(VIEW, lookup=Lookup(lambda: TrainingEnrolment.objects.select_related("worker", "org"), name="row"))
def training_detail(request, row):
    form = forms.TrainingUpdateForm(
        request.POST or None,
        initial={
            "status": row.status,
            "end_date": row.end_date,
            "certificate_obtained": row.certificate_obtained,
            "certificate_name": row.certificate_name,
            "note": row.note,
            "version": row.version,
        },
    )
    if request.method == "POST":
        if not request.scope.has_perm(CHANGE):
            raise PermissionDenied
        if form.is_valid():
            _result, ok = call_service(
                form, jobless.update_training, actor=request.user, training=row, **form.cleaned_data
            )
            if ok:
                messages.success(request, _("已保存"))
                return redirect("assistance:training", pk=row.pk)
    return render(
        request,
        "assistance/jobless_record.html",
        {
            "kind": "training",
            "row": row,
            "worker": row.worker,
            "form": form if request.scope.has_perm(CHANGE) else None,
            "title": row.course,
        },
    )


# --- referrals -------------------------------------------------------------------------------


@scoped_view(VIEW)
def referral_list(request):
    rows = JobReferral.objects.select_related("worker", "org").order_by("-referred_on", "-id")
    return _records(request, "referral", rows, "outcome", ReferralOutcome.choices, _("职业介绍"))


@scoped_view(CHANGE, lookup=_WORKER)
def referral_add(request, worker):
    form = forms.ReferralForm(request.POST or None, initial={"referred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        employer = _employer(form, "employer_code")
        if not form.errors:
            data = form.cleaned_data
            row, ok = call_service(
                form,
                jobless.refer_job,
                actor=request.user,
                worker=worker,
                employer=employer,
                employer_name=data["employer_name"],
                position=data["position"],
                referred_on=data["referred_on"],
                note=data["note"],
            )
            if ok:
                messages.success(request, _("已登记职业介绍"))
                return redirect("assistance:referral", pk=row.pk)
    return _form(request, form, _("登记职业介绍"), worker)


@scoped_view(VIEW, lookup=Lookup(lambda: JobReferral.objects.select_related("worker", "org", "employer"), name="row"))
def referral_detail(request, row):
    form = forms.ReferralOutcomeForm(
        request.POST or None,
        initial={
            "outcome": row.outcome if row.outcome != ReferralOutcome.PENDING else None,
            "outcome_on": row.outcome_on or timezone.localdate(),
            "note": row.note,
            "version": row.version,
        },
    )
    if request.method == "POST":
        if not request.scope.has_perm(CHANGE):
            raise PermissionDenied
        if form.is_valid():
            _result, ok = call_service(
                form,
                jobless.record_referral_outcome,
                actor=request.user,
                referral=row,
                **form.cleaned_data,
            )
            if ok:
                messages.success(request, _("已登记结果"))
                return redirect("assistance:referral", pk=row.pk)
    return render(
        request,
        "assistance/jobless_record.html",
        {
            "kind": "referral",
            "row": row,
            "worker": row.worker,
            "form": form if request.scope.has_perm(CHANGE) else None,
            "title": f"{row.employer_name} · {row.position}",
        },
    )


# --- start-up support ------------------------------------------------------------------------


@scoped_view(CHANGE, lookup=_WORKER)
def startup_add(request, worker):
    form = forms.StartupForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        row, ok = call_service(
            form,
            jobless.add_startup_support,
            actor=request.user,
            worker=worker,
            **form.cleaned_data,
        )
        if ok:
            messages.success(request, _("已登记创业扶持申请"))
            return redirect("assistance:startup", pk=row.pk)
    return _form(request, form, _("登记创业扶持申请"), worker)


@scoped_view(VIEW, lookup=Lookup(lambda: StartupSupport.objects.select_related("worker", "org", "entitlement__cycle"), name="row"))
def startup_detail(request, row):
    can_decide = request.scope.has_perm("assistance.approve_list") and (
        selectors.can_decide_startup(row)
    )
    form = forms.StartupDecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                jobless.decide_startup_support(
                    actor=request.user,
                    support=row,
                    approve=data["decision"] == "approve",
                    decided_on=data["decided_on"],
                    note=data["note"],
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, getattr(exc, "messages", [str(exc)]))
            else:
                messages.success(request, _("已审批"))
                return redirect("assistance:startup", pk=row.pk)
    return render(
        request,
        "assistance/jobless_record.html",
        {
            "kind": "startup",
            "row": row,
            "worker": row.worker,
            "form": form if can_decide else None,
            "can_nominate": request.scope.has_perm("assistance.nominate"),
            "title": row.business_name,
        },
    )


# --- statistics ------------------------------------------------------------------------------


@scoped_view(VIEW)
def statistics(request):
    """Registered, in training, referred, re-employed — by org subtree (``?org=<code>``)."""
    root = _scope_org(request)
    code = request.GET.get("org", "").strip()[:30]
    if code:
        root = Org.objects.visible().filter(code=code).first()
        if root is None:
            raise Http404
    return render(
        request,
        "assistance/jobless_stats.html",
        {"stats": jobless.statistics(root), "root": root},
    )
