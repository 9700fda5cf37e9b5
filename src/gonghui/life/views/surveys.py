"""Staff pages of surveys: list, create, questions, open/close, results with charts, export."""

import json

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view

from .. import exporters, selectors
from ..forms import QuestionForm, SurveyForm
from ..models import Survey
from ..services import surveys as services
from ._common import form_page, page_of, run_action, scope_org

VIEW, MANAGE = "life.view_survey", "life.manage_survey"


@scoped_view(VIEW)
def survey_list(request):
    page = page_of(request, selectors.surveys_for_staff())
    return render(request, "life/survey_list.html", {"page": page})


@scoped_view(MANAGE)
def survey_create(request):
    org = scope_org(request)
    form = SurveyForm(request.POST or None)

    def save(data):
        survey = services.create_survey(actor=request.user, org=org, **data)
        return reverse("life:survey", args=[survey.pk])

    return form_page(
        request, form, title=_("发起问卷"), back=reverse("life:surveys"), on_valid=save
    )


SURVEY = Lookup(lambda: Survey.objects.select_related("org"), name="survey")


def _organised(request, survey):
    # Results and changes belong to the organiser's subtree, not to the unions below it.
    if not request.scope.contains_path(survey.org.path):
        raise PermissionDenied


@scoped_view(VIEW, lookup=SURVEY)
def survey_detail(request, survey):
    organiser = request.scope.contains_path(survey.org.path)
    total, results = selectors.survey_results(survey) if organiser else (0, [])
    for item in results:
        if "rows" in item:
            item["chart"] = json.dumps(selectors.chart_option(item), ensure_ascii=False)
    context = {
        "survey": survey,
        "organiser": organiser,
        "can_manage": organiser and request.scope.has_perm(MANAGE),
        "questions": survey.questions.all(),
        "question_form": QuestionForm(),
        "total": total,
        "results": results,
        "draft": survey.is_draft,
    }
    return render(request, "life/survey_detail.html", context)


@scoped_view(MANAGE, lookup=SURVEY)
def survey_add_question(request, survey):
    _organised(request, survey)
    back = reverse("life:survey", args=[survey.pk])
    form = QuestionForm(request.POST or None)

    def save(data):
        services.add_question(actor=request.user, survey=survey, **data)
        return back

    return form_page(request, form, title=_("添加题目"), back=back, on_valid=save)


@scoped_view(MANAGE, lookup=SURVEY)
def survey_open(request, survey):
    back = reverse("life:survey", args=[survey.pk])
    return run_action(
        request, lambda: services.open_survey(actor=request.user, survey=survey), back
    )


@scoped_view(MANAGE, lookup=SURVEY)
def survey_close(request, survey):
    back = reverse("life:survey", args=[survey.pk])
    return run_action(
        request, lambda: services.close_survey(actor=request.user, survey=survey), back
    )


@scoped_view("life.export", lookup=SURVEY)
def survey_export(request, survey):
    _organised(request, survey)
    total, results = selectors.survey_results(survey)
    return exporters.survey_response(request.user, survey, total, results)
