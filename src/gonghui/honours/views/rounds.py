"""Pages of award rounds: list, set-up, scorecards, judges, ranking, export."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.pages import act, submit
from gonghui.core.paging import COUNT_CAP, paginate

from .. import exporters, forms, scoring, selectors, services
from ._common import ROUND, _done, _form_page, _require_manager


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
    rounds = selectors.with_stage(rounds.select_related("award_type"))
    page = paginate(request, rounds.order_by("-year", "-id"), 25, cap=COUNT_CAP)
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
    return submit(
        request,
        form,
        services.create_round,
        then=lambda round_: ("honours:round", round_.pk),
        success=_("已创建评选"),
    ) or _form_page(
        request,
        form,
        _("新建评选"),
        note=_("组织单位即奖项的设立单位。没有合适的奖项？请先在“奖项设置”中设立。"),
    )


@scoped_view("honours.view_round", lookup=ROUND)
def round_detail(request, round_):
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
            "rule_text": round_.rules_text,
            "can_start_review": selectors.can_start_review(nominations),
            "open_for_nominations": not round_.is_closed
            and timezone.localdate() <= round_.nomination_deadline,
        },
    )


@scoped_view("honours.view_round", lookup=ROUND)
def quota_preview(request, round_):
    """htmx: the quota panel as it would be with the nomination being entered."""
    # POSTed by the form (htmx) so that what was typed never lands in a URL or a log.
    data = request.POST if request.method == "POST" else request.GET
    extra = (data.get("is_frontline") == "on", data.get("is_enterprise_head") == "on")
    return render(
        request,
        "honours/_quota_panel.html",
        {"round": round_, "panel": selectors.quota_panel(round_, extra=extra), "preview": True},
    )


@scoped_view("honours.manage_round", lookup=ROUND)
def criteria(request, round_):
    _require_manager(round_)
    form = forms.CriterionForm(request.POST or None)
    return submit(
        request,
        form,
        services.add_criterion,
        round_=round_,
        then=("honours:criteria", round_.pk),
        success=_("已添加评分项"),
    ) or render(
        request,
        "honours/criteria.html",
        {"round": round_, "form": form, "criteria": round_.criteria.all()},
    )


@scoped_view("honours.manage_round", lookup=ROUND)
def judges(request, round_):
    _require_manager(round_)
    form = forms.JudgeForm(request.POST or None)
    return submit(
        request,
        form,
        services.add_judge,
        round_=round_,
        data=lambda d: {"user": d["username"], "employer": d["employer"]},
        then=("honours:judges", round_.pk),
        success=_("已添加评委"),
    ) or render(
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


@scoped_view("honours.manage_round", lookup=ROUND)
def start_review(request, round_):
    _require_manager(round_)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    act(
        request,
        lambda: services.start_review(actor=request.user, round_=round_),
        lambda moved: _("已开始评审：%(n)s 个推荐对象") % {"n": moved},
        refusals=False,
    )
    return redirect("honours:round", pk=round_.pk)


@scoped_view("honours.manage_round", lookup=ROUND)
def close_round(request, round_):
    _require_manager(round_)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.close_round(actor=request.user, round_=round_)
    return _done(request, _("评选已结束"), redirect("honours:round", pk=round_.pk))


@scoped_view("honours.view_round", lookup=ROUND)
def ranking(request, round_):
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


@scoped_view("honours.export_nominations", lookup=ROUND)
def export(request, round_):
    if not selectors.can_see_ranking(round_, request.user):
        raise PermissionDenied
    content = exporters.ranking_workbook(round_, selectors.ranking(round_))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="honours-{round_.pk}.xlsx"'
    return response
