"""Pages of decisions: award, refuse, public notice, objections, certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.pdf import pdf_response
from gonghui.core.scoping import get_scoped_or_404

from .. import forms, selectors, services
from ..models import Objection
from ._common import _done, _nomination, _reason_action


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
    if not nomination.is_awarded:
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
