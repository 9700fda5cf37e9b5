"""Worker pages (phone) and the module overview."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import call_service
from gonghui.core.scoping import current_scope

from .. import forms, selectors, services
from ..models import (
    DisclosureAttachment,
)
from ._common import _scope_org, _year

# --- Worker pages (phone) ---------------------------------------------------------------------

# What a worker reads is their employer's (staff: their scope's), not the union's subtree.
OWN_DISCLOSURE = Lookup(
    lambda: selectors.worker_disclosures(current_scope().user).select_related(
        "employer", "category"
    ),
    name="disclosure",
)
OWN_CONTRACT = Lookup(
    lambda: selectors.worker_contracts(current_scope().user).select_related("employer"),
    name="contract",
)


@scoped_view("workplace.view_own")
def my_home(request):
    member = selectors.member_of(request.user)
    today = timezone.localdate()
    disclosures = (
        selectors.worker_disclosures(request.user)
        .select_related("employer", "category")
        .order_by("-posted_on", "-id")[:50]
    )
    return render(
        request,
        "workplace/my_home.html",
        {
            "member": member,
            "today": today,
            "disclosures": disclosures,
            "contracts": selectors.worker_contracts(request.user).select_related("employer")[:20],
            "questions": selectors.my_questions(request.user)[:20],
            "preview": selectors.is_staff_scope(),
        },
    )


@scoped_view("workplace.view_own", lookup=OWN_DISCLOSURE)
def my_disclosure(request, disclosure):
    member = selectors.member_of(request.user)
    can_ask = member is not None and member.employer_id == disclosure.employer_id
    form = forms.QuestionForm(request.POST or None) if can_ask else None
    if request.method == "POST" and form is not None and form.is_valid():
        _question, ok = call_service(
            form, services.ask_question, actor=request.user, disclosure=disclosure,
            **form.cleaned_data,
        )  # fmt: skip
        if ok:
            messages.success(request, _("已提交，工会将在期限内答复"))
            return redirect("workplace:my_disclosure", pk=disclosure.pk)
    return render(
        request,
        "workplace/my_disclosure.html",
        {
            "d": disclosure,
            "form": form,
            "attachments": selectors.worker_attachments(disclosure),
            "questions": selectors.my_questions(request.user).filter(disclosure=disclosure),
            "answer_days": config.get("workplace.question_answer_days", disclosure.org),
        },
    )


@scoped_view("workplace.view_own", lookup=OWN_CONTRACT)
def my_contract(request, contract):
    return render(request, "workplace/my_contract.html", {"c": contract})


def _attachments():
    """Staff: the attachments in scope; a worker: those of the disclosures they may read."""
    if selectors.is_staff_scope():
        return DisclosureAttachment.objects.all()
    # unscoped: the employer's union may sit outside the worker's scope (worker_attachment)
    return DisclosureAttachment.unscoped.filter(
        disclosure__in=selectors.worker_disclosures(current_scope().user)
    )


@scoped_view("workplace.view_own", lookup=Lookup(_attachments, name="attachment"))
def attachment_download(request, attachment):
    """A disclosure's attachment: staff in scope, or a worker of the item's employer."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


# --- Overview ---------------------------------------------------------------------------------


@scoped_view("workplace.view_contract")
def index(request):
    org = _scope_org(request)
    year = _year(request.GET.get("year")) or timezone.localdate().year
    return render(
        request,
        "workplace/index.html",
        {
            "org": org,
            "year": year,
            "stats": selectors.contract_statistics(org),
            "compliance": selectors.compliance_overview(org, year)["total"],
            "overdue_questions": selectors.overdue_questions().count(),
            "rules": [
                config.describe(k)
                for k in (
                    "workplace.day_kind",
                    "workplace.disclosure_post_days",
                    "workplace.disclosure_min_display_days",
                    "workplace.question_answer_days",
                    "workplace.contract_filing_days",
                    "workplace.contract_review_days",
                    "workplace.contract_publish_days",
                    "workplace.expiry_reminder_days",
                )
            ],
        },
    )
