"""Employers without a union: assigning organisers, recording visits, the pipeline
(发现 → 联系 → 筹备 → 建会) and joining a union that covers several employers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit
from gonghui.core.models import RoleAssignment
from gonghui.core.roles import STAFF_ROLES
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs import services as orgs_services
from gonghui.orgs.models import MULTI_EMPLOYER_KINDS, OrgStatus

from ..enums import Stage
from ..models import Prospect, Visit
from ._common import today

PROSPECT_WORKFLOW = Workflow(
    state_field="stage",
    transitions=[
        Transition("contact", (Stage.FOUND,), Stage.CONTACTED, "organising.work_prospect", gettext_lazy("联系")),
        Transition(
            "prepare", (Stage.FOUND, Stage.CONTACTED), Stage.PREPARING,
            "organising.run_founding", gettext_lazy("开始筹备"),
        ),
        Transition(
            "reopen", (Stage.PREPARING,), Stage.CONTACTED, "organising.run_founding", gettext_lazy("终止筹备"),
        ),
        Transition(
            "found", (Stage.PREPARING,), Stage.FOUNDED, "organising.register_union", gettext_lazy("建会"),
        ),
        Transition(
            "join", (Stage.FOUND, Stage.CONTACTED, Stage.PREPARING), Stage.FOUNDED,
            "organising.work_prospect", gettext_lazy("加入联合/区域性/行业性工会"),
        ),
    ],
)  # fmt: skip


def _require_no_union(employer):
    # An employer outside the scope does not exist for this user.
    if not org_in_scope(employer.org):
        raise Http404
    if employer.has_union:
        raise ValidationError(_("该单位已建立工会"))


def prospect_for(employer):
    """The employer's prospect row, made on first use (the registry rows need none until work
    starts). Locked for the caller's transaction."""
    prospect = (
        Prospect.unscoped.select_for_update().filter(employer=employer).first()
    )  # unscoped: one prospect per employer whatever the caller's scope (uniqueness)
    if prospect is None:
        _require_no_union(employer)
        prospect = Prospect.unscoped.create(
            org=employer.org, employer=employer
        )  # unscoped: one prospect per employer whatever the caller's scope (uniqueness)
        prospect = Prospect.unscoped.select_for_update().get(
            pk=prospect.pk
        )  # unscoped: the row just created, locked
    return prospect


def _check_organiser(organiser, prospect):
    """An organiser is a staff member of the prospect's union, of a union above it, or of one
    in the acting scope."""
    if organiser is None:
        return
    scope = current_scope()
    path = prospect.org.path
    holds = RoleAssignment.objects.filter(
        user=organiser, is_active=True, role__in=STAFF_ROLES
    ).select_related("org")
    for assignment in holds:
        org_path = assignment.org.path
        if path.startswith(org_path) or org_path.startswith(scope.org_path):
            return
    raise ValidationError({"organiser": _("组织员须为本工会或上级工会的工作人员")})


@transaction.atomic
def assign_organiser(*, actor, employer, organiser, next_visit_on=None):
    """Give the employer an organiser (or take it away with ``None``). Effects: the prospect
    (made if new), an audit event."""
    require_perm("organising.assign_organiser")
    prospect = prospect_for(employer)
    _check_organiser(organiser, prospect)
    before = prospect.organiser_id
    prospect.organiser = organiser
    if next_visit_on is not None:
        prospect.next_visit_on = next_visit_on
    prospect.version += 1
    prospect.save()
    audit.record(
        actor, "organising.prospect.assign", prospect,
        changes={"organiser": [before, organiser.pk if organiser else None]},
    )  # fmt: skip
    return prospect


@transaction.atomic
def record_visit(
    *, actor, employer, kind, visited_on, summary, contact_name="", next_visit_on=None
):
    """Record a visit, call or meeting. The first contact moves the employer from 发现 to 联系;
    the next visit date is kept on the prospect for the organiser's home."""
    require_perm("organising.work_prospect")
    prospect = prospect_for(employer)
    if not (summary or "").strip():
        raise ValidationError({"summary": _("请填写情况记录")})
    if visited_on > today():
        raise ValidationError({"visited_on": _("走访日期不能晚于今天")})
    if next_visit_on is not None and next_visit_on < visited_on:
        raise ValidationError({"next_visit_on": _("下次走访日期不能早于本次")})
    visit = Visit.unscoped.create(  # unscoped: a plain create; the employer was checked in scope by the caller
        org=prospect.org, prospect=prospect, kind=kind, visited_on=visited_on,
        summary=summary.strip(), contact_name=(contact_name or "").strip(),
        next_visit_on=next_visit_on, recorded_by=actor,
    )  # fmt: skip
    prospect.next_visit_on = next_visit_on
    if prospect.stage == Stage.FOUND:
        prospect.contacted_on = visited_on
        PROSPECT_WORKFLOW.apply(prospect, "contact", actor=actor)
    else:
        prospect.save()
    audit.record(actor, "organising.visit.create", visit, extra={"employer": employer.pk})
    return visit


@transaction.atomic
def join_multi_union(*, actor, employer, union):
    """A small employer joins a joint, area or sector union (联合/区域性/行业性工会): its record
    moves to that union (so it counts as unionised) and the pipeline reaches 建会."""
    require_perm("organising.work_prospect")
    prospect = prospect_for(employer)
    if not org_in_scope(union) or union.kind not in MULTI_EMPLOYER_KINDS:
        raise ValidationError({"union": _("请选择本辖区内的联合工会或区域性、行业性工会")})
    if union.status != OrgStatus.ACTIVE:
        raise ValidationError({"union": _("该工会已撤销或合并")})
    if prospect.foundings.exclude(status__in=("registered", "withdrawn")).exists():
        raise ValidationError(_("该单位正在单独建会，请先终止建会流程"))
    orgs_services.update_employer(actor=actor, employer=employer, org=union)
    prospect.union = union
    prospect.founded_on = today()
    PROSPECT_WORKFLOW.apply(prospect, "join", actor=actor)
    audit.record(actor, "organising.prospect.join", prospect, extra={"union": union.code})
    return prospect
