"""Legal aid and labour-dispute mediation cases: parties, claims, sessions, agreements, money
recovered. Each write checks ``rights.manage_case`` and the scope and is audited."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm

from ..enums import CaseKind, CaseOutcome, CaseStatus, EventKind, PartyRole, SessionKind
from ..models import (
    Agreement,
    Case,
    CaseParty,
    CaseSession,
    Claim,
    Recovery,
    RequestEvent,
    WorkerRequest,
)


def _locked(case):
    try:
        return Case.objects.select_for_update().select_related("org").get(pk=case.pk)
    except Case.DoesNotExist:
        raise Http404 from None


def _open(case):
    case = _locked(case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("案件已结案"))
    return case


@transaction.atomic
def open_case(
    *,
    actor,
    org,
    kind,
    title,
    request=None,
    counsel_name="",
    counsel_org="",
    summary="",
    opened_on=None,
):
    """Open a case at ``org``, optionally from a worker request (noted on its timeline)."""
    require_perm("rights.manage_case")
    if not org_in_scope(org):
        raise Http404
    if kind not in CaseKind.values:
        raise ValidationError({"kind": _("请选择案件类型")})
    if request is not None:
        request = WorkerRequest.objects.filter(pk=request.pk).first()
        if request is None:
            raise Http404
    fields = {
        "org": org,
        "kind": kind,
        "title": title.strip(),
        "request": request,
        "counsel_name": counsel_name,
        "counsel_org": counsel_org,
        "summary": summary,
        "created_by": actor,
    }
    if opened_on:
        fields["opened_on"] = opened_on
    case = Case.objects.create(**fields)
    if request is not None:
        RequestEvent.objects.create(
            request=request,
            kind=EventKind.CASE_OPENED,
            actor=actor,
            text=case.title,
            data={"case_kind": str(kind)},
        )
    audit.record(actor, "rights.case.open", case, changes=audit.diff({}, audit.snapshot(case)))
    return case


@transaction.atomic
def add_party(*, actor, case, role, name, workers=1):
    require_perm("rights.manage_case")
    case = _open(case)
    if role not in PartyRole.values or not name.strip():
        raise ValidationError({"name": _("请填写当事人")})
    party = CaseParty.objects.create(case=case, role=role, name=name.strip(), workers=workers)
    audit.record(actor, "rights.case.add_party", case, extra={"role": role})
    return party


@transaction.atomic
def add_claim(*, actor, case, description, amount):
    require_perm("rights.manage_case")
    case = _open(case)
    amount = Decimal(amount)
    if amount < 0:
        raise ValidationError({"amount": _("金额不能为负数")})
    claim = Claim.objects.create(case=case, description=description.strip(), amount=amount)
    audit.record(actor, "rights.case.add_claim", case, extra={"amount": str(amount)})
    return claim


@transaction.atomic
def add_session(*, actor, case, kind, held_on, place="", notes=""):
    require_perm("rights.manage_case")
    case = _open(case)
    if kind not in SessionKind.values:
        raise ValidationError({"kind": _("请选择类型")})
    session = CaseSession.objects.create(
        case=case, kind=kind, held_on=held_on, place=place, notes=notes
    )
    audit.record(actor, "rights.case.add_session", case, extra={"kind": kind})
    return session


@transaction.atomic
def record_agreement(*, actor, case, signed_on, terms, amount):
    """An agreement reached: the case moves to "agreed"."""
    require_perm("rights.manage_case")
    case = _open(case)
    amount = Decimal(amount)
    if amount < 0:
        raise ValidationError({"amount": _("金额不能为负数")})
    agreement = Agreement.objects.create(
        case=case, signed_on=signed_on, terms=terms.strip(), amount=amount
    )
    case.status = CaseStatus.AGREED
    case.save(update_fields=["status"])
    audit.record(actor, "rights.case.agree", case, extra={"amount": str(amount)})
    return agreement


@transaction.atomic
def record_recovery(*, actor, case, received_on, amount, note=""):
    """Money recovered for the workers. Never edited: a correction is a negative entry, and the
    total recovered can never fall below zero."""
    require_perm("rights.manage_case")
    case = _locked(case)
    amount = Decimal(amount)
    if amount == 0:
        raise ValidationError({"amount": _("金额不能为 0")})
    total = case.recoveries.aggregate(t=Sum("amount"))["t"] or Decimal("0")
    if total + amount < 0:
        raise ValidationError({"amount": _("冲正后累计追回金额不能为负数")})
    if amount < 0 and not note.strip():
        raise ValidationError({"note": _("冲正须说明原因")})
    recovery = Recovery.objects.create(
        case=case, received_on=received_on, amount=amount, note=note.strip(), created_by=actor
    )
    audit.record(actor, "rights.case.recover", case, extra={"amount": str(amount)})
    return recovery


@transaction.atomic
def close_case(*, actor, case, outcome, closed_on):
    require_perm("rights.manage_case")
    case = _open(case)
    if outcome not in CaseOutcome.values:
        raise ValidationError({"outcome": _("请选择结案结果")})
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_on = closed_on
    case.save(update_fields=["status", "outcome", "closed_on"])
    audit.record(actor, "rights.case.close", case, extra={"outcome": outcome})
    return case
