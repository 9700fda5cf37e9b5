"""Founding a union (建会): preparatory group → the upper level's consent → member recruitment
(the new union's online joining code) → the founding members' meeting and its election (in the
assemblies module) → the upper level's approval (批复) → registration: the union's code, its place
in the tree, its officials and first term. Each step has a deadline in working days."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config
from gonghui.core.scoping import require_perm
from gonghui.core.workdays import add_working_days
from gonghui.core.workflow import Transition, Workflow
from gonghui.members import services as member_services
from gonghui.members.models import Member
from gonghui.orgs import services as orgs_services
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.services import ALLOWED_CHILDREN

from .. import conf
from ..enums import FoundingStatus as S
from ..enums import Stage
from ..models import Founding
from . import _common
from .prospects import PROSPECT_WORKFLOW, prospect_for

RUN, APPROVE, REGISTER = (
    "organising.run_founding",
    "organising.approve_founding",
    "organising.register_union",
)
FOUNDING_KINDS = (OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.AREA, OrgKind.SECTOR)


def _not_requester(field):
    """Four eyes: whoever asked for a decision may not give it."""

    def guard(founding, actor):
        if getattr(founding, f"{field}_id") == actor.pk:
            return _("报请人不能自己审批（须由上级工会的另一名负责人审批）")
        return None

    return guard


FOUNDING_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition("request_consent", (S.PREPARING,), S.CONSENT_REQUESTED, RUN, gettext_lazy("报请上级同意筹备")),
        Transition(
            "consent", (S.CONSENT_REQUESTED,), S.RECRUITING, APPROVE, gettext_lazy("同意筹备"),
            guard=_not_requester("requested_by"),
        ),
        Transition(
            "return_consent", (S.CONSENT_REQUESTED,), S.PREPARING, APPROVE, gettext_lazy("退回筹备申请"),
            needs_reason=True, guard=_not_requester("requested_by"),
        ),
        Transition("set_up_election", (S.RECRUITING,), S.ELECTING, RUN, gettext_lazy("安排会员大会选举")),
        Transition("record_election", (S.ELECTING,), S.ELECTED, RUN, gettext_lazy("确认选举结果")),
        Transition("request_approval", (S.ELECTED,), S.APPROVAL_REQUESTED, RUN, gettext_lazy("报请上级批复")),
        Transition(
            "approve", (S.APPROVAL_REQUESTED,), S.APPROVED, APPROVE, gettext_lazy("批复同意"),
            guard=_not_requester("approval_requested_by"),
        ),
        Transition(
            "return_approval", (S.APPROVAL_REQUESTED,), S.RECRUITING, APPROVE, gettext_lazy("退回重新选举"),
            needs_reason=True, guard=_not_requester("approval_requested_by"),
        ),
        Transition("register", (S.APPROVED,), S.REGISTERED, REGISTER, gettext_lazy("登记建会")),
        Transition(
            "withdraw",
            (S.PREPARING, S.CONSENT_REQUESTED, S.RECRUITING, S.ELECTING, S.ELECTED),
            S.WITHDRAWN, RUN, gettext_lazy("终止建会"), needs_reason=True,
        ),
    ],
)  # fmt: skip


def _due(days_setting):
    return add_working_days(_common.today(), config.get(days_setting.key))


def _locked(founding):
    return Founding.objects.select_for_update().get(pk=founding.pk)


@transaction.atomic
def start_founding(*, actor, employer, union_name, committee, contact, union_kind="grassroots"):
    """The street (or industry) union starts founding a union at ``employer`` with its
    preparatory group. Effects: the founding, the prospect at 筹备, an audit event."""
    require_perm(RUN)
    prospect = prospect_for(employer)
    org = prospect.org
    if union_kind not in FOUNDING_KINDS or union_kind not in ALLOWED_CHILDREN.get(org.kind, ()):
        raise ValidationError(
            {"union_kind": _("{kind}下不能设立该类工会").format(kind=org.get_kind_display())}
        )
    if prospect.foundings.exclude(status__in=(S.REGISTERED, S.WITHDRAWN)).exists():
        raise ValidationError(_("该单位已有进行中的建会流程"))
    if not (union_name or "").strip():
        raise ValidationError({"union_name": _("请填写拟成立工会名称")})
    if not (committee or "").strip():
        raise ValidationError({"committee": _("请填写筹备组成员")})
    founding = Founding.objects.create(
        org=org, prospect=prospect, employer=employer, union_name=union_name.strip(),
        union_kind=union_kind, committee=committee.strip(), contact=(contact or "").strip(),
        created_by=actor,
    )  # fmt: skip
    if prospect.stage != Stage.PREPARING:
        prospect.preparing_on = _common.today()
        PROSPECT_WORKFLOW.apply(prospect, "prepare", actor=actor)
    audit.record(actor, "organising.founding.start", founding, changes=audit.snapshot(founding))
    return founding


@transaction.atomic
def request_consent(*, actor, founding):
    """Ask the upper level to consent to the preparation; it answers within N working days."""
    founding = _locked(founding)
    founding.requested_on, founding.requested_by = _common.today(), actor
    return _common.report_up(
        FOUNDING_WORKFLOW, founding, "request_consent", "organising.founding.request_consent",
        actor=actor, due_on=_due(conf.CONSENT_DAYS),
    )  # fmt: skip


@transaction.atomic
def give_consent(*, actor, founding, document_no):
    """The upper level consents in writing (文号). The union is placed in the tree now, under
    the upper level, so that workers can join it online with its code; its employer stays
    without a union (coverage unchanged) until registration."""
    founding = _common.decide_in_writing(
        FOUNDING_WORKFLOW,
        _locked(founding),
        "consent",
        actor=actor,
        fields=("consent_no", "consented_on", "consented_by"),
        number=document_no,
        due_on=_due(conf.MEETING_DAYS),
        message=_("请填写同意筹备的批复文号"),
    )
    if founding.union_id is None:
        founding.union = orgs_services.create_org(
            actor=actor, parent=founding.org, kind=founding.union_kind,
            code=f"{founding.org.code}-JH{founding.pk}"[:30], name=founding.union_name,
        )  # fmt: skip
        founding.save(update_fields=["union"])
    audit.record(actor, "organising.founding.consent", founding, extra={"no": founding.consent_no})
    return founding


@transaction.atomic
def return_consent(*, actor, founding, reason):
    return _common.send_back(
        FOUNDING_WORKFLOW, _locked(founding), "return_consent",
        "organising.founding.return_consent", actor=actor, reason=reason,
    )  # fmt: skip


@transaction.atomic
def set_up_election(*, actor, founding, seats, candidates, starts_at, method="paper", term_years=5):
    """Set up the founding members' meeting in the assemblies module: all members recruited so
    far are its voters; the committee's candidates go on the ballot in stroke order."""
    founding = _locked(founding)
    if term_years not in (3, 5):
        raise ValidationError({"term_years": _("任期为 3 年或 5 年")})
    candidates = _common.clean_candidates(candidates, seats)
    founding.seats, founding.candidates, founding.term_years = seats, candidates, term_years
    return _common.set_up_election(
        FOUNDING_WORKFLOW, founding, "organising.founding.election", actor=actor,
        union=founding.union, title=f"{founding.union_name}成立大会（会员大会）",  # i18n: data (a stored record's name)
        starts_at=starts_at, seats=seats, candidates=candidates, method=method, years=term_years,
    )  # fmt: skip


@transaction.atomic
def record_election(*, actor, founding):
    """Take the result of the finished election (counted and confirmed in assemblies)."""
    founding = _locked(founding)
    founding.elected, founding.election_text = _common.election_result(founding.poll)
    FOUNDING_WORKFLOW.apply(founding, "record_election", actor=actor)
    audit.record(
        actor, "organising.founding.elected", founding, extra={"elected": founding.elected}
    )
    return founding


@transaction.atomic
def request_approval(*, actor, founding):
    """Report the election to the upper level for approval (批复) within N working days."""
    founding = _locked(founding)
    founding.approval_requested_on, founding.approval_requested_by = _common.today(), actor
    return _common.report_up(
        FOUNDING_WORKFLOW, founding, "request_approval", "organising.founding.request_approval",
        actor=actor, due_on=_due(conf.APPROVAL_DAYS),
    )  # fmt: skip


@transaction.atomic
def approve_founding(*, actor, founding, document_no):
    """The upper level approves the election result in writing (批复, with its 文号)."""
    founding = _common.decide_in_writing(
        FOUNDING_WORKFLOW,
        _locked(founding),
        "approve",
        actor=actor,
        fields=("approval_no", "approved_on", "approved_by"),
        number=document_no,
        due_on=_due(conf.REGISTRATION_DAYS),
    )
    audit.record(actor, "organising.founding.approve", founding, extra={"no": founding.approval_no})
    return founding


@transaction.atomic
def return_approval(*, actor, founding, reason):
    """The upper level returns the result: the meeting and its election are held again."""
    return _common.send_back(
        FOUNDING_WORKFLOW, _locked(founding), "return_approval",
        "organising.founding.return_approval", actor=actor, reason=reason,
        due_on=_due(conf.MEETING_DAYS), poll=None, elected=[], election_text="",
    )  # fmt: skip


@transaction.atomic
def register_union(*, actor, founding, code, established_on, chair=""):
    """Register the new union: its code and founding date, the employer's record moved to it
    (so coverage counts it), members without an employer attributed to it, the first term and
    its officials from the approved result, the prospect at 建会."""
    founding = _locked(founding)
    union = founding.union
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("请填写工会组织代码")})
    if Org.objects.filter(code=code).exclude(pk=union.pk).exists():
        raise ValidationError({"code": _("组织代码已存在")})
    officials = _common.officials_from(founding.candidates, founding.elected, chair)
    FOUNDING_WORKFLOW.apply(founding, "register", actor=actor)
    founding.registered_on, founding.due_on = established_on, None
    founding.save()
    union = orgs_services.update_org(
        actor=actor, org=union, code=code, established_on=established_on
    )
    employer = orgs_services.update_employer(actor=actor, employer=founding.employer, org=union)
    for member in Member.objects.filter(org=union, employer__isnull=True):
        member_services.update_member(actor=actor, member=member, employer=employer)
    _common.start_term_with(
        actor=actor, org=union, seats=founding.seats, officials=officials,
        start_date=established_on, years=founding.term_years,
        number=1, approval_no=founding.approval_no,
    )  # fmt: skip
    prospect = prospect_for(founding.employer)
    prospect.union, prospect.founded_on = union, established_on
    PROSPECT_WORKFLOW.apply(prospect, "found", actor=actor)
    audit.record(actor, "organising.founding.register", founding, extra={"code": code})
    return founding


@transaction.atomic
def withdraw_founding(*, actor, founding, reason):
    """Stop the founding (the employer goes back to 联系). A union already placed in the tree
    for recruitment stays there; dissolve it in the tree if it holds nobody."""
    founding = _common.send_back(
        FOUNDING_WORKFLOW, _locked(founding), "withdraw", "organising.founding.withdraw",
        actor=actor, reason=reason,
    )  # fmt: skip
    prospect = prospect_for(founding.employer)
    PROSPECT_WORKFLOW.apply(prospect, "reopen", actor=actor, reason=reason or "")
    return founding
