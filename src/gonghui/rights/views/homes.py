"""Pages of workers'-home ratings; the old addresses of officials' training redirect to the
learning record (life)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import call_service
from gonghui.core.pages import year_param
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.orgs.models import Org

from .. import forms, selectors, services
from ..models import HomeCriterion, HomeRating

# ---------------------------------------------------------------- workers' homes


@scoped_view("rights.view_home_rating")
def home_list(request):
    form = forms.StartRatingForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        org = Org.objects.visible().filter(code=form.cleaned_data["org"].strip()).first()
        if org is None:
            form.add_error("org", _("找不到该组织代码（或不在您的管理范围内）"))
        else:
            rating, ok = call_service(
                form,
                services.start_home_rating,
                actor=request.user,
                org=org,
                year=form.cleaned_data["year"],
            )
            if ok:
                return redirect("rights:home_detail", pk=rating.pk)
    page = paginate(request, selectors.home_ratings(), 30, cap=COUNT_CAP)
    return render(
        request,
        "rights/home_list.html",
        {
            "page": page,
            "form": form,
            "today": timezone.localdate(),
            "can_start": request.scope.has_perm("rights.assess_home"),
        },
    )


_RATING = Lookup(lambda: HomeRating.objects.select_related("org"), name="rating")


def _courses():
    from gonghui.life.models import Course

    return Course.objects.all()


def _score_values(request, field_prefix):
    return {
        int(k[len(field_prefix) :]): v
        for k, v in request.POST.items()
        if k.startswith(field_prefix) and k[len(field_prefix) :].isdigit()
    }


@scoped_view("rights.view_home_rating", lookup=_RATING)
def home_detail(request, rating):
    scope = request.scope
    is_upper = scope.org_path != rating.org.path
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "assess":
                services.save_self_assessment(
                    actor=request.user, rating=rating, values=_score_values(request, "self_")
                )
            elif step == "submit":
                services.save_self_assessment(
                    actor=request.user, rating=rating, values=_score_values(request, "self_")
                )
                services.submit_home_rating(actor=request.user, rating=rating)
            elif step == "review":
                services.review_home_rating(
                    actor=request.user,
                    rating=rating,
                    values=_score_values(request, "review_"),
                    note=request.POST.get("note", ""),
                )
            elif step == "return":
                services.return_home_rating(
                    actor=request.user, rating=rating, reason=request.POST.get("note", "")
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已保存"))
        return redirect("rights:home_detail", pk=rating.pk)
    return render(
        request,
        "rights/home_detail.html",
        {
            "rating": rating,
            "scores": rating.scores.select_related("criterion"),
            "max_total": sum(
                s.criterion.max_score for s in rating.scores.select_related("criterion")
            ),
            "can_assess": scope.has_perm("rights.assess_home") and services.can_assess(rating),
            "can_review": scope.has_perm("rights.review_home")
            and is_upper
            and services.can_review(rating),
            "levels_rule": config.describe("rights.home_levels", rating.org),
        },
    )


@scoped_view("rights.manage_home_criteria")
def home_criteria(request):
    form = forms.CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_home_criterion(
            actor=request.user,
            code=data["code"],
            title=data["title"],
            max_score=data["max_score"],
            order=data["order"],
        )
        return redirect("rights:home_criteria")
    criteria = HomeCriterion.objects.all()
    return render(
        request,
        "rights/home_criteria.html",
        {
            "criteria": criteria,
            "form": form,
            "total": sum(c.max_score for c in criteria if c.is_active),
        },
    )


# ---------------------------------------------------------------- officials' training
# Officials' training is part of the one learning record (life: courses and enrolments); the
# old addresses answer with a redirect to it, after the same scope check.


@scoped_view("rights.view_training")
def training(request):
    year = year_param(request.GET.get("year"))
    url = reverse("life:learning")
    return redirect(f"{url}?year={year}" if year else url)


@scoped_view("rights.manage_training")
def course_new(request):
    return redirect(reverse("life:course_create") + "?audience=officials")


@scoped_view("rights.view_training", lookup=Lookup(_courses, name="course"))
def course_detail(request, course):
    return redirect("life:course", pk=course.pk)
