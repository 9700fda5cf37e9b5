"""The roster (会员名册): list, export, create, detail, edit, status."""

import datetime
import html

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.imports.views import attachment
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.orgs.models import Official

from .. import exporters, selectors, services
from ..forms import (
    MemberForm,
    StatusForm,
)
from ..models import (
    Member,
    Transfer,
)
from ._common import _employers_for, _filter_params, _member

# --- roster ------------------------------------------------------------------------------------


_STATUS_BADGE = {"active": "bg-success", "retired": "bg-info", "unemployed": "bg-info"}
_PK = 987654321
# One row of the roster list (``#member-table``). Built here in one pass rather than in the
# template: thirty rows of ten cells were two thirds of the page's rendering time.
_ROW = (
    '<tr><td><a href="{}">{}</a></td><td>{}</td>'
    '<td class="masked d-none d-md-table-cell">{}</td>'
    '<td class="masked d-none d-md-table-cell">{}</td>'
    '<td class="d-none d-lg-table-cell">{}</td><td class="d-none d-lg-table-cell">{}</td>'
    '<td class="d-none d-md-table-cell">{}</td>'
    '<td><span class="badge {} status-badge">{}</span></td></tr>\n'
)


def _list_rows(members):
    """The list's rows (tuples of ``selectors.LIST_FIELDS``) as HTML, every value escaped:
    choice labels from one dict per field (not ``get_*_display`` per cell, which rebuilds the
    choices map each call), detail links from one ``reverse`` (not one ``{% url %}`` per row),
    ID number and phone masked."""
    labels = {
        name: {value: str(label) for value, label in Member._meta.get_field(name).flatchoices}
        for name in ("gender", "employment_form", "status")
    }
    head, tail = reverse("members:detail", args=[_PK]).split(str(_PK))
    cells = (
        (
            f"{head}{pk}{tail}",
            name,
            labels["gender"].get(gender, gender),
            mask_id_number(id_number),
            mask_phone(phone),
            labels["employment_form"].get(form, form),
            org_name,
            joined.isoformat() if joined else "",
            _STATUS_BADGE.get(status, "bg-secondary"),
            labels["status"].get(status, status),
        )
        for pk, name, gender, id_number, phone, form, org_name, joined, status in members
    )
    # Every cell goes through html.escape (what django.utils.html.escape does, without its
    # lazy-string wrapper per call), so the joined rows are safe to output as they are.
    return mark_safe(  # noqa: S308
        "".join(_ROW.format(*(html.escape(str(c)) for c in row)) for row in cells)
    )


@scoped_view("members.view_member")
def member_list(request):
    form, params = _filter_params(request)
    members, page, has_next = selectors.page_of(
        selectors.listed_members(params), request.GET.get("page")
    )
    rows = _list_rows(members) if members else ""
    query = request.GET.copy()
    query.pop("page", None)
    scope = request.scope
    return render(
        request,
        "members/member_list.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "has_next": has_next,
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
            "filter": {k: v for k, v in params.items() if k != "org_obj"},
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
        try:
            member = services.create_member(actor=request.user, org=org, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
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


@scoped_view("members.view_member")
def member_detail(request, pk):
    member = _member(pk)
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


@scoped_view("members.change_member")
def member_edit(request, pk):
    member = _member(pk, "members.change_member")
    initial = {
        f: getattr(member, f)
        for f in (
            "name",
            "id_number",
            "phone",
            "ethnicity",
            "education",
            "political_status",
            "employment_form",
            "employer",
            "join_date",
            "card_number",
            "version",
        )
    }
    form = MemberForm(request.POST or None, initial=initial, employers=_employers_for(member.org))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_member(
                actor=request.user, member=member, version=form.cleaned_data.get("version"), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/member_form.html",
        {"form": form, "org": member.org, "member": member, "title": _("编辑会员信息")},
    )


@require_POST
@scoped_view("members.change_member")
def member_status(request, pk):
    member = _member(pk, "members.change_member")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("会籍状态已更新"))
    else:
        messages.error(request, _("请检查填写的内容"))
    return redirect("members:detail", pk=member.pk)
