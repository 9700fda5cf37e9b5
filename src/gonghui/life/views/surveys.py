"""Staff pages of surveys: list, create, questions, open/close, results with charts, export."""

import json

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import object_button_route, object_form_route
from gonghui.core.scoping import current_scope

from .. import exporters, selectors
from ..forms import QuestionForm, SurveyForm
from ..models import Survey
from ..services import surveys as services
from ._common import created_page, page_of, scope_org

VIEW, MANAGE = "life.view_survey", "life.manage_survey"


@scoped_view(VIEW)
def survey_list(request):
    page = page_of(request, selectors.surveys_for_staff())
    return render(request, "life/survey_list.html", {"page": page})


@scoped_view(MANAGE)
def survey_create(request):
    org = scope_org(request)
    form = SurveyForm(request.POST or None)
    return created_page(
        request, form, title=_("发起问卷"), list_route="life:surveys", detail_route="life:survey",
        create=lambda data: services.create_survey(actor=request.user, org=org, **data),
    )  # fmt: skip


SURVEY = Lookup(lambda: Survey.objects.select_related("org"), name="survey")


def _organised(survey):
    # Results and changes belong to the organiser's subtree, not to the unions below it.
    if not current_scope().contains_path(survey.org.path):
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


survey_add_question = object_form_route(
    MANAGE, SURVEY, route="life:survey", form_class=QuestionForm, title=gettext_lazy("添加题目"),
    call=lambda r, s, d: services.add_question(actor=r.user, survey=s, **d),
    template="life/form.html", check=_organised,
)  # fmt: skip
survey_open = object_button_route(
    MANAGE, SURVEY, route="life:survey",
    call=lambda r, s: services.open_survey(actor=r.user, survey=s),
)  # fmt: skip
survey_close = object_button_route(
    MANAGE, SURVEY, route="life:survey",
    call=lambda r, s: services.close_survey(actor=r.user, survey=s),
)  # fmt: skip


@scoped_view("life.export", lookup=SURVEY)
def survey_export(request, survey):
    _organised(survey)
    total, results = selectors.survey_results(survey)
    return exporters.survey_response(request.user, survey, total, results)
