"""The public page of a union (no login): what it does, officials, how to join, its public
notices. Only what ``selectors.public_union`` returns is shown."""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.scoping import scopes_disabled
from gonghui.orgs.models import GRASSROOTS_KINDS

from .. import selectors
from ..forms import ProfileForm
from ..models import UnionProfile
from ..services import profiles as services
from ._common import form_page, scope_org


def union_page(request, code):
    with scopes_disabled():
        page = selectors.public_union(code)
        if page is None:
            raise Http404
    org = page["org"]
    try:
        page["join_url"] = (
            reverse("members:join", args=[org.code]) if org.kind in GRASSROOTS_KINDS else ""
        )
    except NoReverseMatch:
        page["join_url"] = ""
    return render(request, "life/public_union.html", page)


def public_notice(request, code, key):
    with scopes_disabled():
        page = selectors.public_union(code)
        notice = next((n for n in (page or {}).get("notices", []) if n.public_key == key), None)
        if notice is None:
            raise Http404
        attachments = list(notice.attachments.all())
    return render(
        request,
        "life/public_notice.html",
        {"org": page["org"], "notice": notice, "attachments": attachments},
    )


@scoped_view("life.publish_notice")
def profile_edit(request):
    org = scope_org(request)
    # unscoped: public page, read by its key only
    profile = UnionProfile.unscoped.filter(org=org).first()
    initial = {"intro": profile.intro, "how_to_join": profile.how_to_join} if profile else {}
    form = ProfileForm(request.POST or None, initial=initial)

    def save(data):
        services.save_profile(actor=request.user, **data)
        return reverse("life:public_union", args=[org.code])

    return form_page(
        request, form, title=_("本工会公开页面"), back=reverse("life:notices"), on_valid=save,
        intro=_("公开页面无需登录即可访问，展示工会简介、现任领导、联系方式、入会方式和对外公开的通知。"),
    )  # fmt: skip
