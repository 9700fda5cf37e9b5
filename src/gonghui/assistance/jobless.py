"""Laid-off and unemployed workers (下岗、失业职工): registration, services, outcomes, statistics."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.idnumbers import check_id_number

from .enums import JoblessStatus, JobServiceKind
from .models import JoblessWorker, JobService
from .services import parse_amount

MONEY_KINDS = {JobServiceKind.LOAN_SUBSIDY, JobServiceKind.STARTUP_GRANT, JobServiceKind.RELIEF}


@transaction.atomic
def register_worker(
    *, actor, org, name, id_number, status, skills="", needs="", member=None, registered_on=None
):
    """Register a laid-off or unemployed worker (one registration per person)."""
    require_perm("assistance.change_jobless")
    if not org_in_scope(org):
        raise PermissionDenied
    if status not in (JoblessStatus.LAID_OFF, JoblessStatus.UNEMPLOYED):
        raise ValidationError({"status": "请选择下岗或失业"})
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
        created_by=actor,
    )
    if registered_on:
        worker.registered_on = registered_on
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError:
        raise ValidationError({"id_number": "此人已登记"}) from None
    audit.record(actor, "assistance.jobless.register", worker)
    return worker


@transaction.atomic
def record_service(
    *, actor, worker, kind, date, description, employer_name="", outcome="", amount="0"
):
    require_perm("assistance.change_jobless")
    amount = parse_amount(amount or "0", "amount")
    if kind in MONEY_KINDS and amount <= 0:
        raise ValidationError({"amount": "请填写金额"})
    if kind == JobServiceKind.REFERRAL and not employer_name.strip():
        raise ValidationError({"employer_name": "职业介绍需填写用人单位"})
    service = JobService.objects.create(
        worker=worker,
        org=worker.org,
        kind=kind,
        date=date,
        description=description,
        employer_name=employer_name,
        outcome=outcome,
        amount=amount,
        recorded_by=actor,
    )
    audit.record(actor, "assistance.jobless.service", worker, extra={"kind": kind})
    return service


@transaction.atomic
def record_reemployment(*, actor, worker, reemployed_on, employer):
    require_perm("assistance.change_jobless")
    if not employer.strip():
        raise ValidationError({"employer": "请填写再就业单位"})
    worker.status, worker.reemployed_on = JoblessStatus.REEMPLOYED, reemployed_on
    worker.reemployed_employer = employer.strip()
    worker.save()
    audit.record(actor, "assistance.jobless.reemployed", worker)
    return worker


def statistics():
    """Counts in scope: registered by status, services by kind, money paid out."""
    workers = JoblessWorker.objects.aggregate(
        total=Count("id"),
        laid_off=Count("id", filter=Q(status=JoblessStatus.LAID_OFF)),
        unemployed=Count("id", filter=Q(status=JoblessStatus.UNEMPLOYED)),
        reemployed=Count("id", filter=Q(status=JoblessStatus.REEMPLOYED)),
    )
    services = {
        row["kind"]: row
        for row in JobService.objects.values("kind").annotate(n=Count("id"), amount=Sum("amount"))
    }
    by_kind = [
        {
            "label": label,
            "n": services.get(kind, {}).get("n", 0),
            "amount": services.get(kind, {}).get("amount") or 0,
        }
        for kind, label in JobServiceKind.choices
    ]
    return {"workers": workers, "services": by_kind}
