"""Pages of the fill-in tasks: the list, sending a task, the sender's status matrix with
reminders, return and accept, the roll-up and export; the union's prefilled form."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.imports.views import attachment
from gonghui.core.text.punctuation import joined
from gonghui.core.workflow import history
from gonghui.orgs import selectors as org_selectors

from . import filings
from .forms import FilingTaskForm
from .models import FilingReturn, FilingStatus, FilingTask


@scoped_view("reports.fill_filing")
def filing_list(request):
    here = org_selectors.root_org()
    sent = FilingTask.objects.filter(org=here).order_by("-created_at")[:50]
    mine = (
        FilingReturn.objects.filter(org__path__startswith=here.path)
        .exclude(task__org__path__startswith=here.path)  # sent by this level or below
        .select_related("task", "org")
        .order_by("-task__created_at")[:50]
    )
    return render(request, "reports/filing_list.html", {"sent": sent, "mine": mine, "here": here})


@scoped_view("reports.send_filing")
def filing_new(request):
    here = org_selectors.root_org()
    form = FilingTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = filings.send_task(
                actor=request.user,
                org=here,
                title=data["title"],
                instructions=data["instructions"],
                year=data["year"],
                fields=filings.parse_fields(data["fields"]),
                working_days=data["working_days"],
                recipients=filings.recipients_from_codes(data["recipients"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("填报任务已发出"))
            return redirect("reports:filing_task", task.pk)
    return render(request, "reports/filing_new.html", {"form": form, "here": here})


TASK = Lookup(FilingTask, name="task", pk="pk")
RETURN = Lookup(lambda: FilingReturn.objects.select_related("task", "org"), name="ret", pk="pk")


@scoped_view("reports.send_filing", lookup=TASK)
def filing_task(request, task):
    returns = list(task.returns.select_related("org").order_by("org__path"))
    totals, accepted = filings.rollup(task, returns)
    counts = Counter(r.status for r in returns)
    below = filings.passed_down(returns)
    return render(
        request,
        "reports/filing_task.html",
        {
            "task": task,
            "returns": returns,
            "rows": [
                (r, [r.values.get(f["key"], {}) for f in task.fields], below.get(r.pk))
                for r in returns
            ],
            "totals": [totals[f["key"]] for f in task.fields],
            "rolled_totals": filings.rolled_totals(task, returns) if below else None,
            "accepted": accepted,
            "counts": [(label, counts[value]) for value, label in FilingStatus.choices],
        },
    )


@scoped_view("reports.send_filing", lookup=TASK)
def filing_export(request, task):
    returns = list(task.returns.select_related("org").order_by("org__path"))
    return attachment(
        filings.answers_workbook(task, returns), _("{title}-填报汇总.xlsx").format(title=task.title)
    )


@require_POST
@scoped_view("reports.review_filing", lookup=RETURN)
def filing_review(request, ret):
    action = request.POST.get("action")
    try:
        if action == "remind":
            filings.remind(actor=request.user, ret=ret)
            messages.success(request, _("已发送催报短信"))
        elif action in ("accept", "return"):
            filings.review_return(
                actor=request.user,
                ret=ret,
                accept=action == "accept",
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("已采用") if action == "accept" else _("已退回"))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, joined(getattr(error, "messages", [str(error)]), "semicolon"))
    return redirect("reports:filing_task", ret.task_id)


def _labels():
    return {t.name: _(t.label) for t in filings.FILING_WORKFLOW.transitions}


@scoped_view("reports.fill_filing", lookup=RETURN)
def filing_answer(request, ret):
    can_fill = filings._filler_guard(ret, request.user) is None
    if can_fill and ret.is_unopened:
        ret = filings.open_return(actor=request.user, ret=ret)
    errors = []
    if request.method == "POST" and can_fill:
        answers = {
            f["key"]: {
                "value": request.POST.get(f"value_{f['key']}", ""),
                "reason": request.POST.get(f"reason_{f['key']}", ""),
            }
            for f in ret.task.fields
        }
        try:
            filings.save_return(
                actor=request.user,
                ret=ret,
                answers=answers,
                submit="submit" in request.POST,
                version=request.POST.get("version"),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("已提交") if "submit" in request.POST else _("已保存"))
            return redirect(reverse("reports:filing_answer", args=[ret.pk]))
    fields = [(f, ret.values.get(f["key"], {})) for f in ret.task.fields]
    editable = ret.is_editable
    subtask = ret.subtasks.first()
    return render(
        request,
        "reports/filing_answer.html",
        {
            "ret": ret,
            "fields": fields,
            "errors": errors,
            "can_fill": can_fill and editable,
            "subtask": subtask,
            "subtask_counts": filings.progress(subtask) if subtask else None,
            "can_pass_down": can_fill
            and editable
            and subtask is None
            and request.scope.has_perm("reports.send_filing")
            and org_selectors.children_of(ret.org).exists(),
            "history": [(e, _labels().get(e.transition, "")) for e in history(ret)],
        },
    )


@require_POST
@scoped_view("reports.send_filing", lookup=RETURN)
def filing_pass_down(request, ret):
    """This level sends the form it received on to unions below it (their accepted figures
    roll up into its own answer)."""
    try:
        days = int(request.POST.get("working_days") or 0)
        if not 1 <= days <= 60:
            raise ValidationError({"working_days": _("填报期限应为 1 至 60 个工作日")})
        subtask = filings.pass_down(
            actor=request.user,
            ret=ret,
            recipients=filings.recipients_from_codes(request.POST.get("recipients", "")),
            working_days=days,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, joined(getattr(error, "messages", [str(error)]), "semicolon"))
        return redirect("reports:filing_answer", ret.pk)
    messages.success(request, _("已下发到下级，下级采用的数据将汇总到本级填报"))
    return redirect("reports:filing_task", subtask.pk)
