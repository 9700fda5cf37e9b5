"""Term changes (换届): the list of terms due with their process step, starting a change, one
change's steps and documents, and one route per step's action."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import require_perm
from gonghui.orgs.models import GRASSROOTS_KINDS, Org, Position
from gonghui.orgs.selectors import term_alerts

from .. import conf, documents, selectors
from ..enums import TermChangeStatus
from ..forms import DocumentNoForm, ReasonForm, ResultApprovalForm, TermElectionForm, TermPlanForm
from ..models import TermChange
from ..services import terms as services
from ._common import form_page, page_of, step_call, step_page, timeline

VIEW = "organising.view_term_change"


@scoped_view(VIEW)
def term_change_list(request):
    expiring, overdue = term_alerts()
    due = list(overdue[:200]) + list(expiring[:200])
    steps = selectors.term_steps(due)
    for term in due:
        term.step = steps.get(term.org_id)
    changes, _founds = selectors.waiting_for_upper_level()
    context = {
        "due": due,
        "page": page_of(request, selectors.term_changes("open")),
        "waiting": changes,
        "rule": config.describe("orgs.term_warning_days"),
    }
    return render(request, "organising/term_change_list.html", context)


def _plan_kwargs(data):
    return {k: data[k] for k in ("plan", "candidates", "seats", "years", "election_on")}


@scoped_view(
    "organising.submit_term_change",
    lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code"),
)
def term_change_start(request, org):
    if org.kind not in GRASSROOTS_KINDS:
        raise Http404
    form = TermPlanForm(request.POST or None)
    back = reverse("organising:term_changes")

    def save(data):
        change = services.draft_term_change(actor=request.user, org=org, **_plan_kwargs(data))
        return reverse("organising:term_change", args=[change.pk])

    return form_page(request, form, title=_("换届选举计划：%s") % org.name, back=back,
                     on_valid=save, intro=_("计划连同候选人预备人选报上级工会批准后，方可组织选举。"))  # fmt: skip


_CHANGE = Lookup(
    lambda: TermChange.objects.select_related("org", "term", "poll", "new_term"), name="change"
)


def _upper_name(change):
    parent = change.org.get_parent()
    return parent.name if parent else ""


@scoped_view(VIEW, lookup=_CHANGE)
def term_change_detail(request, change):
    positions = dict(Position.choices)
    context = {
        "change": change,
        "candidates": [(c["name"], positions.get(c["position"], "")) for c in change.candidates],
        "actions": _actions(change, request.user),
        "documents": documents.term_available(change),
        "history": timeline(services.TERM_WORKFLOW, change),
        "officials": selectors.by_position(change.new_term.officials.all())
        if change.new_term_id
        else [],
        "deadline_rule": _deadline_rule(change.status),
    }
    return render(request, "organising/term_change_detail.html", context)


def _actions(change, user):
    available = [
        (t.name, t.label, ACTIONS[t.name][1] is not None)
        for t in services.TERM_WORKFLOW.available(change, user)
    ]
    if selectors.can_revise_plan(change) and any(n == "submit" for n, _l, _f in available):
        available.insert(0, ("revise", _("修改换届计划"), True))
    return available


def _deadline_rule(status):
    setting = {
        TermChangeStatus.SUBMITTED: conf.PLAN_DAYS,
        TermChangeStatus.RESULT_SUBMITTED: conf.APPROVAL_DAYS,
    }.get(status)
    return config.describe(setting.key) if setting else ""


def _run(service, data=lambda d: d):
    return step_call(service, "change", data)


ACTIONS = {
    "submit": (gettext_lazy("报送上级审批"), None, _run(services.submit_plan)),
    "revise": (
        gettext_lazy("修改换届计划"),
        TermPlanForm,
        _run(services.revise_plan, _plan_kwargs),
    ),
    "approve_plan": (gettext_lazy("批准换届计划"), DocumentNoForm, _run(services.approve_plan)),
    "return_plan": (gettext_lazy("退回换届计划"), ReasonForm, _run(services.return_plan)),
    "set_up_election": (
        gettext_lazy("安排换届选举"),
        TermElectionForm,
        _run(services.set_up_election),
    ),
    "submit_result": (gettext_lazy("选举结果报上级"), None, _run(services.submit_result)),
    "approve_result": (
        gettext_lazy("批准选举结果"),
        ResultApprovalForm,
        _run(services.approve_result),
    ),
    "return_result": (gettext_lazy("退回重新选举"), ReasonForm, _run(services.return_result)),
    "withdraw": (gettext_lazy("终止换届"), ReasonForm, _run(services.withdraw_term_change)),
}


@scoped_view(VIEW, lookup=_CHANGE)
def term_change_action(request, change, action):
    if action not in ACTIONS:
        raise Http404
    name = "submit" if action == "revise" else action
    # the step's own permission (the workflow names it), checked before its form shows
    require_perm(services.TERM_WORKFLOW.get(name).permission)
    form_class = ACTIONS[action][1]
    kwargs = {"elected": change.elected} if form_class is ResultApprovalForm else {}
    if form_class is TermPlanForm:
        lines = [f"{c['name']} {dict(Position.choices)[c['position']]}" for c in change.candidates]
        kwargs["initial"] = {
            "plan": change.plan,
            "seats": change.seats,
            "years": change.years,
            "election_on": change.election_on,
            "candidates": "\n".join(lines),
        }
    return step_page(
        request, change, ACTIONS[action], back=reverse("organising:term_change", args=[change.pk]),
        name=change.org.name, intro=_deadline_rule(change.status), form_kwargs=kwargs,
    )  # fmt: skip


@scoped_view(VIEW, lookup=_CHANGE)
def term_change_document(request, change, kind):
    doc = documents.term_document(change, kind, _upper_name(change))
    if doc is None:
        raise Http404
    return pdf_response("organising/pdf/letter.html", {"doc": doc}, f"{doc['title']}.pdf",
                        request=request)  # fmt: skip
