"""Term changes (换届): the union drafts its election plan with the candidates (候选人预备人选)
and submits it; the upper level approves or returns it; the election runs in the assemblies
module; the result goes up for approval; the approved result sets the new term and officials."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.assemblies import conf as assemblies_conf
from gonghui.assemblies import counting
from gonghui.core import audit, config
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.core.workdays import add_working_days
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.models import GRASSROOTS_KINDS, OrgStatus, Term

from .. import conf
from ..enums import TermChangeStatus as S
from ..models import TermChange
from . import _common

SUBMIT, APPROVE = "organising.submit_term_change", "organising.approve_term_change"


def _upper_level(change, actor):
    """Only a level above the union decides on its plan and result (never the union itself)."""
    if current_scope().org_path == change.org.path:
        return _("换届计划和选举结果须由上级工会审批")
    return None


TERM_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition("submit", (S.DRAFT,), S.SUBMITTED, SUBMIT, gettext_lazy("报送上级审批")),
        Transition(
            "approve_plan", (S.SUBMITTED,), S.PLAN_APPROVED, APPROVE, gettext_lazy("批准换届计划"),
            guard=_upper_level,
        ),
        Transition(
            "return_plan", (S.SUBMITTED,), S.DRAFT, APPROVE, gettext_lazy("退回换届计划"), needs_reason=True,
            guard=_upper_level,
        ),
        Transition("set_up_election", (S.PLAN_APPROVED,), S.ELECTING, SUBMIT, gettext_lazy("安排换届选举")),
        Transition("submit_result", (S.ELECTING,), S.RESULT_SUBMITTED, SUBMIT, gettext_lazy("选举结果报上级")),
        Transition(
            "approve_result", (S.RESULT_SUBMITTED,), S.COMPLETED, APPROVE, gettext_lazy("批准选举结果"),
            guard=_upper_level,
        ),
        Transition(
            "return_result", (S.RESULT_SUBMITTED,), S.PLAN_APPROVED, APPROVE, gettext_lazy("退回重新选举"),
            needs_reason=True, guard=_upper_level,
        ),
        Transition(
            "withdraw", (S.DRAFT, S.SUBMITTED, S.PLAN_APPROVED, S.ELECTING), S.WITHDRAWN, SUBMIT,
            gettext_lazy("终止换届"), needs_reason=True,
        ),
    ],
)  # fmt: skip


def _locked(change):
    return TermChange.objects.select_for_update().get(pk=change.pk)


def _check_plan(org, seats, years, candidates, election_on):
    if years not in (3, 5):
        raise ValidationError({"years": _("任期为 3 年或 5 年")})
    candidates = _common.clean_candidates(candidates, seats)
    margin = config.get(assemblies_conf.ELECTION_MARGIN.key, org=org)
    problem = counting.check_margin(len(candidates), seats, margin)
    if problem:
        raise ValidationError(
            {"candidates": _("{problem}（差额 = {margin}）").format(problem=problem, margin=margin)}
        )
    if election_on is None:
        raise ValidationError({"election_on": _("请填写拟选举日期")})
    return candidates


@transaction.atomic
def draft_term_change(*, actor, org, plan, candidates, seats, years, election_on):
    """The union drafts its term-change plan. Effects: the term change, an audit event."""
    require_perm(SUBMIT)
    # A union outside the active subtree does not exist for this user.
    if not org_in_scope(org):
        raise Http404
    if org.kind not in GRASSROOTS_KINDS or org.status != OrgStatus.ACTIVE:
        raise ValidationError(_("只有正常状态的基层工会办理换届"))
    if TermChange.objects.filter(org=org).exclude(status__in=(S.COMPLETED, S.WITHDRAWN)).exists():
        raise ValidationError(_("该工会已有进行中的换届"))
    if not (plan or "").strip():
        raise ValidationError({"plan": _("请填写换届选举工作方案")})
    candidates = _check_plan(org, seats, years, candidates, election_on)
    change = TermChange.objects.create(
        org=org, term=Term.objects.filter(org=org, is_current=True).first(), plan=plan.strip(),
        candidates=candidates, seats=seats, years=years, election_on=election_on,
        created_by=actor,
    )  # fmt: skip
    audit.record(actor, "organising.term_change.draft", change, changes=audit.snapshot(change))
    return change


@transaction.atomic
def revise_plan(*, actor, change, plan, candidates, seats, years, election_on):
    """Edit a draft (or returned) plan."""
    require_perm(SUBMIT)
    change = _locked(change)
    if change.status != S.DRAFT:
        raise ValidationError(_("只有草拟或被退回的计划可以修改"))
    change.candidates = _check_plan(change.org, seats, years, candidates, election_on)
    change.plan, change.seats, change.years = plan.strip(), seats, years
    change.election_on = election_on
    change.save()
    audit.record(actor, "organising.term_change.revise", change)
    return change


@transaction.atomic
def submit_plan(*, actor, change):
    change = _locked(change)
    change.submitted_on = _common.today()
    return _common.report_up(
        TERM_WORKFLOW, change, "submit", "organising.term_change.submit", actor=actor,
        due_on=add_working_days(change.submitted_on, config.get(conf.PLAN_DAYS.key)),
    )  # fmt: skip


@transaction.atomic
def approve_plan(*, actor, change, document_no):
    """The upper level approves the plan and candidates (批复, with its 文号)."""
    change = _locked(change)
    _common.decide_in_writing(
        TERM_WORKFLOW,
        change,
        "approve_plan",
        actor=actor,
        fields=("plan_no", "plan_approved_on", "plan_approved_by"),
        number=document_no,
        due_on=max(change.election_on, _common.today()),
    )
    audit.record(actor, "organising.term_change.approve_plan", change, extra={"no": change.plan_no})
    return change


@transaction.atomic
def return_plan(*, actor, change, reason):
    return _common.send_back(
        TERM_WORKFLOW, _locked(change), "return_plan", "organising.term_change.return_plan",
        actor=actor, reason=reason,
    )  # fmt: skip


@transaction.atomic
def set_up_election(*, actor, change, starts_at, method="paper"):
    """Put the approved candidates on the ballot of the union's members' (delegates') meeting
    in the assemblies module."""
    change = _locked(change)
    return _common.set_up_election(
        TERM_WORKFLOW, change, "organising.term_change.election", actor=actor,
        union=change.org, title=f"{change.org.name}换届选举大会",  # i18n: data (a stored record's name)
        starts_at=starts_at, seats=change.seats, candidates=change.candidates, method=method,
        years=change.years,
    )  # fmt: skip


@transaction.atomic
def submit_result(*, actor, change):
    """Take the finished election's result and report it up for approval."""
    change = _locked(change)
    change.elected, change.election_text = _common.election_result(change.poll)
    change.result_submitted_on = _common.today()
    return _common.report_up(
        TERM_WORKFLOW, change, "submit_result", "organising.term_change.submit_result", actor=actor,
        due_on=add_working_days(change.result_submitted_on, config.get(conf.APPROVAL_DAYS.key)),
    )  # fmt: skip


@transaction.atomic
def approve_result(*, actor, change, document_no, chair=""):
    """The upper level approves the result: the new term starts today and the elected take
    their planned positions (the previous term's officials leave office)."""
    change = _locked(change)
    document_no = _common.document_no(document_no)
    officials = _common.officials_from(change.candidates, change.elected, chair)
    _common.decide_in_writing(
        TERM_WORKFLOW,
        change,
        "approve_result",
        actor=actor,
        fields=("result_no", "result_approved_on", "result_approved_by"),
        number=document_no,
        due_on=None,
    )
    term = _common.start_term_with(
        actor=actor, org=change.org, seats=change.seats, officials=officials,
        start_date=change.result_approved_on, years=change.years,
        approval_no=change.result_no,
    )  # fmt: skip
    change.new_term = term
    change.save(update_fields=["new_term"])
    audit.record(actor, "organising.term_change.approve_result", change, extra={"term": term.pk})
    return change


@transaction.atomic
def return_result(*, actor, change, reason):
    return _common.send_back(
        TERM_WORKFLOW, _locked(change), "return_result", "organising.term_change.return_result",
        actor=actor, reason=reason, poll=None, elected=[], election_text="",
    )  # fmt: skip


@transaction.atomic
def withdraw_term_change(*, actor, change, reason):
    return _common.send_back(
        TERM_WORKFLOW, _locked(change), "withdraw", "organising.term_change.withdraw",
        actor=actor, reason=reason,
    )  # fmt: skip
