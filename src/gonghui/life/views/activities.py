"""Staff pages of activities: list, create, sign-ups, rotating QR, card check-in, summary,
photos, export, cancel."""

import segno
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view

from .. import eligibility, exporters, selectors
from ..forms import ActivityFiltersForm, CardCheckinForm, PhotoForm, ReasonForm, SummaryForm
from ..models import Activity, ActivityPhoto
from ..services import activities as services
from ._common import form_page, page_of, scope_org

VIEW, MANAGE = "life.view_activity", "life.manage_activity"


@scoped_view(VIEW)
def activity_list(request):
    page = page_of(request, selectors.activities_for_staff())
    return render(request, "life/activity_list.html", {"page": page})


@scoped_view(MANAGE)
def activity_create(request):
    org = scope_org(request)
    form = ActivityFiltersForm(request.POST or None, org=org)

    def save(data):
        activity = services.create_activity(actor=request.user, org=org, **data)
        return reverse("life:activity", args=[activity.pk])

    return form_page(
        request, form, title=_("发布活动"), back=reverse("life:activities"), on_valid=save
    )


ACTIVITY = Lookup(lambda: Activity.objects.select_related("org"), name="activity")


def _organiser(request, activity):
    return request.scope.contains_path(activity.org.path) and request.scope.has_perm(MANAGE)


@scoped_view(VIEW, lookup=ACTIVITY)
def activity_detail(request, activity):
    organiser = request.scope.contains_path(activity.org.path)
    context = {
        "activity": activity,
        "organiser": organiser,
        "can_manage": _organiser(request, activity),
        "signups": selectors.signups_of(activity),
        "rollup": selectors.participation_rollup(activity),
        "rates": selectors.activity_participation(activity),
        "conditions": eligibility.describe(activity),
        "photos": activity.photos.all(),
        "card_form": CardCheckinForm(),
    }
    return render(request, "life/activity_detail.html", context)


@scoped_view(MANAGE, lookup=ACTIVITY)
def activity_qr(request, activity):
    """The check-in screen shown at the venue; the code changes every few seconds."""
    services._manage(activity)  # 403 for a union the activity was sent down to
    seconds = config.get("life.checkin_qr_seconds")
    return render(request, "life/activity_qr.html", {"activity": activity, "seconds": seconds})


@scoped_view(MANAGE, lookup=ACTIVITY)
def activity_qr_code(request, activity):
    services._manage(activity)  # 403 for a union the activity was sent down to
    token = services.checkin_token(activity)
    url = request.build_absolute_uri(reverse("life:my_checkin", args=[activity.pk, token]))
    return render(
        request,
        "life/_qr.html",
        {"activity": activity, "qr": segno.make(url, error="m").svg_inline(scale=8), "url": url},
    )


@scoped_view(MANAGE, lookup=ACTIVITY)
def activity_card_checkin(request, activity):
    services._manage(activity)  # 403 for a union the activity was sent down to
    back = reverse("life:activity", args=[activity.pk])
    form = CardCheckinForm(request.POST or None)

    def save(data):
        services.check_in_by_card(
            actor=request.user, activity=activity, card_number=data["card_number"]
        )
        return back

    return form_page(request, form, title=_("扫会员证签到"), back=back, on_valid=save)


@scoped_view(MANAGE, lookup=ACTIVITY)
def activity_summary(request, activity):
    services._manage(activity)  # 403 for a union the activity was sent down to
    back = reverse("life:activity", args=[activity.pk])
    form = SummaryForm(request.POST or None, initial={"summary": activity.summary})

    def save(data):
        services.write_summary(actor=request.user, activity=activity, summary=data["summary"])
        return back

    return form_page(request, form, title=_("活动总结"), back=back, on_valid=save)


@scoped_view(MANAGE, lookup=ACTIVITY)
def activity_photo(request, activity):
    services._manage(activity)  # 403 for a union the activity was sent down to
    back = reverse("life:activity", args=[activity.pk])
    form = PhotoForm(request.POST or None, request.FILES or None)

    def save(data):
        services.add_photo(actor=request.user, activity=activity, upload=data["image"])
        return back

    return form_page(
        request, form, title=_("上传活动照片"), back=back, on_valid=save, multipart=True
    )


@scoped_view(MANAGE, lookup=ACTIVITY)
def activity_cancel(request, activity):
    services._manage(activity)  # 403 for a union the activity was sent down to
    back = reverse("life:activity", args=[activity.pk])
    form = ReasonForm(request.POST or None)

    def save(data):
        services.cancel_activity(actor=request.user, activity=activity, reason=data["reason"])
        return back

    return form_page(request, form, title=_("取消活动"), back=back, on_valid=save)


@scoped_view("life.export", lookup=ACTIVITY)
def activity_export(request, activity):
    rates = selectors.activity_participation(activity, depth_below=None)
    return exporters.signups_response(request.user, activity, selectors.signups_of(activity), rates)


@scoped_view(VIEW, lookup=Lookup(ActivityPhoto, name="photo"))
def photo_download(request, photo):
    return FileResponse(photo.image.open("rb"), filename=photo.original_name)
