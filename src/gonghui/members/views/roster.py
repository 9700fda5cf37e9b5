"""The roster (会员名册): list, export, create, detail, edit, status."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import audit, paging
from gonghui.core.decorators import scoped_view
from gonghui.core.forms import call_service
from gonghui.core.imports.views import attachment
from gonghui.core.pages import act
from gonghui.orgs.models import Official

from .. import exporters, selectors, services
from ..forms import (
    MemberForm,
    StatusForm,
)
from ..models import (
    Transfer,
)
from ._common import MEMBER, _employers_for, _filter_params

# --- roster ------------------------------------------------------------------------------------


@scoped_view("members.view_member")
def member_list(request):
    form, params = _filter_params(request)
    pager = paging.window(request, selectors.listed_members(params))
    # the rows: a Jinja2 partial (core/jinja.py), autoescaped, so safe to put in the page
    rows = render_to_string(
        "members/member_rows.html",
        {"members": pager.rows, "roster": reverse("members:list"), "language": get_language()},
        using="jinja2",
    )
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    scope = request.scope
    return render(
        request,
        "members/member_list.html",
        {
            "form": form,
            "members": pager.rows,
            "rows": mark_safe(rows),  # noqa: S308 (autoescaped by Jinja2)
            "pager": pager,
            "query": query.urlencode(),
            "can_add": scope.has_perm("members.add_member"),
            "can_export": scope.has_perm("members.export_members"),
            "can_reveal": scope.has_perm("members.reveal_id_number")
            or scope.has_perm("members.reveal_phone"),
        },
    )


@scoped_view("members.export_members")
def member_export(request):
    """The filtered list as .xlsx; clear ID/phone numbers only with the reveal permission and
    when asked for (``reveal=1``). Audited with the filter and the row count."""
    _form, params = _filter_params(request)
    asked = request.GET.get("reveal") == "1"
    reveal_id = asked and request.scope.has_perm("members.reveal_id_number")
    reveal_phone = asked and request.scope.has_perm("members.reveal_phone")
    data, count = exporters.roster_workbook(
        selectors.filtered_members(params), reveal_id=reveal_id, reveal_phone=reveal_phone
    )
    audit.record(
        request.user,
        "members.member.export",
        None,
        extra={
            "filter": audit.filters_for_audit({k: v for k, v in params.items() if k != "org_obj"}),
            "rows": count,
            "revealed": [f for f, on in (("id_number", reveal_id), ("phone", reveal_phone)) if on],
        },
    )
    return attachment(data, _("会员名册-{today:%Y%m%d}.xlsx").format(today=datetime.date.today()))


@scoped_view("members.add_member")
def member_create(request):
    org = selectors.org_by_code(request.GET.get("org")) or request.active_assignment.org
    form = MemberForm(
        request.POST or None,
        employers=_employers_for(org),
        initial={"join_date": datetime.date.today(), "ethnicity": "汉族"},  # i18n: data
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        member, ok = call_service(form, services.create_member, actor=request.user, org=org, **data)
        if ok:
            messages.success(request, _("已登记会员：%(name)s") % {"name": member.name})
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/member_form.html",
        {
            "form": form,
            "org": org,
            "title": _("登记会员"),
            "choose_org": org.kind not in services.MEMBER_ORG_KINDS,
        },
    )


@scoped_view("members.view_member", lookup=MEMBER)
def member_detail(request, member):
    scope = request.scope
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "history": selectors.member_history(member),
            "transfers": Transfer.objects.filter(member=member).select_related(
                "from_org", "to_org"
            ),
            "roles": member.user.role_assignments.select_related("org") if member.user_id else [],
            "offices": Official.objects.filter(
                org=member.org, name=member.name, end_date__isnull=True
            ).select_related("term"),
            "can_change": scope.has_perm("members.change_member"),
            "can_transfer": scope.has_perm("members.transfer_member"),
            "reveal_id": scope.has_perm("members.reveal_id_number"),
            "reveal_phone": scope.has_perm("members.reveal_phone"),
            "status_form": StatusForm(initial={"on_date": datetime.date.today()}),
        },
    )


@scoped_view("members.change_member", lookup=MEMBER)
def member_edit(request, member):
    initial = {f: getattr(member, f) for f in MemberForm.base_fields}
    form = MemberForm(request.POST or None, initial=initial, employers=_employers_for(member.org))
    if request.method == "POST" and form.is_valid():
        _updated, ok = call_service(
            form, services.update_member, actor=request.user, member=member, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("已保存"))
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/member_form.html",
        {"form": form, "org": member.org, "member": member, "title": _("编辑会员信息")},
    )


@require_POST
@scoped_view("members.change_member", lookup=MEMBER)
def member_status(request, member):
    form = StatusForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.change_status(actor=request.user, member=member, **form.cleaned_data),
            _("会籍状态已更新"),
            refusals=False,
        )
    else:
        messages.error(request, _("请检查填写的内容"))
    return redirect("members:detail", pk=member.pk)
