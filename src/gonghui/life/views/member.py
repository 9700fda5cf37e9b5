"""The member's own pages (phone first): notices, activities with sign-up and check-in,
surveys. The portal's home links here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.pages import act
from gonghui.core.text.punctuation import joined

from .. import selectors
from ..enums import QuestionKind
from ..models import Activity, Notice, Signup, Survey
from ..services import activities as activity_services
from ..services import notices as notice_services
from ..services import surveys as survey_services
from ._common import TAKE_PART, member_lookup, run_action, the_member


@scoped_view(TAKE_PART)
def my_home(request):
    member = the_member(request)
    context = {
        "member": member,
        "notices": selectors.notices_for_member(member)[:20],
        "activities": selectors.activities_of_member(member)[:20],
        "surveys": selectors.surveys_open_to(member),
        "hours": selectors.member_hours(member),
    }
    return render(request, "life/my_home.html", context)


@scoped_view(TAKE_PART, lookup=member_lookup(Notice, selectors.notices_for_member, "notice"))
def my_notice(request, notice):
    the_member(request)
    notice_services.mark_notice_read(actor=request.user, notice=notice)
    return render(
        request, "life/my_notice.html", {"notice": notice, "attachments": notice.attachments.all()}
    )


def _member_activities(member):
    # unscoped: the member's own rows, wherever the activity/course was organised
    mine = Signup.unscoped.filter(member=member).values("activity_id")
    # unscoped: what reaches the member (sent down from above), filtered by reach
    return Activity.unscoped.filter(
        Q(pk__in=mine) | Q(pk__in=selectors.activities_open_to(member).values("pk"))
    ).select_related("org")


MY_ACTIVITY = member_lookup(Activity, _member_activities, "activity")


@scoped_view(TAKE_PART, lookup=MY_ACTIVITY)
def my_activity(request, activity):
    member = the_member(request)
    context = {"activity": activity, **selectors.member_activity_state(activity, member)}
    return render(request, "life/my_activity.html", context)


@scoped_view(TAKE_PART, lookup=MY_ACTIVITY)
def my_signup(request, activity):
    the_member(request)
    back = reverse("life:my_activity", args=[activity.pk])
    return run_action(
        request, lambda: activity_services.sign_up(actor=request.user, activity=activity), back
    )


@scoped_view(TAKE_PART, lookup=MY_ACTIVITY)
def my_cancel(request, activity):
    member = the_member(request)
    back = reverse("life:my_activity", args=[activity.pk])
    # unscoped: the member's own rows, wherever the activity/course was organised
    signup = Signup.unscoped.filter(activity=activity, member=member).first()
    if signup is None:
        return redirect(back)
    return run_action(
        request, lambda: activity_services.cancel_signup(actor=request.user, signup=signup), back
    )


@scoped_view(TAKE_PART, lookup=MY_ACTIVITY)
def my_checkin(request, activity, token):
    """The page the activity's QR code opens on the member's phone: one button to check in."""
    the_member(request)
    if request.method == "POST" and act(
        request,
        lambda: activity_services.check_in_by_qr(
            actor=request.user, activity=activity, token=token
        ),
        _("签到成功，已计入活动时长"),
        refusals=False,
    ):
        return redirect("life:my_activity", pk=activity.pk)
    return render(request, "life/my_checkin.html", {"activity": activity, "token": token})


def _open_surveys(member):
    # unscoped: what reaches the member (sent down from above), filtered by reach
    return Survey.unscoped.filter(pk__in=selectors.surveys_open_to(member).values("pk"))


@scoped_view(TAKE_PART, lookup=member_lookup(Survey, _open_surveys, "survey"))
def my_survey(request, survey):
    the_member(request)
    questions = list(survey.questions.all())
    errors, submitted = {}, {}
    if request.method == "POST":
        submitted = {q.pk: request.POST.getlist(f"q{q.pk}") for q in questions}
        try:
            survey_services.answer_survey(actor=request.user, survey=survey, answers=submitted)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            messages.success(request, _("提交成功，感谢参与"))
            return redirect("life:my_home")
    for q in questions:
        q.error = joined(errors.get(f"q{q.pk}", []), "semicolon")
        q.given = submitted.get(q.pk, [])
        q.scale_range = range(1, q.scale_max + 1) if q.kind == QuestionKind.SCALE else ()
    context = {"survey": survey, "questions": questions, "errors": errors.get("__all__", [])}
    return render(request, "life/my_survey.html", context)
