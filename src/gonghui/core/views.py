"""Core pages: login and second factor, role switching, home, audit log, settings, API tokens,
revealing masked values, and the friendly error pages."""

import datetime
from urllib.parse import quote

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access, audit, config, home, paging, ratelimit, sensitive, tokens
from .decorators import KeyLookup, Lookup, scoped_view
from .forms import AuditFilterForm, LoginForm, OTPForm, SettingForm, TokenForm
from .models import AuditEvent, PersonalAccessToken
from .ratelimit import client_address
from .scoping import current_scope


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if ratelimit.login_locked(username, client_address(request)):
            form = self.get_form()
            form.is_valid()
            form.errors.clear()
            form.add_error(None, _("登录失败次数过多，请 15 分钟后再试"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        ratelimit.login_failed(self.request.POST.get("username", ""), client_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        ratelimit.login_succeeded(form.get_user().username, client_address(self.request))
        auth_login(self.request, form.get_user())
        with transaction.atomic():
            audit.record(form.get_user(), "core.user.login", form.get_user())
        return redirect(self.get_success_url())


def admin_login(request, **kwargs):
    """Django's admin login (``/django-admin/login/``) behind the same lock as the platform's:
    per account and per address, in the shared cache."""
    from django.contrib import admin

    username = request.POST.get("username", "")
    address = client_address(request)
    if request.method == "POST" and ratelimit.login_locked(username, address):
        return HttpResponse(
            _("登录失败次数过多，请 15 分钟后再试"),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response = admin.site.login(request, **kwargs)
    if request.method == "POST":
        if response.status_code == 302 and request.user.is_authenticated:
            ratelimit.login_succeeded(username, address)
        else:
            ratelimit.login_failed(username, address)
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        with transaction.atomic():
            user = self.request.user
            if user.must_change_password:
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
            audit.record(user, "core.user.change_password", user)
        messages.success(self.request, _("密码已修改"))
        return response


@login_required
def two_factor(request):
    """Set up (first time) or pass the TOTP second factor."""
    device = TOTPDevice.objects.filter(user=request.user).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            with transaction.atomic():
                audit.record(request.user, "core.user.two_factor", request.user)
            return redirect("core:home")
        form.add_error("code", _("验证码不正确或已过期"))
    qr_svg = None
    if not device.confirmed:
        qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request, "core/two_factor.html", {"form": form, "device": device, "qr_svg": qr_svg}
    )


@require_POST
@login_required
def switch_role(request):
    """Make another of the user's role assignments the active one."""
    wanted = request.POST.get("assignment")
    for assignment in access.assignments_of(request.user):
        if str(assignment.id) == wanted:
            request.session[access.SESSION_KEY] = assignment.id
            messages.info(request, _("已切换到：%(role)s") % {"role": str(assignment)})
            return redirect("core:home")
    messages.error(request, _("没有找到该角色"))
    return redirect("core:home")


@scoped_view("core.view_home")
def home_page(request):
    return render(request, "core/home.html", home.figures(request.scope))


@scoped_view(
    "core.view_home",
    lookup=KeyLookup(lambda key: home.find_task(current_scope(), key), name="task", key="key"),
)
def todo_list(request, task):
    """One to-do of the home page as a list: the same rows it counts, each linking to its object."""
    page = paging.paginate(request, task["items"], 30)
    describe = task.get("describe", str)
    rows = [(describe(obj), task["link"](obj)) for obj in page.object_list]
    return render(request, "core/todo.html", {"task": task, "page": page, "rows": rows})


@scoped_view("core.view_audit")
def audit_log(request):
    """The audit log for an auditor: Chinese labels, links to each object, a capped count (the
    log is the largest table: a page never counts it whole)."""
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor").all()
    if form.is_valid():
        events = filter_audit(events, form.cleaned_data)
    page = paging.paginate(request, events, 50, cap=paging.COUNT_CAP)
    page.object_list = audit.describe(list(page.object_list))
    subject = audit.subject_of(form.cleaned_data.get("object", "") if form.is_valid() else "")
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "subject": subject,
            "export_query": export_query.urlencode(),
        },
    )


@scoped_view("core.view_audit")
def audit_export(request):
    """The filtered log as a workbook (formula-safe), at most ``AUDIT_EXPORT_ROWS`` rows; the
    export is itself an audit event carrying its filter."""
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor").all()
    if form.is_valid():
        events = filter_audit(events, form.cleaned_data)
    rows = audit.describe(list(events[:AUDIT_EXPORT_ROWS]))
    with transaction.atomic():
        audit.record(
            request.user,
            "core.audit.export",
            extra={"rows": len(rows), "filter": request.GET.urlencode()[:500]},
        )
    data = audit.events_workbook(rows)
    name = _("审计日志_{date}.xlsx").format(date=f"{timezone.localdate():%Y%m%d}")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


AUDIT_EXPORT_ROWS = 50_000


def filter_audit(events, data):
    from .tree import Org

    if data.get("actor"):
        events = events.filter(actor_name__icontains=data["actor"])
    if data.get("action"):
        events = events.filter(audit.action_q(data["action"]))
    if data.get("object"):
        events = events.filter(_object_q(data["object"].strip()))
    if data.get("org"):
        org = Org.objects.visible().filter(code=data["org"]).first()
        events = events.in_subtree(org.path) if org else events.none()
    tz = timezone.get_current_timezone()
    if data.get("start"):
        events = events.filter(
            at__gte=datetime.datetime.combine(data["start"], datetime.time(), tzinfo=tz)
        )
    if data.get("end"):
        end = datetime.datetime.combine(
            data["end"] + datetime.timedelta(days=1), datetime.time(), tzinfo=tz
        )
        events = events.filter(at__lt=end)
    return events


def _object_q(term):
    """``type#id`` (e.g. ``assistance.hardshipfile#12``), an id, or words of the object's name."""
    from django.db.models import Q

    if "#" in term:
        object_type, _sep, object_id = term.partition("#")
        return Q(object_type__iexact=object_type.strip(), object_id=object_id.strip())
    return Q(object_id=term) | Q(object_repr__icontains=term) | Q(object_type__icontains=term)


@scoped_view("core.view_settings")
def settings_list(request):
    """Every rule, grouped by module (a jump bar on top: there are well over a hundred)."""
    groups = {}
    for key, definition in config.definitions().items():
        row = config.current_row(key)
        groups.setdefault(definition.module, []).append(
            {"definition": definition, "value": config.get(key), "row": row}
        )
    return render(request, "core/settings_list.html", {"groups": list(groups.items())})


@scoped_view(
    "core.change_settings",
    lookup=KeyLookup(lambda key: config.definitions().get(key), name="definition", key="key"),
)
def setting_edit(request, definition):
    key = definition.key
    form = SettingForm(request.POST or None, definition=definition, current=config.get(key))
    if request.method == "POST" and form.is_valid():
        config.change_setting(
            actor=request.user,
            key=key,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("设置已更新"))
        return redirect(f"{reverse('core:settings')}#m-{definition.module}")
    value = config.get(key)
    return render(
        request,
        "core/setting_edit.html",
        {"form": form, "definition": definition, "value": value, "multiline": "\n" in str(value)},
    )


@scoped_view("core.manage_tokens")
def token_list(request):
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = tokens.create_token(
            actor=request.user,
            assignment=request.active_assignment,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm()
    user_tokens = PersonalAccessToken.objects.filter(user=request.user).select_related(
        "assignment__org"
    )
    return render(
        request, "core/tokens.html", {"form": form, "tokens": user_tokens, "new_secret": new_secret}
    )


@require_POST
@scoped_view(
    "core.manage_tokens",
    lookup=Lookup(
        lambda: PersonalAccessToken.objects.filter(user=current_scope().user), name="token"
    ),
)
def token_revoke(request, token):
    tokens.revoke_token(actor=request.user, token=token)
    messages.success(request, _("令牌已吊销"))
    return redirect("core:tokens")


@require_POST
@scoped_view(
    "core.view_home",
    lookup=KeyLookup(
        sensitive.revealable, name="target", model_label="model_label", pk="pk", field="field"
    ),
)
def reveal(request, target):
    """htmx: swap a masked value for the clear one (audited)."""
    value = sensitive.reveal(actor=request.user, target=target)
    response = HttpResponse(f'<span class="revealed">{_escape(value)}</span>')
    response["Cache-Control"] = "no-store"
    return response


def _escape(value):
    from django.utils.html import escape

    return escape(value)


def error_403(request, exception=None):
    return render(request, "core/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "core/404.html", status=404)


def error_500(request):
    return render(request, "core/500.html", status=500)


def health(request):
    return HttpResponse("ok", content_type="text/plain")
