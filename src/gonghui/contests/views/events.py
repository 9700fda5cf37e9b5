"""Pages of skill contests (技能比武)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.pdf import pdf_response
from gonghui.members.models import Member

from .. import forms, selectors, services
from ..models import Contestant, SkillEvent
from ._common import EVENT, _create_view, _post_form, _run, _user_named

# --- skill contests -------------------------------------------------------------------------------


@scoped_view("contests.view_event")
def event_list(request):
    page = paginate(request, selectors.events(), 30, cap=COUNT_CAP)
    return render(request, "contests/event_list.html", {"page": page})


event_create = _create_view(
    "contests.manage_event",
    forms.EventForm,
    services.create_event,
    gettext_lazy("新建技能比武"),
    "contests:event",
)


@scoped_view("contests.view_event", lookup=EVENT)
def event_detail(request, event):
    return render(
        request,
        "contests/event_detail.html",
        {
            "event": event,
            "results": selectors.top_contestants(event),
            "judges": event.judges.select_related("user"),
            "conflicts": event.conflicts.select_related("user", "contestant__member"),
            "contestant_form": forms.ContestantForm(),
            "judge_form": forms.JudgeForm(),
            "score_form": forms.ScoreForm(event=event),
            "conflict_form": forms.ConflictForm(
                choices=[(c.pk, str(c)) for c in event.contestants.select_related("member")]
            ),
            "is_judge": event.judges.filter(user=request.user).exists(),
            "rounds": event.rounds.all(),
            "criteria": event.criteria.all(),
            "rule": selectors.rule_text(event),
            "scorecard_fixed": selectors.scorecard_fixed(event),
            "round_form": forms.RoundForm(),
            "criterion_form": forms.CriterionForm(),
            "rule_form": forms.ScoreRuleForm(initial={"score_rule": event.score_rule}),
        },
    )


def _event_post(request, event, form, perform, success):
    return _post_form(request, form, perform, success, ("contests:event", event.pk))


@scoped_view("contests.manage_event", lookup=EVENT)
def contestant_add(request, event):

    def perform(data):
        member = Member.objects.filter(card_number=data["card_number"].strip()).first()
        if member is None:
            raise ValidationError(_("找不到该会员证号（或不在您的管理范围内）"))
        services.add_contestant(
            actor=request.user, event=event, member=member, number=data["number"]
        )

    return _event_post(request, event, forms.ContestantForm(request.POST), perform, _("已报名"))


@scoped_view("contests.manage_event", lookup=EVENT)
def judge_add(request, event):

    def perform(data):
        user = _user_named(data["username"])
        services.add_judge(actor=request.user, event=event, user=user)

    return _event_post(request, event, forms.JudgeForm(request.POST), perform, _("已添加裁判"))


@scoped_view("contests.record_conflict", lookup=EVENT)
def event_conflict_add(request, event):
    form = forms.ConflictForm(
        request.POST, choices=[(c.pk, str(c)) for c in event.contestants.all()]
    )

    def perform(data):
        user = _user_named(data["username"])
        services.record_conflict(
            actor=request.user,
            user=user,
            reason=data["reason"],
            contestant=event.contestants.get(pk=data["target"]),
        )

    return _event_post(request, event, form, perform, _("已登记回避关系"))


@scoped_view("contests.judge_event", lookup=EVENT)
def score_add(request, event):
    form = forms.ScoreForm(request.POST, event=event)
    return _event_post(
        request,
        event,
        form,
        lambda d: services.score_contestant(
            actor=request.user,
            event=event,
            contestant=event.contestants.get(pk=d["contestant"]),
            score=d["score"],
        ),
        _("已评分"),
    )


@scoped_view("contests.manage_event", lookup=EVENT)
def event_publish(request, event):
    _run(
        request, lambda: services.publish_results(actor=request.user, event=event), _("成绩已发布")
    )
    return redirect("contests:event", pk=event.pk)


@scoped_view(
    "contests.print_certificate",
    lookup=Lookup(
        lambda: Contestant.objects.filter(event__in=SkillEvent.objects.all()).select_related(
            "event__org", "member"
        ),
        name="contestant",
    ),
)
def certificate(request, contestant):
    event = contestant.event
    result = next(r for r in selectors.event_results(event) if r["contestant"].pk == contestant.pk)
    if not event.results_published or not result["prize"]:
        messages.error(request, _("成绩发布后，获奖选手方可打印证书"))
        return redirect("contests:event", pk=event.pk)
    return pdf_response(
        "contests/certificate_pdf.html",
        {"event": event, "contestant": contestant, "result": result},
        _("{event}-{member}-证书.pdf").format(event=event.name, member=contestant.member.name),
    )
