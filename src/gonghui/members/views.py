"""Pages of the roster: list and search, export, detail, add and edit, status changes,
transfers, online joining and its review, the member's own page, statistics."""

import datetime
import html
import json

import segno
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import audit, publicforms
from gonghui.core.audit import client_ip
from gonghui.core.decorators import scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.imports.views import attachment
from gonghui.core.masking import mask_id_number, mask_name, mask_phone
from gonghui.core.scoping import get_scoped_or_404, scopes_disabled
from gonghui.orgs.models import GRASSROOTS_KINDS, Employer, Official, Org

from . import exporters, selectors, services
from .forms import (
    ApproveForm,
    FilterForm,
    JoinForm,
    MemberForm,
    ReasonForm,
    StatsForm,
    StatusForm,
    TransferForm,
    TransferRequestForm,
)
from .models import (
    KEEPS_MEMBERSHIP,
    ApplicationStatus,
    JoinApplication,
    Member,
    Transfer,
)


def _member(pk, permission="members.view_member"):
    return get_scoped_or_404(
        Member.objects.select_related("org", "employer", "user"), permission, pk=pk
    )


def _employers_for(org):
    return Employer.objects.filter(
        org__path__in=[org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    ).order_by("name")


def _filter_params(request):
    form = FilterForm(request.GET or None)
    params = form.params()
    params["org_obj"] = selectors.org_by_code(params.get("org"))
    return form, params


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
    return attachment(data, f"会员名册-{datetime.date.today():%Y%m%d}.xlsx")


@scoped_view("members.add_member")
def member_create(request):
    org = selectors.org_by_code(request.GET.get("org")) or request.active_assignment.org
    form = MemberForm(
        request.POST or None,
        employers=_employers_for(org),
        initial={"join_date": datetime.date.today(), "ethnicity": "汉族"},
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


# --- transfers -----------------------------------------------------------------------------------


def _org_anywhere(code):
    """A union by code anywhere in the district: the tree's shape is not secret, and the
    receiving union of a transfer is usually outside the releasing side's scope."""
    return Org.objects.filter(code=(code or "").strip()).first()


@scoped_view("members.transfer_member")
def member_transfer(request, pk):
    member = _member(pk, "members.transfer_member")
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_org = _org_anywhere(data["to_org"]) if data["to_org"] else None
        if data["to_org"] and to_org is None:
            form.add_error("to_org", _("找不到该组织代码"))
        else:
            try:
                transfer = services.initiate_transfer(
                    actor=request.user,
                    member=member,
                    to_org=to_org,
                    destination_text=data["destination_text"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("会籍接转已发起"))
                return redirect("members:transfer_detail", pk=transfer.pk)
    return render(
        request,
        "members/transfer_form.html",
        {"form": form, "member": member, "title": _("发起会籍接转（转出）")},
    )


@scoped_view("members.transfer_member")
def transfer_request(request):
    form = TransferRequestForm(
        request.POST or None, initial={"to_org": request.active_assignment.org.code}
    )
    if request.method == "POST" and form.is_valid():
        to_org = selectors.org_by_code(form.cleaned_data["to_org"])
        if to_org is None:
            form.add_error("to_org", _("找不到该组织代码（或不在您的管理范围内）"))
        else:
            try:
                transfer = services.request_transfer(
                    actor=request.user,
                    id_number=form.cleaned_data["id_number"],
                    to_org=to_org,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已向原工会发出转会申请"))
                return redirect("members:transfer_detail", pk=transfer.pk)
    return render(request, "members/transfer_form.html", {"form": form, "title": _("申请转入会员")})


@scoped_view("members.transfer_member")
def transfer_list(request):
    status = request.GET.get("status", "open")
    transfers = selectors.transfers_in_scope()
    if status == "open":
        transfers = transfers.filter(status__in=["awaiting_release", "awaiting_accept"])
    rows, page, has_next = selectors.page_of(transfers, request.GET.get("page"))
    return render(
        request,
        "members/transfer_list.html",
        {
            "rows": rows,
            "page": page,
            "has_next": has_next,
            "status": status,
            "waiting": set(
                selectors.transfers_waiting_for(request.scope).values_list("pk", flat=True)
            ),
        },
    )


@scoped_view("members.transfer_member")
def transfer_detail(request, pk):
    transfer = get_scoped_or_404(selectors.transfers_in_scope(), "members.transfer_member", pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, reason = request.POST.get("action"), form.cleaned_data["reason"]
        try:
            if action == "confirm":
                services.confirm_transfer(actor=request.user, transfer=transfer)
            elif action == "withdraw":
                services.withdraw_transfer(actor=request.user, transfer=transfer, reason=reason)
            elif action == "refuse":
                services.refuse_transfer(actor=request.user, transfer=transfer, reason=reason)
            else:
                raise ValidationError(_("未知操作"))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("已处理"))
        return redirect("members:transfer_detail", pk=transfer.pk)
    available = {t.name for t in services.TRANSFER_WF.available(transfer, request.user)}
    return render(
        request,
        "members/transfer_detail.html",
        {
            "transfer": transfer,
            "form": form,
            "history": _wf_history(transfer),
            "can_confirm": bool(available & {"accept", "release"}),
            "can_withdraw": "withdraw" in available,
            "can_refuse": "refuse" in available,
        },
    )


def _wf_history(transfer):
    from gonghui.core.workflow import history

    return [
        {
            "at": e.at,
            "actor": e.actor,
            "label": services.TRANSFER_WF.get(e.transition).label,
            "reason": e.reason,
        }
        for e in history(transfer)
    ]


# --- online joining ---------------------------------------------------------------------------


def _public_union(code):
    with scopes_disabled():
        org = Org.objects.filter(code=code, kind__in=GRASSROOTS_KINDS, status="active").first()
    if org is None:
        raise Http404
    return org


def join(request, code):
    """Public joining page of a grassroots union (no login; rate-limited in the service)."""
    org = _public_union(code)
    form = JoinForm(request.POST or None)
    # The service counts the submissions (bucket "members-join"); the captcha follows the count.
    publicforms.guard(request, form, "members-join", limit=0, count=False)
    if request.method == "POST" and form.is_valid():
        try:
            with scopes_disabled():
                fields = {k: v for k, v in form.cleaned_data.items() if k != "captcha"}
                services.submit_application(
                    org=org, **fields, client_key=client_ip.get() or "unknown"
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("members:join_done", code=org.code)
    return render(
        request,
        "members/join.html",
        {"org": org, "form": form, "consent_version": services.CONSENT_VERSION},
    )


def join_done(request, code):
    return render(request, "members/join_done.html", {"org": _public_union(code)})


@scoped_view("members.review_application")
def join_link(request, code):
    org = get_scoped_or_404(Org.objects.visible(), "members.review_application", code=code)
    if org.kind not in GRASSROOTS_KINDS:
        raise Http404
    url = request.build_absolute_uri(reverse("members:join", kwargs={"code": org.code}))
    return render(
        request,
        "members/join_link.html",
        {
            "org": org,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=6),
        },
    )


@scoped_view("members.review_application")
def application_list(request):
    status = request.GET.get("status", ApplicationStatus.PENDING)
    applications = JoinApplication.objects.select_related("org")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    rows, page, has_next = selectors.page_of(applications, request.GET.get("page"))
    unions = Org.objects.visible().filter(kind__in=GRASSROOTS_KINDS, status="active")[:50]
    return render(
        request,
        "members/application_list.html",
        {
            "rows": rows,
            "page": page,
            "has_next": has_next,
            "status": status,
            "statuses": ApplicationStatus.choices,
            "unions": unions,
        },
    )


@scoped_view("members.review_application")
def application_detail(request, pk):
    application = get_scoped_or_404(
        JoinApplication.objects.select_related("org", "member"), "members.review_application", pk=pk
    )
    approve_form = ApproveForm(
        request.POST if request.POST.get("action") == "approve" else None,
        employers=_employers_for(application.org),
        initial={"join_date": datetime.date.today()},
    )
    reject_form = ReasonForm(request.POST if request.POST.get("action") == "reject" else None)
    try:
        if approve_form.is_bound and approve_form.is_valid():
            services.approve_application(
                actor=request.user, application=application, **approve_form.cleaned_data
            )
            messages.success(request, _("已批准入会，会员已登记"))
            return redirect("members:application_detail", pk=application.pk)
        if reject_form.is_bound and reject_form.is_valid():
            services.reject_application(
                actor=request.user,
                application=application,
                reason=reject_form.cleaned_data["reason"],
            )
            messages.success(request, _("已作出不予批准的决定"))
            return redirect("members:application_detail", pk=application.pk)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return render(
        request,
        "members/application_detail.html",
        {
            "application": application,
            "approve_form": approve_form,
            "reject_form": reject_form,
            "reveal_id": request.scope.has_perm("members.reveal_id_number"),
            "reveal_phone": request.scope.has_perm("members.reveal_phone"),
        },
    )


# --- a member's own page ---------------------------------------------------------------------

CARD_SALT = "members.card"


@scoped_view("members.view_own")
def me(request):
    """My membership, on a phone: the electronic member card, my union and its officials, my
    history. Only the member linked to the logged-in user."""
    member = Member.unscoped.select_related("org", "employer").filter(user=request.user).first()
    if member is None:
        return render(request, "members/me.html", {"member": None})
    token = signing.Signer(salt=CARD_SALT).sign(member.card_number)
    verify_url = request.build_absolute_uri(reverse("members:card", kwargs={"token": token}))
    officials = Official.unscoped.filter(
        org=member.org, end_date__isnull=True, term__is_current=True
    ).order_by("position")
    return render(
        request,
        "members/me.html",
        {
            "member": member,
            "qr": segno.make(verify_url, error="m").svg_inline(scale=5),
            "officials": officials,
            "history": member.events.select_related("from_org", "to_org").order_by(
                "-on_date", "-id"
            ),
        },
    )


# --- statistics --------------------------------------------------------------------------------


def _stats(request):
    form = StatsForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = selectors.org_by_code(data.get("org")) or request.active_assignment.org
    return selectors.statistics(org, data.get("denominator") or "all")


@scoped_view("members.view_stats")
def stats(request):
    figures = _stats(request)
    return render(
        request,
        "members/stats.html",
        {
            "form": StatsForm(request.GET or None),
            "s": figures,
            "query": request.GET.urlencode(),
            "charts": _charts(figures),
            "children": selectors.children_figures(figures["org"]),
        },
    )


@scoped_view("members.view_stats")
def stats_export(request):
    figures = _stats(request)
    audit.record(
        request.user,
        "members.stats.export",
        figures["org"],
        extra={"denominator": figures["coverage"]["denominator"]},
    )
    return attachment(
        exporters.statistics_workbook(figures), f"会员统计-{figures['org'].code}.xlsx"
    )


def _pie(title, pairs):
    return json.dumps(
        {
            "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "top": 24,
                    "data": [{"name": str(label), "value": n} for label, n in pairs if n],
                }
            ],
        },
        ensure_ascii=False,
    )


def _charts(s):
    months = s["by_month"]
    flows = json.dumps(
        {
            "title": {"text": "每月入会与减少", "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 24},
            "grid": {"top": 60, "left": 40, "right": 16, "bottom": 30},
            "xAxis": {"type": "category", "data": [m for m, _j, _l in months]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {"name": "入会", "type": "bar", "data": [j for _m, j, _l in months]},
                {"name": "减少", "type": "bar", "data": [n for _m, _j, n in months]},
            ],
        },
        ensure_ascii=False,
    )
    age = json.dumps(
        {
            "title": {"text": "年龄段", "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {},
            "grid": {"top": 40, "left": 40, "right": 16, "bottom": 30},
            "xAxis": {"type": "category", "data": [str(a) for a, _n in s["by_age"]]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [{"type": "bar", "data": [n for _a, n in s["by_age"]]}],
        },
        ensure_ascii=False,
    )
    return {
        "status": _pie("会籍状态", s["by_status"]),
        "form": _pie("用工形式", s["by_form"]),
        "gender": _pie("性别", s["by_gender"]),
        "age": age,
        "flows": flows,
    }


def card_check(request, token):
    """Public check of an electronic member card (the QR code on it): valid or not, with the
    masked name and the union. Nothing else about the member is shown."""
    try:
        card_number = signing.Signer(salt=CARD_SALT).unsign(token)
    except signing.BadSignature:
        raise Http404 from None
    with scopes_disabled():
        member = Member.objects.select_related("org").filter(card_number=card_number).first()
    if member is None:
        raise Http404
    return render(
        request,
        "members/card_check.html",
        {
            "name": mask_name(member.name),
            "org": member.org.name,
            "valid": member.status in KEEPS_MEMBERSHIP,
            "status": member.get_status_display(),
        },
    )
