"""Affairs disclosure: items, attachments, questions, checklists, categories."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import object_form_route
from gonghui.orgs.models import Employer, Org

from .. import exporters, forms, policy, selectors, services
from ..models import (
    Disclosure,
    DisclosureCategory,
    DisclosureQuestion,
    DisclosureStatus,
)
from ._common import _for_role, _form_page, _int, _object_action, _page, _scope_org, _year

# --- Disclosures (staff) ----------------------------------------------------------------------


def _shown(disclosure):
    return reverse("workplace:disclosure", args=[disclosure.pk])


DISCLOSURE = Lookup(
    lambda: _for_role(Disclosure.objects.select_related("employer", "category", "org")), name="d"
)
QUESTION = Lookup(
    lambda: _for_role(
        DisclosureQuestion.objects.select_related("disclosure"), "disclosure__employer_id"
    ),
    name="question",
)
EMPLOYER = Lookup(
    lambda: _for_role(Employer.objects.select_related("org"), "id"),
    name="employer",
    pk="employer_id",
)


@scoped_view("workplace.view_disclosure")
def disclosure_list(request):
    f = {
        "q": request.GET.get("q", "").strip(),
        "employer": _int(request.GET.get("employer")),
        "category": _int(request.GET.get("category")),
        "year": _year(request.GET.get("year")),
        "status": request.GET.get("status", ""),
        "flag": request.GET.get("flag", ""),
    }
    qs = selectors.disclosure_list(**f)
    if request.GET.get("export") == "xlsx":
        return exporters.disclosures_xlsx(qs)
    return render(
        request,
        "workplace/disclosure_list.html",
        {
            "page": _page(request, qs),
            "f": f,
            "employers": selectors.employers_in_scope(),
            "categories": DisclosureCategory.objects.all(),
            "statuses": DisclosureStatus.choices,
        },
    )


@scoped_view("workplace.change_disclosure")
def disclosure_create(request):
    form = forms.DisclosureForm(
        request.POST or None, initial={"decision_date": timezone.localdate()}
    )
    return _form_page(
        request,
        form,
        title=_("新增厂务公开事项"),
        back=reverse("workplace:disclosures"),
        on_valid=lambda data: reverse(
            "workplace:disclosure",
            args=[
                services.create_disclosure(
                    actor=request.user, **{k: v for k, v in data.items() if k != "version"}
                ).pk
            ],
        ),
    )


@scoped_view("workplace.view_disclosure", lookup=DISCLOSURE)
def disclosure_detail(request, d):
    questions = d.questions.select_related("member", "answered_by")
    return render(
        request,
        "workplace/disclosure_detail.html",
        {
            "d": d,
            "attachments": d.attachments.all(),
            "questions": questions,
            "today": timezone.localdate(),
            "answer_form": forms.AnswerForm(),
            "attachment_form": forms.AttachmentForm(),
        },
    )


@scoped_view("workplace.change_disclosure", lookup=DISCLOSURE)
def disclosure_edit(request, d):
    form = forms.DisclosureForm(
        request.POST or None,
        editing=True,
        initial={
            "version": d.version,
            "category": d.category,
            "title": d.title,
            "body": d.body,
            "decision_date": d.decision_date,
            "channels": d.channels,
        },
    )
    return _form_page(
        request, form, title=_("编辑厂务公开事项"), back=_shown(d),
        service=services.update_disclosure, args={"disclosure": d},
    )  # fmt: skip


@scoped_view("workplace.change_disclosure", lookup=DISCLOSURE)
def disclosure_post(request, d):
    posted = d.posted_on or timezone.localdate()
    minimum = config.get("workplace.disclosure_min_display_days", d.org)
    form = forms.PostForm(
        request.POST or None,
        initial={
            "posted_on": posted,
            "display_until": d.display_until or posted + datetime.timedelta(days=minimum - 1),
            "channels": d.channels or ["notice_board", "online"],
        },
    )
    due = policy.deadline(
        d.decision_date, config.get("workplace.disclosure_post_days", d.org), d.org
    )
    intro = _("应在 %(due)s 前公开（%(rule)s）；公开时间不少于 %(min)s 天。") % {
        "due": due.due,
        "rule": due.text,
        "min": minimum,
    }
    return _form_page(
        request, form, title=_("公开：%(t)s") % {"t": d.title}, back=_shown(d), intro=intro,
        service=services.post_disclosure, args={"disclosure": d},
    )  # fmt: skip


disclosure_withdraw = _object_action(
    "workplace.change_disclosure", DISCLOSURE, "disclosure", "workplace:disclosure",
    forms.WithdrawForm, gettext_lazy("撤回公开事项"), services.withdraw_disclosure,
)  # fmt: skip
disclosure_attach = object_form_route(
    "workplace.change_disclosure", DISCLOSURE, route="workplace:disclosure",
    form_class=forms.AttachmentForm, title=gettext_lazy("上传附件"), multipart=True,
    call=lambda request, d, data: services.add_attachment(
        actor=request.user, disclosure=d, uploaded=data["file"]
    ),
    template="workplace/form.html",
)  # fmt: skip


@scoped_view("workplace.view_disclosure")
def question_list(request):
    show = request.GET.get("show", "open")
    qs = selectors.question_list(open_only=show == "open", overdue_only=show == "overdue")
    return render(
        request,
        "workplace/question_list.html",
        {"page": _page(request, qs), "show": show, "today": timezone.localdate()},
    )


@scoped_view("workplace.answer_question", lookup=QUESTION)
def question_answer(request, question):
    form = forms.AnswerForm(request.POST or None, initial={"answer": question.answer})
    intro = _("{kind}：{text}（答复期限 {due}）").format(
        kind=question.get_kind_display(), text=question.text, due=f"{question.due_on:%Y-%m-%d}"
    )
    return _form_page(
        request,
        form,
        title=_("答复职工询问/异议"),
        intro=intro,
        back=reverse("workplace:disclosure", args=[question.disclosure_id]),
        service=services.answer_question,
        args={"question": question},
    )


@scoped_view("workplace.view_disclosure", lookup=EMPLOYER)
def checklist(request, employer):
    year = _year(request.GET.get("year")) or timezone.localdate().year
    return render(
        request,
        "workplace/checklist.html",
        {
            "employer": employer,
            "year": year,
            "years": range(year - 3, year + 2),
            "result": selectors.checklist(employer, year),
        },
    )


@scoped_view("workplace.view_disclosure")
def compliance(request):
    code = request.GET.get("org", "").strip()
    org = (Org.objects.visible().filter(code=code).first() if code else None) or _scope_org(request)
    year = _year(request.GET.get("year")) or timezone.localdate().year
    overview = selectors.compliance_overview(org, year)
    if request.GET.get("export") == "xlsx":
        return exporters.compliance_xlsx(overview, year)
    return render(
        request,
        "workplace/compliance.html",
        {
            "org": org,
            "year": year,
            "overview": overview,
            "years": range(year - 3, year + 2),
            "ancestors": Org.objects.visible()
            .filter(depth__lt=org.depth)
            .filter(path__in=[org.path[:i] for i in range(4, len(org.path), 4)]),
        },
    )


@scoped_view("workplace.view_disclosure")
def category_list(request):
    return render(
        request, "workplace/category_list.html", {"categories": DisclosureCategory.objects.all()}
    )


@scoped_view("workplace.manage_categories")
def category_create(request):
    form = forms.CategoryForm(request.POST or None)
    back = reverse("workplace:categories")
    return _form_page(
        request, form, title=_("新增公开类别"), back=back, service=services.save_category
    )


@scoped_view("workplace.manage_categories")
def category_edit(request):
    # District configuration, not a union's object: addressed by query (?id=), not by URL.
    category = DisclosureCategory.objects.filter(pk=_int(request.GET.get("id"))).first()
    if category is None:
        raise Http404
    form = forms.CategoryForm(
        request.POST or None,
        initial={
            "code": category.code,
            "name": category.name,
            "required": category.required,
            "order": category.order,
            "is_active": category.is_active,
        },
    )
    return _form_page(
        request, form, title=_("编辑公开类别"), back=reverse("workplace:categories"),
        service=services.save_category, args={"category": category},
    )  # fmt: skip
