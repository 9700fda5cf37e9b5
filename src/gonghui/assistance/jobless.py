"""Laid-off and unemployed workers (下岗、失业职工): registration, training enrolments, job
referrals, start-up support, re-employment, and statistics.

Money for these workers (relief, start-up subsidies and grants) is not recorded here: it goes
through the programme machinery (``programmes.nominate_worker``, cycles, budgets, payments), so
the same guarantees and dashboards apply as for hardship households."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.idnumbers import check_id_number
from gonghui.core.versions import require_current_version

from .enums import (
    WORKER_PROGRAMMES,
    JoblessStatus,
    PaymentKind,
    ReferralOutcome,
    StartupKind,
    StartupStatus,
    TrainingStatus,
)
from .models import (
    JoblessWorker,
    JobReferral,
    Payment,
    StartupSupport,
    TrainingEnrolment,
    normalize_account,
)
from .services import parse_amount
from .services._common import save_account_holder


def _require_registered(worker):
    if not org_in_scope(worker.org):
        raise PermissionDenied


@transaction.atomic
def register_worker(
    *,
    actor,
    org,
    name,
    id_number,
    status,
    skills="",
    needs="",
    member=None,
    registered_on=None,
    bank_name="",
    bank_account="",
):
    """Register a laid-off or unemployed worker (one registration per person)."""
    require_perm("assistance.change_jobless")
    if not org_in_scope(org):
        raise PermissionDenied
    if status not in (JoblessStatus.LAID_OFF, JoblessStatus.UNEMPLOYED):
        raise ValidationError({"status": _("请选择下岗或失业")})
    check = check_id_number(id_number)
    if not check.ok:
        raise ValidationError({"id_number": check.errors[0]})
    worker = JoblessWorker(
        org=org,
        member=member,
        name=name.strip(),
        id_number=check.value,
        status=status,
        skills=skills,
        needs=needs,
        bank_name=bank_name,
        bank_account=normalize_account(bank_account or ""),
        created_by=actor,
    )
    if registered_on:
        worker.registered_on = registered_on
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        raise ValidationError({"id_number": _("此人已登记")}) from None
    audit.record(actor, "assistance.jobless.register", worker)
    return worker


@transaction.atomic
def update_worker(*, actor, worker, version, skills, needs, bank_name, bank_account):
    """Change skills, needs and the worker's own bank account (stale edits refused)."""
    require_perm("assistance.change_jobless")
    _require_registered(worker)
    return save_account_holder(
        actor,
        worker,
        "assistance.jobless.update",
        version=version,
        stale=_("登记信息已被他人修改，请刷新后重试"),
        bank_name=bank_name,
        bank_account=bank_account,
        skills=skills,
        needs=needs,
    )


# --- training ------------------------------------------------------------------------------


@transaction.atomic
def enrol_training(*, actor, worker, course, provider, start_date, end_date=None, note=""):
    require_perm("assistance.change_jobless")
    _require_registered(worker)
    if not course.strip() or not provider.strip():
        raise ValidationError(_("请填写培训课程和培训机构"))
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期")})
    row = TrainingEnrolment.objects.create(
        worker=worker,
        course=course.strip(),
        provider=provider.strip(),
        start_date=start_date,
        end_date=end_date,
        note=note,
        recorded_by=actor,
    )
    audit.record(actor, "assistance.training.enrol", row)
    return row


@transaction.atomic
def update_training(
    *,
    actor,
    training,
    version,
    status,
    end_date=None,
    certificate_obtained=False,
    certificate_name="",
    note="",
):
    """Record how a course ended: completed (with or without a certificate) or dropped."""
    require_perm("assistance.change_jobless")
    if status not in TrainingStatus.values:
        raise ValidationError({"status": _("请选择状态")})
    require_current_version(training, version, _("记录已被他人修改，请刷新后重试"))
    if end_date and end_date < training.start_date:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期")})
    if certificate_obtained and status != TrainingStatus.COMPLETED:
        raise ValidationError({"certificate_obtained": _("只有结业才能取得证书")})
    if certificate_obtained and not certificate_name.strip():
        raise ValidationError({"certificate_name": _("请填写证书名称")})
    if status != TrainingStatus.ENROLLED and not end_date:
        raise ValidationError({"end_date": _("结业或退出需填写结束日期")})
    before = audit.snapshot(training)
    training.status, training.end_date = status, end_date
    training.certificate_obtained = certificate_obtained
    training.certificate_name = certificate_name.strip() if certificate_obtained else ""
    training.note = note
    training.version += 1
    training.save()
    audit.record_edit(actor, "assistance.training.update", training, before)
    return training


# --- referrals -----------------------------------------------------------------------------


@transaction.atomic
def refer_job(*, actor, worker, position, referred_on, employer=None, employer_name="", note=""):
    """Refer a worker to a job: a registered employer (``orgs.Employer``) or one named in text."""
    require_perm("assistance.change_jobless")
    _require_registered(worker)
    if worker.status == JoblessStatus.REEMPLOYED:
        raise ValidationError(_("该职工已再就业"))
    name = employer.name if employer is not None else employer_name.strip()
    if not name:
        raise ValidationError({"employer_name": _("请选择已登记单位或填写用人单位名称")})
    if not position.strip():
        raise ValidationError({"position": _("请填写岗位")})
    row = JobReferral.objects.create(
        worker=worker,
        employer=employer,
        employer_name=name[:150],
        position=position.strip(),
        referred_on=referred_on,
        note=note,
        recorded_by=actor,
    )
    audit.record(actor, "assistance.referral.create", row)
    return row


@transaction.atomic
def record_referral_outcome(*, actor, referral, version, outcome, outcome_on, note=None):
    """Record the outcome of a referral with its date. ``hired`` also records the worker's
    re-employment with that employer on that date (unless already re-employed)."""
    require_perm("assistance.change_jobless")
    if outcome not in ReferralOutcome.values or outcome == ReferralOutcome.PENDING:
        raise ValidationError({"outcome": _("请选择结果")})
    require_current_version(referral, version, _("记录已被他人修改，请刷新后重试"))
    if outcome_on is None or outcome_on < referral.referred_on:
        raise ValidationError({"outcome_on": _("结果日期不能早于推荐日期")})
    before = audit.snapshot(referral)
    referral.outcome, referral.outcome_on = outcome, outcome_on
    if note is not None:
        referral.note = note
    referral.version += 1
    referral.save()
    audit.record_edit(actor, "assistance.referral.outcome", referral, before)
    worker = JoblessWorker.objects.select_for_update().get(pk=referral.worker_id)
    if outcome == ReferralOutcome.HIRED and worker.status != JoblessStatus.REEMPLOYED:
        record_reemployment(
            actor=actor,
            worker=worker,
            reemployed_on=outcome_on,
            employer=referral.employer_name,
            employer_ref=referral.employer,
        )
    return referral


# --- start-up support ----------------------------------------------------------------------


@transaction.atomic
def add_startup_support(
    *,
    actor,
    worker,
    kind,
    business_name,
    amount,
    applied_on,
    lender="",
    loan_amount=None,
    loan_start=None,
    loan_months=None,
    note="",
):
    """Record an application for start-up support: an interest subsidy on a start-up loan
    (lender, loan amount, start and term are required) or a one-off start-up grant."""
    require_perm("assistance.change_jobless")
    _require_registered(worker)
    if kind not in StartupKind.values:
        raise ValidationError({"kind": _("请选择扶持方式")})
    if not business_name.strip():
        raise ValidationError({"business_name": _("请填写创业项目或经营主体")})
    amount = parse_amount(amount if amount is not None else "0", "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("请填写贴息或补助金额")})
    if kind == StartupKind.LOAN_SUBSIDY:
        errors = {}
        if not lender.strip():
            errors["lender"] = _("贷款贴息需填写贷款银行")
        if loan_amount in (None, "") or parse_amount(loan_amount, "loan_amount") <= 0:
            errors["loan_amount"] = _("贷款贴息需填写贷款金额")
        if not loan_start:
            errors["loan_start"] = _("贷款贴息需填写贷款起始日")
        if not loan_months:
            errors["loan_months"] = _("贷款贴息需填写贷款期限")
        if errors:
            raise ValidationError(errors)
        loan_amount = parse_amount(loan_amount, "loan_amount")
    else:
        lender, loan_amount, loan_start, loan_months = "", None, None, None
    row = StartupSupport.objects.create(
        worker=worker,
        kind=kind,
        business_name=business_name.strip(),
        lender=lender.strip(),
        loan_amount=loan_amount,
        loan_start=loan_start,
        loan_months=loan_months,
        amount=amount,
        applied_on=applied_on,
        note=note,
        recorded_by=actor,
    )
    audit.record(actor, "assistance.startup.apply", row, extra={"kind": kind})
    return row


@transaction.atomic
def decide_startup_support(*, actor, support, approve, decided_on, note=""):
    """Approve or refuse a start-up support application. An approved one is paid by putting
    it on a 创业扶持 cycle (``programmes.nominate_worker(startup=...)``)."""
    require_perm("assistance.approve_list")
    if support.status != StartupStatus.APPLIED:
        raise ValidationError(_("该申请已审批"))
    if support.recorded_by_id == actor.pk:
        raise PermissionDenied(_("四眼原则：登记人不能审批自己登记的申请"))
    support.status = StartupStatus.APPROVED if approve else StartupStatus.REFUSED
    support.decided_on = decided_on
    if note:
        support.note = note[:200]
    support.save(update_fields=["status", "decided_on", "note"])
    audit.record(actor, "assistance.startup.decide", support, extra={"approved": bool(approve)})
    return support


# --- outcome -------------------------------------------------------------------------------


@transaction.atomic
def record_reemployment(*, actor, worker, reemployed_on, employer="", employer_ref=None):
    """Re-employed on a date with an employer (a registered one, or named in text)."""
    require_perm("assistance.change_jobless")
    _require_registered(worker)
    name = employer_ref.name if employer_ref is not None else (employer or "").strip()
    if not name:
        raise ValidationError({"employer": _("请填写再就业单位")})
    if reemployed_on is None:
        raise ValidationError({"reemployed_on": _("请填写再就业日期")})
    if reemployed_on < worker.registered_on:
        raise ValidationError({"reemployed_on": _("再就业日期不能早于登记日期")})
    worker.status, worker.reemployed_on = JoblessStatus.REEMPLOYED, reemployed_on
    worker.reemployed_employer = name[:150]
    worker.reemployer = employer_ref
    worker.version += 1
    worker.save()
    audit.record(actor, "assistance.jobless.reemployed", worker)
    return worker


# --- statistics ----------------------------------------------------------------------------

METRICS = ("registered", "laid_off", "unemployed", "in_training", "referred", "reemployed")


def statistics(root):
    """Counts for ``root``'s subtree (within the active scope), in total and per child org:
    registered, laid off, unemployed, in training (an enrolment in progress), referred (at least
    one referral), re-employed; plus training/referral outcomes and money paid through the
    programmes. Each figure is one grouped query, whatever the number of child orgs."""
    step = root.steplen
    child_len = len(root.path) + step

    def grouped(qs, **aggregates):
        rows = (
            qs.in_subtree(root.path)
            .annotate(branch=Substr("org__path", 1, child_len))
            .values("branch")
            .annotate(**aggregates)
        )
        return {r["branch"]: r for r in rows}

    workers = grouped(
        JoblessWorker.objects.all(),
        registered=Count("id"),
        laid_off=Count("id", filter=Q(status=JoblessStatus.LAID_OFF)),
        unemployed=Count("id", filter=Q(status=JoblessStatus.UNEMPLOYED)),
        reemployed=Count("id", filter=Q(status=JoblessStatus.REEMPLOYED)),
    )
    training = grouped(
        TrainingEnrolment.objects.filter(status=TrainingStatus.ENROLLED),
        in_training=Count("worker", distinct=True),
    )
    referred = grouped(JobReferral.objects.all(), referred=Count("worker", distinct=True))
    from gonghui.orgs.models import Org

    children = list(Org.objects.visible().filter(path__startswith=root.path, depth=root.depth + 1))
    labels = {root.path: _("{name}（本级）").format(name=root.name)} | {
        c.path: c.name for c in children
    }
    codes = {root.path: root.code} | {c.path: c.code for c in children}
    rows = []
    for branch in [root.path, *sorted(c.path for c in children)]:
        row = {"org": labels[branch], "path": branch, "code": codes[branch]}
        for metric in METRICS:
            source = {"in_training": training, "referred": referred}.get(metric, workers)
            row[metric] = source.get(branch, {}).get(metric, 0)
        if branch == root.path and not any(row[m] for m in METRICS):
            continue
        rows.append(row)
    total = {m: sum(r[m] for r in rows) for m in METRICS}
    trainings = TrainingEnrolment.objects.in_subtree(root.path).aggregate(
        enrolments=Count("id"),
        completed=Count("id", filter=Q(status=TrainingStatus.COMPLETED)),
        dropped=Count("id", filter=Q(status=TrainingStatus.DROPPED)),
        certificates=Count("id", filter=Q(certificate_obtained=True)),
    )
    referrals = JobReferral.objects.in_subtree(root.path).aggregate(
        referrals=Count("id"),
        interviews=Count("id", filter=Q(outcome=ReferralOutcome.INTERVIEW)),
        hired=Count("id", filter=Q(outcome=ReferralOutcome.HIRED)),
    )
    paid = (
        Payment.objects.in_subtree(root.path)
        .filter(entitlement__worker__isnull=False)
        .values("cycle__programme__kind")
        .annotate(total=Sum("amount"))
    )
    money = {str(kind.value): 0 for kind in WORKER_PROGRAMMES}
    for r in paid:
        money[r["cycle__programme__kind"]] = r["total"] or 0
    startups = StartupSupport.objects.in_subtree(root.path).aggregate(
        applied=Count("id"), approved=Count("id", filter=Q(status=StartupStatus.APPROVED))
    )
    return {
        "org": root,
        "total": total,
        "by_org": rows,
        "trainings": trainings,
        "referrals": referrals,
        "startups": startups,
        "paid": money,
        "payments": Payment.objects.in_subtree(root.path)
        .filter(entitlement__worker__isnull=False, kind=PaymentKind.PAYMENT)
        .count(),
    }
