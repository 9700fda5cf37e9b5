"""Pages for laid-off and unemployed workers: registration, training enrolments, job referrals,
start-up support, putting a worker on a relief/start-up programme cycle, re-employment, and
statistics by org subtree. Views validate input and call one service or selector."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import submit
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


def _worker_step(request, form, service, title, success, *, worker, then=None, data=None, note=""):
    """A form about one worker: run ``service`` on the worker with the form's values (or
    ``data(values)``) and go to ``then`` (given the result; default the worker's page) with
    ``success``; otherwise the form page."""
    return submit(
        request,
        form,
        service,
        worker=worker,
        data=data,
        then=then or ("assistance:jobless_worker", worker.pk),
        success=success,
    ) or _form(request, form, title, worker, note)


def _employer(code, field="employer_code"):
    """The registered employer named by its credit code (None if not given); a code not found
    is refused on ``field``."""
    code = (code or "").strip().upper()
    if not code:
        return None
    employer = Employer.objects.filter(credit_code=code).first()
    if employer is None:
        raise ValidationError(
            {field: _("找不到该单位（或不在您的管理范围内），请直接填写单位名称")}
        )
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

    def registration(data):
        values = dict(data)
        card = values.pop("member_card").strip()
        member = Member.objects.filter(card_number=card).first() if card else None
        if card and member is None:
            raise ValidationError({"member_card": _("在您的管理范围内找不到该会员")})
        return {**values, "member": member, "org": member.org if member else _scope_org(request)}

    return submit(
        request,
        form,
        jobless.register_worker,
        data=registration,
        then=lambda worker: ("assistance:jobless_worker", worker.pk),
    ) or _form(request, form, _("登记下岗失业职工"))


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

    def edit(data):
        # a bank account left empty: unchanged
        return {**data, "bank_account": data["bank_account"] or worker.bank_account}

    return _worker_step(
        request,
        form,
        jobless.update_worker,
        _("修改登记信息"),
        _("已保存"),
        worker=worker,
        data=edit,
        note=_("银行账号不回显，留空则不修改。"),
    )


@scoped_view(CHANGE, lookup=_WORKER)
def reemployment(request, worker):
    form = forms.ReemploymentForm(
        request.POST or None, initial={"reemployed_on": timezone.localdate()}
    )
    return _worker_step(
        request,
        form,
        jobless.record_reemployment,
        _("登记再就业"),
        _("已登记再就业"),
        worker=worker,
        data=lambda d: {
            "employer_ref": _employer(d["employer_code"]),
            "reemployed_on": d["reemployed_on"],
            "employer": d["employer"],
        },
    )


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
    note = _("救助金通过帮扶项目批次发放：列入名单 → 审批（扣减预算）→ 登记发放。")
    if startup:
        note = _("创业扶持“%(name)s”按批准金额 ¥%(amount)s 列入创业扶持批次。") % {
            "name": startup.business_name,
            "amount": startup.amount,
        }
    return _worker_step(
        request,
        form,
        programmes.nominate_worker,
        _("列入救助/扶持批次"),
        _("已列入名单，待帮扶中心审批后发放"),
        worker=worker,
        data=lambda d: {**d, "fund_source": d["fund_source"] or None, "startup": startup},
        note=note,
    )


# --- training, referrals, start-up support ---------------------------------------------------


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


# What the services call each kind of record.
_RECORD_ARG = {"training": "training", "referral": "referral", "startup": "support"}


def _record_page(
    request, kind, row, form, service, success, *, can, title, data=None, refusals=False, **extra
):
    """A training, referral or start-up record's page: the form (for a role that ``can``) runs
    ``service`` on the record and comes back to the page; a POST from anyone else is 403. With
    ``refusals`` the service's PermissionDenied shows on the form."""
    if request.method == "POST" and not can:
        raise PermissionDenied
    return submit(
        request,
        form,
        service,
        data=data,
        then=(f"assistance:{kind}", row.pk),
        success=success,
        refusals_on_form=refusals,
        **{_RECORD_ARG[kind]: row},
    ) or render(
        request,
        "assistance/jobless_record.html",
        {
            "kind": kind,
            "row": row,
            "worker": row.worker,
            "form": form if can else None,
            "title": title,
            **extra,
        },
    )


@scoped_view(VIEW)
def training_list(request):
    rows = TrainingEnrolment.objects.select_related("worker", "org").order_by("-start_date", "-id")
    return _records(request, "training", rows, "status", TrainingStatus.choices, _("技能培训"))


@scoped_view(CHANGE, lookup=_WORKER)
def training_add(request, worker):
    form = forms.TrainingForm(request.POST or None, initial={"start_date": timezone.localdate()})
    return _worker_step(
        request,
        form,
        jobless.enrol_training,
        _("登记培训"),
        _("已登记培训"),
        worker=worker,
        then=lambda row: ("assistance:training", row.pk),
    )


@scoped_view(
    VIEW,
    lookup=Lookup(lambda: TrainingEnrolment.objects.select_related("worker", "org"), name="row"),
)
def training_detail(request, row):
    fields = ("status", "end_date", "certificate_obtained", "certificate_name", "note", "version")
    form = forms.TrainingUpdateForm(
        request.POST or None, initial={name: getattr(row, name) for name in fields}
    )
    can = request.scope.has_perm(CHANGE)
    return _record_page(
        request,
        "training",
        row,
        form,
        jobless.update_training,
        _("已保存"),
        can=can,
        title=row.course,
    )


@scoped_view(VIEW)
def referral_list(request):
    rows = JobReferral.objects.select_related("worker", "org").order_by("-referred_on", "-id")
    return _records(request, "referral", rows, "outcome", ReferralOutcome.choices, _("职业介绍"))


@scoped_view(CHANGE, lookup=_WORKER)
def referral_add(request, worker):
    form = forms.ReferralForm(request.POST or None, initial={"referred_on": timezone.localdate()})

    def referral(data):
        values = dict(data)
        employer = _employer(values.pop("employer_code"))
        return {**values, "employer": employer}

    return _worker_step(
        request,
        form,
        jobless.refer_job,
        _("登记职业介绍"),
        _("已登记职业介绍"),
        worker=worker,
        data=referral,
        then=lambda row: ("assistance:referral", row.pk),
    )


@scoped_view(
    VIEW,
    lookup=Lookup(
        lambda: JobReferral.objects.select_related("worker", "org", "employer"), name="row"
    ),
)
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
    return _record_page(
        request,
        "referral",
        row,
        form,
        jobless.record_referral_outcome,
        _("已登记结果"),
        can=request.scope.has_perm(CHANGE),
        title=f"{row.employer_name} · {row.position}",
    )


@scoped_view(CHANGE, lookup=_WORKER)
def startup_add(request, worker):
    form = forms.StartupForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    return _worker_step(
        request,
        form,
        jobless.add_startup_support,
        _("登记创业扶持申请"),
        _("已登记创业扶持申请"),
        worker=worker,
        then=lambda row: ("assistance:startup", row.pk),
    )


@scoped_view(
    VIEW,
    lookup=Lookup(
        lambda: StartupSupport.objects.select_related("worker", "org", "entitlement__cycle"),
        name="row",
    ),
)
def startup_detail(request, row):
    can_decide = request.scope.has_perm("assistance.approve_list") and (
        selectors.can_decide_startup(row)
    )
    form = forms.StartupDecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )
    return _record_page(
        request,
        "startup",
        row,
        form,
        jobless.decide_startup_support,
        _("已审批"),
        can=can_decide,
        title=row.business_name,
        refusals=True,
        data=lambda d: {
            "approve": d["decision"] == "approve",
            "decided_on": d["decided_on"],
            "note": d["note"],
        },
        can_nominate=request.scope.has_perm("assistance.nominate"),
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
