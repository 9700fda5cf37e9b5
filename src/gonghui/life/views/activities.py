"""Staff pages of activities: list, create, sign-ups, rotating QR, card check-in, summary,
photos, export, cancel."""

import segno
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import object_form_route

from .. import eligibility, exporters, selectors
from ..forms import ActivityFiltersForm, CardCheckinForm, PhotoForm, ReasonForm, SummaryForm
from ..models import Activity, ActivityPhoto
from ..services import activities as services
from ._common import created_page, page_of, scope_org

VIEW, MANAGE = "life.view_activity", "life.manage_activity"


@scoped_view(VIEW)
def activity_list(request):
    page = page_of(request, selectors.activities_for_staff())
    return render(request, "life/activity_list.html", {"page": page})


@scoped_view(MANAGE)
def activity_create(request):
    org = scope_org(request)
    form = ActivityFiltersForm(request.POST or None, org=org)
    return created_page(
        request, form, title=_("发布活动"), list_route="life:activities", detail_route="life:activity",
        create=lambda data: services.create_activity(actor=request.user, org=org, **data),
    )  # fmt: skip


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


def _activity_form(form_class, title, call, **kwargs):
    """A form on the activity's page for its organiser: ``call(request, activity, data)``."""
    return object_form_route(
        MANAGE, ACTIVITY, route="life:activity", form_class=form_class, title=title, call=call,
        template="life/form.html", check=services._manage, **kwargs,
    )  # fmt: skip


# services._manage: 403 for a union the activity was sent down to
activity_card_checkin = _activity_form(
    CardCheckinForm, gettext_lazy("扫会员证签到"),
    lambda r, a, d: services.check_in_by_card(actor=r.user, activity=a, card_number=d["card_number"]),
)  # fmt: skip
activity_summary = _activity_form(
    SummaryForm, gettext_lazy("活动总结"),
    lambda r, a, d: services.write_summary(actor=r.user, activity=a, summary=d["summary"]),
    initial=lambda a: {"summary": a.summary},
)  # fmt: skip
activity_photo = _activity_form(
    PhotoForm, gettext_lazy("上传活动照片"),
    lambda r, a, d: services.add_photo(actor=r.user, activity=a, upload=d["image"]),
    multipart=True,
)  # fmt: skip
activity_cancel = _activity_form(
    ReasonForm, gettext_lazy("取消活动"),
    lambda r, a, d: services.cancel_activity(actor=r.user, activity=a, reason=d["reason"]),
)  # fmt: skip


@scoped_view("life.export", lookup=ACTIVITY)
def activity_export(request, activity):
    rates = selectors.activity_participation(activity, depth_below=None)
    return exporters.signups_response(request.user, activity, selectors.signups_of(activity), rates)


@scoped_view(VIEW, lookup=Lookup(ActivityPhoto, name="photo"))
def photo_download(request, photo):
    return FileResponse(photo.image.open("rb"), filename=photo.original_name)
