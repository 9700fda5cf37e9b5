"""Founding a union: the list, one founding's steps with deadlines and documents, and one route
for each step's action (a form where the step needs input, a button where it does not)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import require_perm
from gonghui.members.models import KEEPS_MEMBERSHIP, ApplicationStatus, JoinApplication, Member

from .. import conf, documents, selectors
from ..enums import FoundingStatus
from ..forms import DocumentNoForm, ElectionForm, ReasonForm, RegisterForm
from ..models import Founding
from ..services import foundings as services
from ._common import page_of, step_call, step_page, timeline

VIEW = "organising.view_prospect"
STEPS = [
    (FoundingStatus.PREPARING, gettext_lazy("组建筹备组"), "created_at"),
    (FoundingStatus.CONSENT_REQUESTED, gettext_lazy("上级书面同意筹备"), "consented_on"),
    (FoundingStatus.RECRUITING, gettext_lazy("发展会员"), None),
    (FoundingStatus.ELECTING, gettext_lazy("会员大会选举"), None),
    (FoundingStatus.APPROVAL_REQUESTED, gettext_lazy("上级批复"), "approved_on"),
    (FoundingStatus.APPROVED, gettext_lazy("登记建会"), "registered_on"),
]


@scoped_view(VIEW)
def founding_list(request):
    status = request.GET.get("status", "open")
    rows = selectors.foundings(status if status in ("open", *FoundingStatus.values) else "open")
    context = {"page": page_of(request, rows), "status": status, "statuses": FoundingStatus.choices}
    return render(request, "organising/founding_list.html", context)


_FOUNDING = Lookup(
    lambda: Founding.objects.select_related("org", "employer", "union", "poll", "prospect"),
    name="founding",
)


def _recruitment(founding):
    if founding.union_id is None:
        return None
    return {
        "members": Member.objects.filter(org=founding.union, status__in=KEEPS_MEMBERSHIP).count(),
        "pending": JoinApplication.objects.filter(
            org=founding.union, status=ApplicationStatus.PENDING
        ).count(),
    }


@scoped_view(VIEW, lookup=_FOUNDING)
def founding_detail(request, founding):
    order = [s for s, _l, _f in STEPS]
    current = founding.status
    position = order.index(current) if current in order else len(order)
    if current == FoundingStatus.ELECTED:
        position = order.index(FoundingStatus.APPROVAL_REQUESTED)
    steps = [
        {"label": label, "done": i < position or current == FoundingStatus.REGISTERED,
         "current": i == position and current != FoundingStatus.REGISTERED}
        for i, (_s, label, _f) in enumerate(STEPS)
    ]  # fmt: skip
    context = {
        "founding": founding,
        "steps": steps,
        "actions": [
            (t.name, t.label, ACTIONS[t.name][1] is not None)
            for t in services.FOUNDING_WORKFLOW.available(founding, request.user)
        ],
        "documents": documents.founding_available(founding),
        "history": timeline(services.FOUNDING_WORKFLOW, founding),
        "recruitment": _recruitment(founding),
        "deadline_rule": _deadline_rule(current),
    }
    return render(request, "organising/founding_detail.html", context)


def _deadline_rule(status):
    setting = {
        FoundingStatus.CONSENT_REQUESTED: conf.CONSENT_DAYS,
        FoundingStatus.RECRUITING: conf.MEETING_DAYS,
        FoundingStatus.ELECTING: conf.MEETING_DAYS,
        FoundingStatus.APPROVAL_REQUESTED: conf.APPROVAL_DAYS,
        FoundingStatus.APPROVED: conf.REGISTRATION_DAYS,
    }.get(status)
    return config.describe(setting.key) if setting else ""


def _run(service):
    return step_call(service, "founding")


# action -> (title, form class or None, call(request, founding, cleaned data))
ACTIONS = {
    "request_consent": (gettext_lazy("报请上级同意筹备"), None, _run(services.request_consent)),
    "consent": (gettext_lazy("同意筹备"), DocumentNoForm, _run(services.give_consent)),
    "return_consent": (gettext_lazy("退回筹备申请"), ReasonForm, _run(services.return_consent)),
    "set_up_election": (
        gettext_lazy("安排会员大会选举"),
        ElectionForm,
        _run(services.set_up_election),
    ),
    "record_election": (gettext_lazy("确认选举结果"), None, _run(services.record_election)),
    "request_approval": (gettext_lazy("报请上级批复"), None, _run(services.request_approval)),
    "approve": (gettext_lazy("批复同意"), DocumentNoForm, _run(services.approve_founding)),
    "return_approval": (gettext_lazy("退回重新选举"), ReasonForm, _run(services.return_approval)),
    "register": (gettext_lazy("登记建会"), RegisterForm, _run(services.register_union)),
    "withdraw": (gettext_lazy("终止建会"), ReasonForm, _run(services.withdraw_founding)),
}


@scoped_view(VIEW, lookup=_FOUNDING)
def founding_action(request, founding, action):
    if action not in ACTIONS:
        raise Http404
    # the step's own permission (the workflow names it), checked before its form shows
    require_perm(services.FOUNDING_WORKFLOW.get(action).permission)
    kwargs = {"elected": founding.elected} if ACTIONS[action][1] is RegisterForm else {}
    return step_page(
        request, founding, ACTIONS[action], back=reverse("organising:founding", args=[founding.pk]),
        name=founding.union_name, intro=_deadline_rule(founding.status), form_kwargs=kwargs,
    )  # fmt: skip


@scoped_view(VIEW, lookup=_FOUNDING)
def founding_document(request, founding, kind):
    doc = documents.founding_document(founding, kind)
    if doc is None:
        raise Http404
    return pdf_response("organising/pdf/letter.html", {"doc": doc}, f"{doc['title']}.pdf",
                        request=request)  # fmt: skip
