"""Pages of honours: rounds, nominations, scoring, public notice, decisions, certificates,
history and export. Thin: forms validate, services write, selectors read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config, publicforms
from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import get_scoped_or_404
from gonghui.core.workflow import history
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Org

from . import exporters, forms, scoring, selectors, services
from .models import NominationDocument, NominationStatus, Objection
from .workflows import (
    NOMINATION_WORKFLOW,
    ORGANISER_TRANSITIONS,
    STREET_TRANSITIONS,
    award_problems,
)


def _round(pk, permission="honours.view_round"):
    return get_scoped_or_404(selectors.rounds_in_scope(), permission, pk=pk)


def _managed_round(pk):
    """A round the active role runs: in scope (else 404) and organised in its subtree (else 403)."""
    round_ = _round(pk, "honours.manage_round")
    if not selectors.can_manage(round_):
        raise PermissionDenied
    return round_


def _nomination(pk, permission="honours.view_nomination"):
    return get_scoped_or_404(selectors.nominations_in_scope(), permission, pk=pk)


def _done(request, text, target):
    messages.success(request, text)
    return target


@scoped_view("honours.view_round")
def round_list(request):
    form = forms.RoundFilterForm(request.GET or None)
    rounds = selectors.rounds_in_scope()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            rounds = rounds.filter(title__icontains=data["q"])
        if data["year"]:
            rounds = rounds.filter(year=data["year"])
        if data["award_type"]:
            rounds = rounds.filter(award_type=data["award_type"])
    rounds = rounds.select_related("award_type")
    page = Paginator(rounds.order_by("-year", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "honours/round_list.html",
        {
            "page": page,
            "form": form,
            "can_create": request.scope.has_perm("honours.manage_round"),
            "can_review": request.scope.has_perm("honours.review_nomination"),
            "can_see_award_types": request.scope.has_perm("honours.view_award_type"),
        },
    )


@scoped_view("honours.manage_round")
def round_create(request):
    form = forms.RoundForm(
        request.POST or None,
        initial={
            "year": timezone.localdate().year,
            "nomination_deadline": services.default_deadline(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已创建评选"), redirect("honours:round", pk=round_.pk))
    return render(
        request,
        "honours/form.html",
        {
            "form": form,
            "title": _("新建评选"),
            "note": _("组织单位即奖项的设立单位。没有合适的奖项？请先在“奖项设置”中设立。"),
        },
    )


@scoped_view("honours.view_round")
def round_detail(request, pk):
    round_ = _round(pk)
    nominations = selectors.nominations_of_round(round_)
    return render(
        request,
        "honours/round_detail.html",
        {
            "round": round_,
            "nominations": nominations,
            "panel": selectors.quota_panel(round_),
            "can_manage": selectors.can_manage(round_),
            "can_see_ranking": selectors.can_see_ranking(round_, request.user),
            "criteria": round_.criteria.all(),
            "judges": round_.judges.select_related("user", "employer"),
            "rule_text": round_.rules_note,
            "can_start_review": any(n.status == NominationStatus.RECOMMENDED for n in nominations),
            "open_for_nominations": not round_.is_closed
            and timezone.localdate() <= round_.nomination_deadline,
        },
    )


@scoped_view("honours.view_round")
def quota_preview(request, pk):
    """htmx: the quota panel as it would be with the nomination being entered."""
    round_ = _round(pk)
    # POSTed by the form (htmx) so that what was typed never lands in a URL or a log.
    data = request.POST if request.method == "POST" else request.GET
    extra = (data.get("is_frontline") == "on", data.get("is_enterprise_head") == "on")
    return render(
        request,
        "honours/_quota_panel.html",
        {"round": round_, "panel": selectors.quota_panel(round_, extra=extra), "preview": True},
    )


@scoped_view("honours.manage_round")
def criteria(request, pk):
    round_ = _managed_round(pk)
    form = forms.CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_criterion(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已添加评分项"), redirect("honours:criteria", pk=pk))
    return render(
        request,
        "honours/criteria.html",
        {"round": round_, "form": form, "criteria": round_.criteria.all()},
    )


@scoped_view("honours.manage_round")
def judges(request, pk):
    round_ = _managed_round(pk)
    form = forms.JudgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_judge(
                actor=request.user,
                round_=round_,
                user=form.cleaned_data["username"],
                employer=form.cleaned_data["employer"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已添加评委"), redirect("honours:judges", pk=pk))
    return render(
        request,
        "honours/judges.html",
        {
            "round": round_,
            "form": form,
            "judges": round_.judges.select_related("user", "employer").prefetch_related(
                "recusals__nomination"
            ),
        },
    )


@scoped_view("honours.manage_round")
def start_review(request, pk):
    round_ = _managed_round(pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        moved = services.start_review(actor=request.user, round_=round_)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已开始评审：%(n)s 个推荐对象") % {"n": moved})
    return redirect("honours:round", pk=pk)


@scoped_view("honours.manage_round")
def close_round(request, pk):
    round_ = _managed_round(pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.close_round(actor=request.user, round_=round_)
    return _done(request, _("评选已结束"), redirect("honours:round", pk=pk))


@scoped_view("honours.view_round")
def ranking(request, pk):
    round_ = _round(pk)
    if not selectors.can_see_ranking(round_, request.user):
        raise PermissionDenied
    return render(
        request,
        "honours/ranking.html",
        {
            "round": round_,
            "rows": selectors.ranking(round_),
            "tie_rule": scoring.TIE_RULE,
            "criteria": round_.criteria.all(),
        },
    )


@scoped_view("honours.export_nominations")
def export(request, pk):
    round_ = _round(pk, "honours.export_nominations")
    if not selectors.can_see_ranking(round_, request.user):
        raise PermissionDenied
    content = exporters.ranking_workbook(round_, selectors.ranking(round_))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="honours-{round_.pk}.xlsx"'
    return response


@scoped_view("honours.nominate")
def nominate(request, pk):
    round_ = _round(pk, "honours.nominate")
    form = forms.NominationForm(
        request.POST or None, round_=round_, initial={"org": request.scope.org_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.submit_nomination(
                actor=request.user, round_=round_, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已提交推荐"), redirect("honours:nomination", pk=nomination.pk))
    return render(
        request,
        "honours/nominate.html",
        {
            "round": round_,
            "form": form,
            "panel": selectors.quota_panel(round_),
            "title": _("推荐"),
            "preview_url": True,
        },
    )


def _timeline(nomination):
    """Every step of the nomination: its making, then each workflow event, named with the level
    that took it (街道审核 / 区级评审 ...)."""
    labels = {t.name: t.label for t in NOMINATION_WORKFLOW.transitions}
    street = nomination.street_org.name if nomination.street_org_id else ""
    organiser = _("%(level)s评审（%(org)s）") % {
        "level": nomination.round.level_label,
        "org": nomination.round.org.name,
    }
    steps = [
        {
            "at": nomination.created_at,
            "actor": nomination.created_by,
            "reason": "",
            "stage": _("推荐（%(org)s）") % {"org": nomination.org.name},
            "label": _("提交推荐"),
            "to": _("街道审核") if nomination.street_org_id else _("评审"),
        }
    ]
    for e in history(nomination):
        if e.transition in STREET_TRANSITIONS:
            stage = _("街道审核（%(org)s）") % {"org": street}
        elif e.transition in ORGANISER_TRANSITIONS | {"publish_notice", "award", "not_award"}:
            stage = organiser
        else:  # the nominating union's own steps (resubmit, withdraw)
            stage = _("推荐（%(org)s）") % {"org": nomination.org.name}
        steps.append(
            {
                "at": e.at,
                "actor": e.actor,
                "reason": e.reason,
                "stage": stage,
                "label": labels.get(e.transition, e.transition),
                "to": NominationStatus(e.to_state).label,
            }
        )
    return steps


REVIEW_TRANSITIONS = STREET_TRANSITIONS | {"approve", "return", "reject"}


@scoped_view("honours.view_nomination")
def nomination_detail(request, pk):
    nomination = _nomination(pk)
    round_ = nomination.round
    judge = selectors.judge_of(round_, request.user)
    # Judges' scores are shown to the organiser's side and the judges, not to nominating unions.
    show_scores = selectors.can_see_ranking(round_, request.user)
    criteria, lines = selectors.scorecard(round_, nomination) if show_scores else ([], [])
    return render(
        request,
        "honours/nomination_detail.html",
        {
            "n": nomination,
            "round": round_,
            "criteria": criteria,
            "lines": lines,
            "judge": judge,
            "show_scores": show_scores,
            "documents": nomination.documents.all(),
            "objections": nomination.objections.all(),
            "events": _timeline(nomination),
            "actions": {
                t.name for t in NOMINATION_WORKFLOW.available(nomination, actor=request.user)
            },
            "can_manage": selectors.can_manage(round_),
            "award_problems": award_problems(nomination)
            if nomination.status == NominationStatus.IN_NOTICE
            else [],
            "answer_form": forms.AnswerForm(),
            "chain": selectors.chain(nomination),
            "can_review": bool(
                REVIEW_TRANSITIONS
                & {t.name for t in NOMINATION_WORKFLOW.available(nomination, actor=request.user)}
            ),
            "stage_check": _stage_check(nomination),
            "notice_form": forms.NoticeForm(initial={"start": timezone.localdate()}),
        },
    )


def _stage_check(nomination):
    """The quota check of the stage the nomination waits at (text for the page), or None."""
    if nomination.status == NominationStatus.NOMINATED and nomination.street_org_id:
        return services.street_check(nomination)
    if nomination.status == NominationStatus.UNDER_REVIEW:
        return services.organiser_check(nomination)
    return None


def _review_choices(nomination, user):
    names = {t.name: t.label for t in NOMINATION_WORKFLOW.available(nomination, actor=user)}
    return [(d, names[d]) for d in services.DECISIONS if d in names]


@scoped_view("honours.review_nomination")
def review(request, pk):
    """A level's decision (street recommendation / organiser approval, return or refusal)."""
    nomination = _nomination(pk, "honours.review_nomination")
    choices = _review_choices(nomination, request.user)
    if not choices:
        # In scope but not this level's turn (or a four-eyes conflict): say why.
        problems = _why_not_reviewer(nomination, request.user)
        raise PermissionDenied(problems)
    form = forms.ReviewForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.review(
                actor=request.user,
                nomination=nomination,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已记录审核意见"), redirect("honours:nomination", pk=pk))
    check = _stage_check(nomination)
    return render(
        request,
        "honours/nomination_action.html",
        {
            "n": nomination,
            "round": nomination.round,
            "form": form,
            "title": _("审核"),
            "note": check.text if check else "",
            "problems": check.problems if check else [],
        },
    )


def _why_not_reviewer(nomination, user):
    from .workflows import nominating_side_problem, organiser_level_problem, street_level_problem

    if nomination.status == NominationStatus.NOMINATED:
        return street_level_problem(nomination, user) or nominating_side_problem(nomination, user)
    if nomination.status in (NominationStatus.RECOMMENDED, NominationStatus.UNDER_REVIEW):
        return organiser_level_problem(nomination, user) or nominating_side_problem(
            nomination, user
        )
    return _("当前状态不需要审核")


@scoped_view("honours.nominate")
def resubmit(request, pk):
    nomination = _nomination(pk, "honours.nominate")
    form = forms.OptionalReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resubmit(
                actor=request.user, nomination=nomination, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已重新提交"), redirect("honours:nomination", pk=pk))
    return render(
        request,
        "honours/nomination_action.html",
        {"n": nomination, "round": nomination.round, "form": form, "title": _("重新提交")},
    )


@scoped_view("honours.review_nomination")
def review_queue(request):
    rows = selectors.review_queue()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "honours/review_queue.html", {"page": page})


# --- award types ----------------------------------------------------------------------------------


@scoped_view("honours.view_award_type")
def award_type_list(request):
    rows = [
        {"type": t, "can_edit": selectors.can_manage_award_type(t)}
        for t in selectors.award_types_visible().order_by("org__path", "name")
    ]
    return render(
        request,
        "honours/award_types.html",
        {"rows": rows, "can_create": request.scope.has_perm("honours.manage_award_type")},
    )


@scoped_view("honours.manage_award_type")
def award_type_create(request):
    form = forms.AwardTypeForm(
        request.POST or None,
        initial={
            "org": request.scope.org_id,
            "min_frontline_pct": config.get("honours.frontline_min_pct"),
            "max_heads_pct": config.get("honours.heads_max_pct"),
            "is_active": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_award_type(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已设立奖项"), redirect("honours:award_types"))
    return render(
        request,
        "honours/form.html",
        {
            "form": form,
            "title": _("设立奖项"),
            "back": "honours:award_types",
            "note": "；".join(
                config.describe(k) for k in ("honours.frontline_min_pct", "honours.heads_max_pct")
            ),
        },
    )


@scoped_view("honours.manage_award_type")
def award_type_edit(request, pk):
    award_type = get_scoped_or_404(
        selectors.award_types_visible(), "honours.manage_award_type", pk=pk
    )
    # Visible (an ancestor's award) but organised above the scope: not editable here.
    if not selectors.can_manage_award_type(award_type):
        raise PermissionDenied
    initial = {name: getattr(award_type, name) for name in services.AWARD_TYPE_FIELDS}
    initial["version"] = award_type.version
    form = forms.AwardTypeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_award_type(
                actor=request.user, award_type=award_type, version=version, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已保存奖项"), redirect("honours:award_types"))
    return render(
        request,
        "honours/form.html",
        {
            "form": form,
            "title": _("修改奖项：%(name)s") % {"name": award_type.name},
            "back": "honours:award_types",
            "note": _("设立单位：%(org)s") % {"org": award_type.org.name},
        },
    )


def _reason_action(
    request, pk, permission, service, title, done_text, form_class=None, organiser_only=False
):
    nomination = _nomination(pk, permission)
    if organiser_only and not selectors.can_manage(nomination.round):
        raise PermissionDenied
    form = (form_class or forms.ReasonForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, nomination=nomination, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, done_text, redirect("honours:nomination", pk=pk))
    return render(
        request, "honours/nomination_action.html", {"n": nomination, "form": form, "title": title}
    )


@scoped_view("honours.nominate")
def withdraw(request, pk):
    return _reason_action(
        request,
        pk,
        "honours.nominate",
        services.withdraw_nomination,
        _("撤回推荐"),
        _("已撤回推荐"),
    )


@scoped_view("honours.decide_award")
def award(request, pk):
    return _reason_action(
        request,
        pk,
        "honours.decide_award",
        services.award,
        _("授予荣誉"),
        _("已授予"),
        forms.OptionalReasonForm,
        organiser_only=True,
    )


@scoped_view("honours.decide_award")
def refuse(request, pk):
    return _reason_action(
        request,
        pk,
        "honours.decide_award",
        services.refuse_award,
        _("不予授予"),
        _("已决定不予授予"),
        organiser_only=True,
    )


@scoped_view("honours.nominate")
def swap(request, pk):
    old = _nomination(pk, "honours.nominate")
    form = forms.NominationForm(
        request.POST or None, round_=old.round, reason=True, initial={"org": old.org_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.swap_nomination(
                actor=request.user,
                nomination=old,
                reason=form.cleaned_data["reason"],
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已替换推荐对象"), redirect("honours:nomination", pk=new.pk))
    return render(
        request,
        "honours/nominate.html",
        {
            "round": old.round,
            "form": form,
            "title": _("替换推荐对象：%(n)s") % {"n": old},
            "panel": selectors.quota_panel(old.round, without=old),
            "preview_url": False,
        },
    )


@scoped_view("honours.manage_round")
def publish_notice(request, pk):
    nomination = _nomination(pk, "honours.manage_round")
    if not selectors.can_manage(nomination.round):
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None, initial={"start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_notice(
                actor=request.user, nomination=nomination, start=form.cleaned_data["start"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已进入公示"), redirect("honours:nomination", pk=pk))
    return render(
        request,
        "honours/nomination_action.html",
        {
            "n": nomination,
            "form": form,
            "title": _("进入公示"),
            "note": config.describe("honours.notice_working_days"),
        },
    )


@scoped_view("honours.score_nomination")
def score(request, pk):
    nomination = _nomination(pk, "honours.score_nomination")
    criteria = list(nomination.round.criteria.all())
    errors = {}
    if request.method == "POST":
        values = {c.id: request.POST.get(f"c{c.id}", "").strip() for c in criteria}
        try:
            services.record_scores(actor=request.user, nomination=nomination, values=values)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            return _done(request, _("已保存评分"), redirect("honours:nomination", pk=pk))
    return render(
        request,
        "honours/score.html",
        {
            "n": nomination,
            "criteria": criteria,
            "errors": [m for messages_ in errors.values() for m in messages_],
        },
    )


@scoped_view("honours.score_nomination")
def recuse(request, pk):
    return _reason_action(
        request, pk, "honours.score_nomination", services.recuse, _("申请回避"), _("已回避")
    )


@scoped_view("honours.nominate")
def document_add(request, pk):
    nomination = _nomination(pk, "honours.nominate")
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                actor=request.user,
                nomination=nomination,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, _("已上传材料"), redirect("honours:nomination", pk=pk))
    return render(
        request,
        "honours/nomination_action.html",
        {"n": nomination, "form": form, "title": _("上传材料"), "multipart": True},
    )


@scoped_view("honours.view_nomination")
def document_download(request, pk):
    document = get_scoped_or_404(NominationDocument.objects.all(), "honours.view_nomination", pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


@scoped_view("honours.answer_objection")
def answer_objection(request, pk):
    objection = get_scoped_or_404(
        Objection.objects.select_related("nomination__round"), "honours.answer_objection", pk=pk
    )
    if request.method != "POST":
        return redirect("honours:nomination", pk=objection.nomination_id)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_objection(actor=request.user, objection=objection, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已答复异议"))
    else:
        messages.error(request, _("请选择核查结论并填写答复"))
    return redirect("honours:nomination", pk=objection.nomination_id)


@scoped_view("honours.print_certificate")
def certificate(request, pk):
    nomination = _nomination(pk, "honours.print_certificate")
    # A member prints only their own certificate; staff any in their scope.
    if not request.scope.has_perm("honours.view_nomination"):
        if nomination.member is None or nomination.member.user_id != request.user.id:
            raise Http404
    if nomination.status != NominationStatus.AWARDED:
        raise Http404
    return pdf_response(
        "honours/certificate.html",
        {"n": nomination, "round": nomination.round},
        f"荣誉证书-{nomination.nominee_name}.pdf",
        request=request,
    )


@scoped_view("honours.view_own_honours")
def my_honours(request):
    rows = selectors.honours_of_user(request.user)
    return render(request, "honours/mine.html", {"rows": rows})


# --- history ------------------------------------------------------------------------------------


def _history(request, subject, rows):
    return render(request, "honours/history.html", {"subject": subject, "rows": rows})


@scoped_view("honours.view_nomination")
def history_member(request, pk):
    member = get_scoped_or_404(Member.objects.all(), "honours.view_nomination", pk=pk)
    return _history(request, member.name, selectors.history_of_member(member))


@scoped_view("honours.view_nomination")
def history_employer(request, pk):
    employer = get_scoped_or_404(Employer.objects.all(), "honours.view_nomination", pk=pk)
    return _history(request, employer.name, selectors.history_of_employer(employer))


@scoped_view("honours.view_nomination")
def history_org(request, code):
    org = get_scoped_or_404(Org.objects.visible(), "honours.view_nomination", code=code)
    return _history(request, org.name, selectors.history_of_org(org))


# --- public notice (no login) -------------------------------------------------------------------


def public_index(request):
    return render(request, "honours/public_index.html", {"rounds": selectors.public_rounds()})


def public_notice(request, key):
    round_, entries = selectors.public_notice(key)
    if round_ is None:
        raise Http404
    form = forms.ObjectionForm(request.POST or None, entries=entries)
    sent = False
    # Objections per address per hour (a setting), in the shared cache; a captcha after a few.
    refused = publicforms.guard(
        request, form, "honours-objection", limit=config.get("honours.objections_per_hour"),
        rule=config.describe("honours.objections_per_hour"),
    )
    if refused is not None:
        return refused
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.raise_objection(
                nomination_id=data["nomination"],
                public_key=round_.public_key,
                text=data["text"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            sent = True
            form = forms.ObjectionForm(entries=entries)
            publicforms.captcha_if_due(request, form, "honours-objection")
    return render(
        request,
        "honours/public_notice.html",
        {"round": round_, "entries": entries, "form": form, "sent": sent},
    )
