"""Pages of decisions: award, refuse, public notice, objections, certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import act
from gonghui.core.pdf import pdf_response

from .. import forms, selectors, services
from ..models import Objection
from ._common import NOMINATION, _nomination_step, _reason_action


@scoped_view("honours.decide_award", lookup=NOMINATION)
def award(request, nomination):
    return _reason_action(
        request,
        nomination,
        services.award,
        _("授予荣誉"),
        _("已授予"),
        forms.OptionalReasonForm,
        organiser_only=True,
    )


@scoped_view("honours.decide_award", lookup=NOMINATION)
def refuse(request, nomination):
    return _reason_action(
        request,
        nomination,
        services.refuse_award,
        _("不予授予"),
        _("已决定不予授予"),
        organiser_only=True,
    )


@scoped_view("honours.manage_round", lookup=NOMINATION)
def publish_notice(request, nomination):
    if not selectors.can_manage(nomination.round):
        raise PermissionDenied
    form = forms.NoticeForm(request.POST or None, initial={"start": timezone.localdate()})
    return _nomination_step(
        request,
        nomination,
        form,
        services.publish_notice,
        _("进入公示"),
        _("已进入公示"),
        note=config.describe("honours.notice_working_days"),
    )


@scoped_view(
    "honours.answer_objection",
    lookup=Lookup(lambda: Objection.objects.select_related("nomination__round"), name="objection"),
)
def answer_objection(request, objection):
    if request.method != "POST":
        return redirect("honours:nomination", pk=objection.nomination_id)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.answer_objection(
                actor=request.user, objection=objection, **form.cleaned_data
            ),
            _("已答复异议"),
            refusals=False,
        )
    else:
        messages.error(request, _("请选择核查结论并填写答复"))
    return redirect("honours:nomination", pk=objection.nomination_id)


@scoped_view("honours.print_certificate", lookup=NOMINATION)
def certificate(request, nomination):
    # A member prints only their own certificate; staff any in their scope.
    if not request.scope.has_perm("honours.view_nomination"):
        if nomination.member is None or nomination.member.user_id != request.user.id:
            raise Http404
    if not nomination.is_awarded:
        raise Http404
    return pdf_response(
        "honours/certificate.html",
        {"n": nomination, "round": nomination.round},
        _("荣誉证书-{nominee_name}.pdf").format(nominee_name=nomination.nominee_name),
        request=request,
    )


@scoped_view("honours.view_own_honours")
def my_honours(request):
    rows = selectors.honours_of_user(request.user)
    return render(request, "honours/mine.html", {"rows": rows})
