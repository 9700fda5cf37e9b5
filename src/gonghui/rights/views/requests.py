"""Pages of worker requests: the handler's queue and steps, the worker's own pages, the public
intake and tracking pages, the urgent list and the dashboard."""

import io
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config, publicforms
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import call_service
from gonghui.core.pages import form_page, year_param
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import current_scope, get_scoped_or_404, scopes_disabled
from gonghui.core.text.punctuation import joined
from gonghui.orgs.models import Employer, Org

from .. import forms, selectors, services
from ..enums import Category, Channel
from ..models import WorkerRequest

# ---------------------------------------------------------------- handler side


_REQUEST = Lookup(
    lambda: WorkerRequest.objects.select_related(
        "org", "handler", "employer", "origin_org", "entered_by"
    ),
    name="req",
)


def _request(pk, permission):
    """A request named in a form field (not the URL): in scope, then ``permission``."""
    return get_scoped_or_404(_REQUEST.queryset(), permission, pk=pk)


def _queue_filters(request):
    form = forms.QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "status": data.get("status", ""),
        "category": data.get("category", ""),
        "overdue": data.get("overdue", False),
        "urgent": data.get("urgent", False),
        "query": (data.get("q") or "").strip(),
        "handler": request.user if data.get("mine") else None,
    }


@scoped_view("rights.view_request")
def queue(request):
    form, filters = _queue_filters(request)
    page = paginate(request, selectors.request_queue(**filters), 30, cap=COUNT_CAP)
    return render(
        request,
        "rights/queue.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "can_enter": request.scope.has_perm("rights.enter_request"),
            "can_urgent": request.scope.has_perm("rights.view_urgent"),
        },
    )


@scoped_view("rights.export_requests")
def export(request):
    from gonghui.core.exports import workbook as safe_workbook

    _form, filters = _queue_filters(request)
    rows = selectors.request_queue(**filters)
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet(_("职工诉求"))
    headers = [
        _("编号"),
        _("类别"),
        _("渠道"),
        _("标题"),
        _("用人单位"),
        _("涉及人数"),
        _("涉及金额"),
        _("承办工会"),
        _("承办人"),
        _("状态"),
        _("受理时间"),
        _("办理期限"),
        _("按期答复"),
        _("评分"),
        _("紧急"),
        _("升级次数"),
    ]
    sheet.write_row(0, 0, headers)
    sheet.set_column(6, 6, 14, book.add_format({"num_format": "#,##0.00"}))  # 涉及金额
    today = timezone.localdate()
    for i, r in enumerate(rows.iterator(chunk_size=500), start=1):
        sheet.write_row(
            i,
            0,
            [
                r.number,
                r.get_category_display(),
                r.get_channel_display(),
                r.title,
                r.employer_name,
                r.affected_workers,
                float(r.amount_claimed) if r.amount_claimed is not None else "",
                r.org.name,
                str(r.handler or ""),
                r.get_status_display() + (_("（逾期）") if r.is_overdue(today) else ""),
                timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M"),
                r.due_date.isoformat(),
                {True: _("是"), False: _("否"), None: ""}[r.answered_on_time],
                r.rating or "",
                _("是") if r.is_urgent else "",
                r.escalation_count,
            ],
        )
    book.close()
    audit.record(
        request.user,
        "rights.request.export",
        None,
        extra={"filters": audit.filters_for_audit(filters)},
    )
    response = HttpResponse(
        buffer.getvalue(),
        content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    )
    response["Content-Disposition"] = "attachment; filename=rights-requests.xlsx"
    return response


# What a filing form gives ``submit_request`` (each form has the fields its channel asks for).
_SUBMITTED = (
    "category", "channel", "title", "description", "employer", "employer_name", "street",
    "affected_workers", "amount_claimed", "anonymous", "contact_name", "contact_phone",
)  # fmt: skip


def _submit(form, **given):
    """File a request from a valid filing form: its fields named in ``_SUBMITTED`` and
    ``given`` (actor, channel, employer). ``(request, tracking code)``, or ``None`` with the
    service's errors on the form."""
    data = {key: form.cleaned_data[key] for key in _SUBMITTED if key in form.cleaned_data}
    submitted, ok = call_service(form, services.submit_request, **{**data, **given})
    return submitted if ok else None


@scoped_view("rights.enter_request")
def staff_new(request):
    form = forms.StaffRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submitted = _submit(form, actor=request.user)
        if submitted is not None:
            req, _code = submitted
            messages.success(request, _("已登记诉求 %(n)s") % {"n": req.number})
            return redirect("rights:detail", pk=req.pk)
    return render(
        request, "rights/form.html", {"form": form, "title": _("登记诉求（热线/代登记）")}
    )


@scoped_view("rights.view_request", lookup=_REQUEST)
def detail(request, req):
    can_handle = request.scope.has_perm("rights.handle_request")
    return render(
        request,
        "rights/detail.html",
        {
            "req": req,
            "events": selectors.timeline(req),
            "today": timezone.localdate(),
            "can_handle": can_handle,
            "actions": services.REQUEST_FLOW.available(req, request.user),
            "note_form": forms.NoteForm(),
            "cases": req.cases.all(),
            "reveal_allowed": request.scope.has_perm("rights.reveal_contact"),
        },
    )


def _action(request, req, form_class, title, run, **form_kwargs):
    """A handling step: GET shows the form, POST runs the service and returns to the request."""
    kwargs = {key: (value(req) if callable(value) else value) for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, **kwargs)

    def on_valid(data):
        run(req=req, data=data)
        return reverse("rights:detail", args=[req.pk])

    return form_page(
        request, form, template="rights/form.html", on_valid=on_valid, title=title, req=req
    )


@scoped_view("rights.handle_request", lookup=_REQUEST)
def assign(request, req):
    def run(req, data):
        services.assign_request(actor=request.user, request=req, handler=data["handler"])

    if request.method == "POST" and request.POST.get("take") == "1":
        services.assign_request(actor=request.user, request=req, handler=request.user)
        messages.success(request, _("已受理，由您承办"))
        return redirect("rights:detail", pk=req.pk)
    return _action(
        request,
        req,
        forms.AssignForm,
        _("指定承办人"),
        run,
        handlers=lambda req: services.requests.handlers_for(req.org),
    )


@scoped_view("rights.handle_request", lookup=_REQUEST)
def note(request, req):
    def run(req, data):
        services.add_note(actor=request.user, request=req, text=data["text"])

    return _action(request, req, forms.NoteForm, _("添加办理记录"), run)


@scoped_view("rights.handle_request", lookup=_REQUEST)
def answer(request, req):
    def run(req, data):
        services.answer_request(actor=request.user, request=req, text=data["text"])

    return _action(request, req, forms.AnswerForm, _("书面答复"), run)


@scoped_view("rights.handle_request", lookup=_REQUEST)
def transfer(request, req):
    def run(req, data):
        with scopes_disabled():
            target = Org.objects.filter(code=data["to_org"].strip()).first()
        if target is None:
            raise ValidationError({"to_org": _("找不到该组织代码")})
        services.transfer_request(
            actor=request.user, request=req, to_org=target, reason=data["reason"]
        )

    return _action(request, req, forms.TransferForm, _("转办到其他工会"), run)


@scoped_view("rights.handle_request", lookup=_REQUEST)
def close(request, req):
    def run(req, data):
        services.close_request(
            actor=request.user, request=req, reason=data["reason"], note=data["note"]
        )

    return _action(request, req, forms.CloseForm, _("办结"), run)


@scoped_view("rights.view_urgent")
def urgent(request):
    if request.method == "POST":
        req = _request(request.POST.get("pk", ""), "rights.view_urgent")
        try:
            services.acknowledge_urgent(actor=request.user, request=req)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("rights:urgent")
    page = paginate(request, selectors.urgent_requests(), 30, cap=COUNT_CAP)
    return render(request, "rights/urgent.html", {"page": page, "today": timezone.localdate()})


@scoped_view("rights.view_dashboard")
def dashboard(request):
    org = request.scope.org
    code = request.GET.get("org", "").strip()
    if code:
        org = get_scoped_or_404(Org.objects.visible(), None, code=code)
    year = year_param(request.GET.get("year")) or timezone.localdate().year
    stats = selectors.dashboard(org, year)
    return render(
        request,
        "rights/dashboard.html",
        {
            "org": org,
            "stats": stats,
            "chart_json": json.dumps(selectors.dashboard_chart(stats), ensure_ascii=False),
            "children": selectors.dashboard_by_child(org, year),
            "year": year,
        },
    )


# ---------------------------------------------------------------- the worker's side


@scoped_view("rights.file_request")
def mine(request):
    requests = selectors.requests_of_worker(request.user)
    return render(
        request, "rights/mine.html", {"requests": requests, "today": timezone.localdate()}
    )


@scoped_view("rights.file_request")
def mine_new(request):
    form = forms.WorkerRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submitted = _submit(form, actor=request.user, channel=Channel.APP)
        if submitted is not None:
            req, code = submitted
            return render(request, "rights/submitted.html", {"req": req, "code": code})
    return render(
        request,
        "rights/form.html",
        {"form": form, "title": _("我要反映诉求"), "anonymous_rule": _anonymous_rule()},
    )


def _anonymous_rule():
    allowed = config.get("rights.anonymous_categories")
    return joined(Category(c).label for c in allowed if c in Category.values)


# A worker's own requests are found by who they are, not by the org scope.
@scoped_view(
    "rights.file_request",
    lookup=Lookup(lambda: selectors.requests_of_worker(current_scope().user), name="req"),
)
def mine_detail(request, req):
    rate_form, reopen_form = forms.RateForm(), forms.ReopenForm()
    if request.method == "POST":
        rate_form, reopen_form, done = _worker_step(request, req, actor=request.user)
        if done:
            return redirect("rights:mine_detail", pk=req.pk)
    return render(
        request,
        "rights/mine_detail.html",
        {
            "req": req,
            "events": _worker_timeline(req),
            "rate_form": rate_form,
            "reopen_form": reopen_form,
            "today": timezone.localdate(),
        },
    )


def _worker_timeline(req):
    """What a worker sees of the timeline: steps, not the names of staff."""
    return req.events.select_related("to_org").exclude(kind="note")


# The worker's steps on their page or the tracking page: form, service, message.
_WORKER_STEPS = {
    "rate": (forms.RateForm, services.rate_request, gettext_lazy("感谢您的评价")),
    "reopen": (forms.ReopenForm, services.reopen_request, gettext_lazy("已申请重新办理")),
}


def _worker_step(request, req, *, actor=None, code=""):
    """Rate or reopen from the worker's page. Returns (rate form, reopen form, done)."""
    shown = {"rate": forms.RateForm(), "reopen": forms.ReopenForm()}
    step = request.POST.get("step")
    done = False
    if step in _WORKER_STEPS:
        form_class, service, message = _WORKER_STEPS[step]
        form = shown[step] = form_class(request.POST)
        try:
            if form.is_valid():
                service(actor=actor, request=req, tracking_code=code, **form.cleaned_data)
                messages.success(request, message)
                done = True
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    return shown["rate"], shown["reopen"], done


# ---------------------------------------------------------------- public pages (no login)


def public_new(request):
    """The public intake form: anyone can file, by phone contact or anonymously."""
    with scopes_disabled():
        form = forms.PublicRequestForm(request.POST or None)
        # Requests per address per hour (a setting), in the shared cache; a captcha after a few.
        refused = publicforms.guard(
            request,
            form,
            "rights-request",
            limit=config.get("core.public_requests_per_hour"),
            rule=config.describe("core.public_requests_per_hour"),
        )
        if refused is not None:
            return refused
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            employer = None
            if data["credit_code"]:
                employer = Employer.unscoped.filter(
                    credit_code=data["credit_code"].upper()
                ).first()  # unscoped: public form: the employer named by its credit code, no scope
            submitted = _submit(form, actor=None, channel=Channel.APP, employer=employer)
            if submitted is not None:
                req, code = submitted
                return render(
                    request, "rights/submitted.html", {"req": req, "code": code, "public": True}
                )
        return render(
            request,
            "rights/form.html",
            {
                "form": form,
                "title": _("职工诉求"),
                "public": True,
                "anonymous_rule": _anonymous_rule(),
            },
        )


def public_track(request):
    """Follow a request by its tracking code: status, answer, rating and one reopen."""
    # The code travels in the POST body only, never in a URL (logs, history, referrers).
    code = (request.POST.get("code") or "").strip().upper()
    with scopes_disabled():
        req = selectors.request_by_tracking_code(code) if code else None
        rate_form, reopen_form = forms.RateForm(), forms.ReopenForm()
        if req is not None and request.method == "POST" and request.POST.get("step"):
            rate_form, reopen_form, done = _worker_step(request, req, code=code)
            if done:
                req = selectors.request_by_tracking_code(code)
        response = render(
            request,
            "rights/track.html",
            {
                "code": code,
                "req": req,
                "form": forms.TrackForm(initial={"code": code}),
                "events": _worker_timeline(req) if req else [],
                "rate_form": rate_form,
                "reopen_form": reopen_form,
                "not_found": bool(code) and req is None,
            },
        )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
