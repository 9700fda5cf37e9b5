"""Consultations and the contract cycle: vote, signature, filing, review, publication, renewal."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from gonghui.core import audit, notes
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.workflow import Transition, Workflow

from .. import policy
from ..models import (
    Consultation,
    ConsultationRound,
    ConsultationStatus,
    Contract,
    ContractKind,
    ContractStatus,
    Coverage,
    Representative,
)
from ._common import (
    _check_version,
    _require_employer_in_scope,
    _sane_dates,
    _today,
)

# --- Consultations ----------------------------------------------------------------------------


def _coverage_employers(*, org, coverage, employer, covered_employers):
    if coverage == Coverage.ENTERPRISE:
        if employer is None:
            raise ValidationError({"employer": _("企业集体协商须选择单位")})
        _require_employer_in_scope(employer)
        return [employer]
    covered = list(covered_employers)
    if not covered:
        raise ValidationError({"covered_employers": _("区域性、行业性协商须选择覆盖的单位")})
    for e in covered:
        _require_employer_in_scope(e)
        # A regional or industry contract covers employers under the union that holds it.
        if not e.org.path.startswith(org.path):
            raise ValidationError(
                {
                    "covered_employers": _("{name} 不在 {name2} 的范围内").format(
                        name=e.name, name2=org.name
                    )
                }
            )
    return covered


@transaction.atomic
def open_consultation(
    *,
    actor,
    org,
    kind,
    coverage,
    title,
    requested_on,
    employer=None,
    employer_party="",
    covered_employers=(),
    requested_by="union",
    previous_contract=None,
):
    """Open a consultation (a renewal names the contract it renews)."""
    require_perm("workplace.change_contract")
    if not org_in_scope(org):
        raise PermissionDenied
    _sane_dates(requested_on=requested_on)
    covered = _coverage_employers(
        org=org, coverage=coverage, employer=employer, covered_employers=covered_employers
    )
    return _create_covering(
        Consultation,
        "workplace.consultation.open",
        actor=actor,
        org=org,
        coverage=coverage,
        employer=employer,
        employer_party=employer_party,
        covered=covered,
        kind=kind,
        title=title,
        requested_on=requested_on,
        requested_by=requested_by,
        previous_contract=previous_contract,
    )


def _create_covering(
    model, action, *, actor, org, coverage, employer, employer_party, covered, **fields
):
    """A consultation or contract of ``org`` with its coverage: the employer only for an
    enterprise one, the employer side named after the employer unless given, the covered
    employers set. Audited as ``action``."""
    obj = model.objects.create(
        org=org,
        coverage=coverage,
        employer=employer if coverage == Coverage.ENTERPRISE else None,
        employer_party=employer_party or (employer.name if employer else ""),
        created_by=actor,
        **fields,
    )
    obj.covered_employers.set(covered)
    audit.record(actor, action, obj)
    return obj


def _open(consultation):
    if consultation.status in (ConsultationStatus.AGREED, ConsultationStatus.FAILED):
        raise ValidationError(_("协商已结束"))


@transaction.atomic
def add_representative(*, actor, consultation, side, name, position="", is_chief=False):
    """Add a representative; a new chief replaces the side's previous chief."""
    require_perm("workplace.change_contract")
    _open(consultation)
    if is_chief:
        consultation.representatives.filter(side=side, is_chief=True).update(is_chief=False)
    rep = Representative.objects.create(
        org=consultation.org,
        consultation=consultation,
        side=side,
        name=name,
        position=position,
        is_chief=is_chief,
    )
    audit.record(
        actor, "workplace.representative.add", consultation, extra={"side": side, "chief": is_chief}
    )
    return rep


@transaction.atomic
def record_round(
    *,
    actor,
    consultation,
    held_on,
    union_offer,
    employer_offer="",
    union_wage_growth=None,
    employer_wage_growth=None,
    minutes="",
):
    """Record one round of offers and counter-offers; the consultation is then under way."""
    require_perm("workplace.change_contract")
    _open(consultation)
    _sane_dates(held_on=held_on)
    if held_on < consultation.requested_on:
        raise ValidationError({"held_on": _("协商日期不能早于提出要约日期")})
    number = (consultation.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = ConsultationRound.objects.create(
        org=consultation.org,
        consultation=consultation,
        number=number,
        held_on=held_on,
        union_offer=union_offer,
        employer_offer=employer_offer,
        union_wage_growth=union_wage_growth,
        employer_wage_growth=employer_wage_growth,
        minutes=minutes,
    )
    consultation.status = ConsultationStatus.NEGOTIATING
    consultation.save(update_fields=["status"])
    audit.record(actor, "workplace.consultation.round", consultation, extra={"round": number})
    return round_


@transaction.atomic
def conclude_consultation(*, actor, consultation, agreed, outcome, concluded_on):
    require_perm("workplace.change_contract")
    _open(consultation)
    if agreed and not consultation.rounds.exists():
        raise ValidationError(_("尚未记录协商轮次，不能确认达成一致"))
    if (
        agreed
        and not consultation.representatives.filter(is_chief=True).values("side").distinct().count()
        == 2
    ):
        raise ValidationError(_("双方须各有一名首席代表"))
    consultation.status = ConsultationStatus.AGREED if agreed else ConsultationStatus.FAILED
    consultation.outcome, consultation.concluded_on = outcome, concluded_on
    consultation.save()
    audit.record(actor, "workplace.consultation.conclude", consultation, extra={"agreed": agreed})
    return consultation


# --- Contracts --------------------------------------------------------------------------------


CONTRACT_WF = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "approve",
            (ContractStatus.DRAFT, ContractStatus.REJECTED),
            ContractStatus.APPROVED,
            "workplace.change_contract",
            gettext_lazy("职代会通过"),
        ),
        Transition(
            "reject",
            (ContractStatus.DRAFT, ContractStatus.REJECTED),
            ContractStatus.REJECTED,
            "workplace.change_contract",
            gettext_lazy("职代会未通过"),
        ),
        Transition(
            "sign",
            (ContractStatus.APPROVED,),
            ContractStatus.SIGNED,
            "workplace.change_contract",
            gettext_lazy("首席代表签字"),
        ),
        Transition(
            "file",
            (ContractStatus.SIGNED,),
            ContractStatus.FILED,
            "workplace.change_contract",
            gettext_lazy("报送劳动保障行政部门审查"),
        ),
        Transition(
            "object",
            (ContractStatus.FILED,),
            ContractStatus.OBJECTED,
            "workplace.change_contract",
            gettext_lazy("审查机关提出异议"),
        ),
        Transition(
            "take_effect",
            (ContractStatus.FILED,),
            ContractStatus.IN_FORCE,
            "workplace.change_contract",
            gettext_lazy("生效"),
        ),
        Transition(
            "revise",
            (ContractStatus.OBJECTED, ContractStatus.REJECTED),
            ContractStatus.DRAFT,
            "workplace.change_contract",
            gettext_lazy("修改后重新提交"),
            needs_reason=True,
        ),
    ],
)


def term_problems(kind, start_date, end_date, org=None):
    """(errors, warnings) about a contract's term, from the settings."""
    if end_date <= start_date:
        return [_("期限届满日期须晚于开始日期")], []
    months = policy.months_between(start_date, end_date)
    lo = policy.config.get("workplace.general_min_months", org)
    hi = policy.config.get("workplace.general_max_months", org)
    errors, warnings = [], []
    if not lo <= months <= hi:
        errors.append(
            _("合同期限 {months} 个月，须在 {lo}～{hi} 个月之间（{rule}）").format(
                months=months,
                lo=lo,
                hi=hi,
                rule=policy.config.describe("workplace.general_max_months", org),
            )
        )
    wage_months = policy.config.get("workplace.wage_term_months", org)
    if kind == ContractKind.WAGE and months != wage_months:
        warnings.append(
            _("工资专项集体合同通常 {usual} 个月，本合同 {months} 个月").format(
                usual=wage_months, months=months
            )
        )
    return errors, warnings


def _validate_contract(data, org):
    _sane_dates(start_date=data["start_date"], end_date=data["end_date"])
    errors, _warnings = term_problems(data["kind"], data["start_date"], data["end_date"], org)
    problems = {}
    if errors:
        problems["end_date"] = errors
    if data["kind"] == ContractKind.WAGE:
        for key, label in (
            ("wage_growth_pct", _("工资增长幅度")),
            ("lowest_wage", _("企业最低工资")),
            ("pay_day", _("工资支付日期")),
        ):
            if data.get(key) in (None, ""):
                problems[key] = _("工资专项集体合同须写明{label}").format(label=label)
    if data.get("lowest_wage") is not None and data["lowest_wage"] <= 0:
        problems["lowest_wage"] = _("最低工资须大于 0")
    if problems:
        raise ValidationError(problems)


CONTRACT_FIELDS = (
    "kind",
    "title",
    "body",
    "start_date",
    "end_date",
    "workers_covered",
    "wage_growth_pct",
    "lowest_wage",
    "pay_day",
    "employer_party",
)


@transaction.atomic
def draft_contract(
    *,
    actor,
    org,
    kind,
    coverage,
    title,
    body,
    start_date,
    end_date,
    employer=None,
    employer_party="",
    covered_employers=(),
    consultation=None,
    workers_covered=0,
    wage_growth_pct=None,
    lowest_wage=None,
    pay_day="",
):
    """A contract draft, usually from an agreed consultation (whose coverage it takes)."""
    require_perm("workplace.change_contract")
    if not org_in_scope(org):
        raise PermissionDenied
    if consultation is not None:
        if consultation.status != ConsultationStatus.AGREED:
            raise ValidationError(_("协商尚未达成一致"))
        # Unscoped: one contract per consultation, wherever it is held (uniqueness).
        if Contract.unscoped.filter(consultation=consultation).exists():
            raise ValidationError(_("该协商已形成合同草案"))
        org, coverage, employer = consultation.org, consultation.coverage, consultation.employer
        covered_employers = list(consultation.covered_employers.all())
        employer_party = employer_party or consultation.employer_party
    covered = _coverage_employers(
        org=org, coverage=coverage, employer=employer, covered_employers=covered_employers
    )
    data = {
        "kind": kind,
        "title": title,
        "body": body,
        "start_date": start_date,
        "end_date": end_date,
        "wage_growth_pct": wage_growth_pct,
        "lowest_wage": lowest_wage,
        "pay_day": pay_day,
    }
    _validate_contract(data, org)
    if not workers_covered:
        workers_covered = sum(e.headcount for e in covered)
    return _create_covering(
        Contract,
        "workplace.contract.draft",
        actor=actor,
        org=org,
        coverage=coverage,
        employer=employer,
        employer_party=employer_party,
        covered=covered,
        consultation=consultation,
        workers_covered=workers_covered,
        **data,
    )


@transaction.atomic
def update_contract(*, actor, contract, version=None, **fields):
    require_perm("workplace.change_contract")
    _check_version(contract, version)
    if contract.status != ContractStatus.DRAFT:
        raise ValidationError(_("只有草案可以修改"))
    before = audit.snapshot(contract)
    for key in CONTRACT_FIELDS:
        if key in fields:
            setattr(contract, key, fields[key])
    _validate_contract({k: getattr(contract, k) for k in CONTRACT_FIELDS}, contract.org)
    contract.version += 1
    contract.save()
    audit.record_edit(actor, "workplace.contract.update", contract, before)
    return contract


def _set_deadline(contract, field, key, start):
    due = policy.deadline(start, policy.config.get(key, contract.org), contract.org)
    setattr(contract, field, due.due)
    notes = dict(contract.deadline_notes or {})
    notes[field] = _("{text}，至 {due}；{rule}").format(
        text=due.text, due=f"{due.due:%Y-%m-%d}", rule=policy.config.describe(key, contract.org)
    )
    contract.deadline_notes = notes
    return due


@transaction.atomic
def sign_contract(*, actor, contract, signed_on, union_signatory, employer_signatory):
    """Chief representatives sign; the filing deadline starts. Effects: status ``signed``."""
    _sane_dates(signed_on=signed_on)
    if contract.approved_on and signed_on < contract.approved_on:
        raise ValidationError({"signed_on": _("签字日期不能早于职代会通过日期")})
    contract.signed_on = signed_on
    contract.union_signatory, contract.employer_signatory = union_signatory, employer_signatory
    _set_deadline(contract, "filing_due", "workplace.contract_filing_days", signed_on)
    CONTRACT_WF.apply(contract, "sign", actor=actor)
    audit.record(actor, "workplace.contract.sign", contract)
    return contract


@transaction.atomic
def file_contract(*, actor, contract, filed_on, authority):
    """Filed with the labour authority; the review period starts. Effects: status ``filed``;
    ``review_ends``; late filing is kept visible (filed_on after filing_due)."""
    _sane_dates(filed_on=filed_on)
    if filed_on < contract.signed_on:
        raise ValidationError({"filed_on": _("报送日期不能早于签字日期")})
    contract.filed_on, contract.authority = filed_on, authority
    _set_deadline(contract, "review_ends", "workplace.contract_review_days", filed_on)
    CONTRACT_WF.apply(contract, "file", actor=actor)
    audit.record(
        actor, "workplace.contract.file", contract, extra={"late": filed_on > contract.filing_due}
    )
    return contract


# the step's note when the authority's reply came without one, or never came (``core.notes``:
# kept as the message, worded when read, ``WorkflowEvent.reason_text``)
NO_OBJECTION = gettext_noop("审查机关无异议")
LAPSED = gettext_noop("审查期满未提出异议")


def _take_effect(contract, effective_on, actor, reason=""):
    contract.effective_on = effective_on
    _set_deadline(contract, "publish_due", "workplace.contract_publish_days", effective_on)
    CONTRACT_WF.apply(contract, "take_effect", actor=actor, reason=reason)
    audit.record(
        actor, "workplace.contract.in_force", contract, extra={"effective_on": str(effective_on)}
    )


@transaction.atomic
def record_authority_reply(*, actor, contract, reply_on, objection, note=""):
    """The authority's reply: an objection sends the contract back; none puts it in force."""
    _sane_dates(reply_on=reply_on)
    if reply_on < contract.filed_on:
        raise ValidationError({"reply_on": _("审查意见日期不能早于报送日期")})
    contract.authority_reply_on, contract.authority_note = reply_on, note
    if objection:
        if not note.strip():
            raise ValidationError({"note": _("请填写审查机关的异议内容")})
        CONTRACT_WF.apply(contract, "object", actor=actor, reason=note)
        audit.record(actor, "workplace.contract.objected", contract)
    else:
        _take_effect(contract, reply_on, actor, reason=note or notes.compose(NO_OBJECTION))
    return contract


@transaction.atomic
def confirm_in_force_by_lapse(*, actor, contract, today=None):
    """No objection within the review period: in force from the day after it ends."""
    today = _today(today)
    if contract.review_ends is None or today <= contract.review_ends:
        raise ValidationError(
            _("审查期至 {review_ends} 届满，届满后方可确认生效").format(
                review_ends=contract.review_ends
            )
        )
    _take_effect(
        contract,
        contract.review_ends + datetime.timedelta(days=1),
        actor,
        reason=notes.compose(LAPSED),
    )
    return contract


@transaction.atomic
def publish_contract(*, actor, contract, published_on):
    """Published to the workers (dated; late publication stays visible)."""
    require_perm("workplace.change_contract")
    if contract.status != ContractStatus.IN_FORCE:
        raise ValidationError(_("合同生效后方可向职工公布"))
    _sane_dates(published_on=published_on)
    if published_on < contract.effective_on:
        raise ValidationError({"published_on": _("公布日期不能早于生效日期")})
    contract.published_on = published_on
    contract.save(update_fields=["published_on"])
    audit.record(
        actor,
        "workplace.contract.publish",
        contract,
        extra={"late": published_on > contract.publish_due},
    )
    return contract


@transaction.atomic
def revise_contract(*, actor, contract, reason):
    CONTRACT_WF.apply(contract, "revise", actor=actor, reason=reason)
    audit.record(actor, "workplace.contract.revise", contract, extra={"reason": reason})
    return contract


@transaction.atomic
def start_renewal(*, actor, contract, requested_on=None):
    """Open the next consultation for a contract nearing expiry (once per contract)."""
    require_perm("workplace.change_contract")
    if contract.status != ContractStatus.IN_FORCE:
        raise ValidationError(_("只有已生效的合同可以续签"))
    # Unscoped: one renewal per contract, wherever it is held (uniqueness).
    if Consultation.unscoped.filter(previous_contract=contract).exists():
        raise ValidationError(_("该合同已开始续签协商"))
    # Contract kinds and consultation kinds share their codes.
    consultation = open_consultation(
        actor=actor,
        org=contract.org,
        kind=contract.kind,
        coverage=contract.coverage,
        employer=contract.employer,
        employer_party=contract.employer_party,
        covered_employers=list(contract.covered_employers.all()),
        title=_("续签：{title}").format(title=contract.title),
        requested_on=_today(requested_on),
        previous_contract=contract,
    )
    return consultation
