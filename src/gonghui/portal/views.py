"""Pages of the member portal (会员服务): activation and logins by phone (public), the member's
own pages (logged in, linked to a member), and the staff pages for invitations, links and
correction requests (scoped)."""

import json
from functools import wraps

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core import config
from gonghui.core import home as core_home
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import add_service_errors, call_service
from gonghui.core.masking import mask_name
from gonghui.core.pages import act
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.pdf import pdf_response
from gonghui.core.ratelimit import client_address
from gonghui.life.selectors import latest_for_member
from gonghui.members.models import Member
from gonghui.orgs.models import Official

from . import forms, selectors, services
from .models import CodePurpose, CorrectionRequest

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
SESSION_ACTIVATION = "portal_activation"
SESSION_PHONE = "portal_phone"


def _too_many(request, template, form):
    form.add_error(None, _("尝试次数过多，请稍后再试"))
    return render(request, template, {"form": form}, status=429)


# --- activation (public) -----------------------------------------------------------------------


def activate(request):
    """Step 1: name, ID number and the roster phone. The answer is the same in every case."""
    form = forms.ActivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_activation(
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                client=client_address(request),
            )
        except services.RateLimited:
            return _too_many(request, "portal/activate.html", form)
        request.session[SESSION_ACTIVATION] = {
            "name": data["name"].strip(),
            "id_idx": services.id_index(data["id_number"]),
            "phone_idx": services.phone_index(data["phone"]),
        }
        return redirect("portal:activate_code")
    return render(request, "portal/activate.html", {"form": form})


def _activated(request, form, template, activate):
    """The last step of an activation (the texted code, or an invitation): ``activate()`` runs
    the service and returns the user, who is logged in and welcomed. Too many tries answer 429;
    the service's refusals land on the form and ``None`` is returned (show the form again)."""
    try:
        user = activate()
    except services.RateLimited:
        return _too_many(request, template, form)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    auth_login(request, user, backend=MODEL_BACKEND)
    messages.success(request, _("账号已激活，欢迎使用会员服务"))
    return redirect("portal:me")


def activate_code(request):
    """Step 2: the code from the text message and a password."""
    pending = request.session.get(SESSION_ACTIVATION)
    if not pending:
        return redirect("portal:activate")
    form = forms.ActivateCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def activate():
            user = services.complete_activation(
                **pending,
                code=data["code"],
                password=data["password"],
                client=client_address(request),
            )
            request.session.pop(SESSION_ACTIVATION, None)
            return user

        response = _activated(request, form, "portal/activate_code.html", activate)
        if response is not None:
            return response
    minutes = config.get("portal.code_minutes")
    return render(request, "portal/activate_code.html", {"form": form, "minutes": minutes})


def invitation(request, token):
    """The one-time link of an invitation: confirm the ID number and set a password."""
    found = services.live_invitation(token)
    form = forms.InvitationForm(request.POST or None)
    if found is None:
        return render(request, "portal/invitation.html", {"invalid": True}, status=404)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _activated(
            request,
            form,
            "portal/invitation.html",
            lambda: services.accept_invitation(
                token=token,
                id_number=data["id_number"],
                password=data["password"],
                client=client_address(request),
            ),
        )
        if response is not None:
            return response
    context = {"form": form, "union": found.member.org.name, "name": mask_name(found.member.name)}
    return render(request, "portal/invitation.html", context)


# --- logging in by phone (public) --------------------------------------------------------------


def login_page(request):
    form = forms.PhoneLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.login_with_password(
                request=request,
                phone=data["phone"],
                password=data["password"],
                client=client_address(request),
            )
        except services.RateLimited:
            return _too_many(request, "portal/login.html", form)
        if user is None:
            form.add_error(None, _("手机号或密码不正确"))
        else:
            auth_login(request, user, backend=MODEL_BACKEND)
            return redirect("portal:me")
    return render(request, "portal/login.html", {"form": form})


def _code_step(request, purpose, template, second_form, finish):
    """Shared two steps: the phone (a code is texted if an account has it), then the code."""
    if request.GET.get("again"):
        request.session.pop(SESSION_PHONE, None)
    phone = request.session.get(SESSION_PHONE)
    if request.method == "POST" and "send" in request.POST:
        first = forms.PhoneForm(request.POST)
        if first.is_valid():
            phone = first.cleaned_data["phone"]
            try:
                services.send_login_code(
                    phone=phone, purpose=purpose, client=client_address(request)
                )
            except services.RateLimited:
                return _too_many(request, template, first)
            request.session[SESSION_PHONE] = phone
            messages.info(request, _("如该手机号已激活会员账号，验证码已发送"))
            return redirect(request.path)
        return render(request, template, {"form": first})
    if not phone:
        return render(request, template, {"form": forms.PhoneForm()})
    form = second_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = finish(phone, form)
        except services.RateLimited:
            return _too_many(request, template, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if response is not None:
                request.session.pop(SESSION_PHONE, None)
                return response
    return render(request, template, {"form": form, "phone_tail": phone[-4:]})


def login_code(request):
    def finish(phone, form):
        user = services.login_with_code(
            phone=phone, code=form.cleaned_data["code"], client=client_address(request)
        )
        if user is None:
            form.add_error("code", _("验证码不正确或已过期"))
            return None
        auth_login(request, user, backend=MODEL_BACKEND)
        return redirect("portal:me")

    return _code_step(
        request, CodePurpose.LOGIN, "portal/login_code.html", forms.CodeLoginForm, finish
    )


def reset_password(request):
    def finish(phone, form):
        services.reset_password_with_code(
            phone=phone,
            code=form.cleaned_data["code"],
            password=form.cleaned_data["password"],
            client=client_address(request),
        )
        messages.success(request, _("密码已重设，请用新密码登录"))
        return redirect("portal:login")

    return _code_step(request, CodePurpose.RESET, "portal/reset.html", forms.ResetForm, finish)


def card_check(request, token):
    """Public check of the card's QR code: valid or ended, with the masked name and the union
    (nothing else about the member); an expired code says only that it expired."""
    member, expired = selectors.card_from_token(token)
    if expired:
        return render(request, "portal/card_check.html", {"expired": True})
    if member is None:
        return render(request, "portal/card_check.html", {"forged": True}, status=404)
    context = {
        "name": mask_name(member.name),
        "org": member.org.name,
        "valid": selectors.keeps_membership(member),
        "status": member.get_status_display(),
    }
    return render(request, "portal/card_check.html", context)


# --- the member's own pages --------------------------------------------------------------------


def member_page(view):
    """Login required and a member linked to the login; a member who left still gets in (their
    own history, read-only). Nothing here reads another person's records."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        member = selectors.own_member(request.user)
        if member is None:
            return render(request, "portal/not_linked.html", status=403)
        request.member = member
        _follow_member(request, member)
        return view(request, *args, **kwargs)

    return wrapper


def _follow_member(request, member):
    """If the member moved (transfer) or left since the role was last set, bring the member role
    in line now (the role assignments were read for this request anyway)."""
    held = {a.org_id for a in request.assignments if a.role == "member"}
    wanted = {member.org_id} if selectors.keeps_membership(member) else set()
    if held != wanted:
        with transaction.atomic():
            services.sync_member_role(member)


@member_page
def home(request):
    member, user = request.member, request.user
    contestants, teams = selectors.my_contests(member, user)
    context = {
        "member": member,
        "active": selectors.keeps_membership(member),
        "officials": selectors.officials_of(member.org),
        "ballots": selectors.open_ballots(user),
        "sessions": selectors.delegate_sessions(user),
        "results": selectors.closed_ballots(user),
        "requests": selectors.my_requests(user),
        "proposals": selectors.my_proposals(user),
        "files": selectors.my_hardship_files(member),
        "contestants": contestants,
        "teams": teams,
        "staff_roles": [a for a in request.assignments if a.role != "member"],
        # Every other module's to-dos of the member role (ballots and sessions are listed above).
        "todo": [
            t for t in core_home.tasks(request.scope) if not t["key"].startswith("assemblies-")
        ],
        "life": latest_for_member(member) if selectors.keeps_membership(member) else None,
    }
    return render(request, "portal/home.html", context)


@member_page
def card(request):
    member = request.member
    token = selectors.card_token(member)
    url = request.build_absolute_uri(reverse("portal:card_check", kwargs={"token": token}))
    minutes = config.get("portal.card_qr_minutes")
    context = {
        "member": member,
        "active": selectors.keeps_membership(member),
        "qr": segno.make(url, error="m").svg_inline(scale=5),
        "verify_url": url,
        "minutes": minutes,
        # The page draws a new code before this one expires: a card left open stays scannable.
        "refresh_seconds": max(minutes * 60 - 30, 30),
    }
    return render(request, "portal/card.html", context)


@member_page
def my_data(request):
    member = request.member
    context = {
        "member": member,
        "active": selectors.keeps_membership(member),
        "data": selectors.data_about(member, request.user),
        "corrections": selectors.my_corrections(member),
        "correction_form": forms.CorrectionForm(),
        "optional": services.OPTIONAL_FIELDS,
    }
    return render(request, "portal/data.html", context)


def _export(member, user):
    data = selectors.data_about(member, user, full=True)
    return {
        _("会员信息"): {str(k): v for k, v in data["profile"]},
        _("会籍记录"): [
            {_("日期"): d, _("事项"): str(k), _("工会"): o} for d, k, o in data["history"]
        ],
        _("诉求"): [{_("标题"): t, _("状态"): str(s)} for t, s in data["requests"]],
        _("合理化建议"): [{_("题目"): t, _("状态"): str(s)} for t, s in data["proposals"]],
        _("困难职工档案"): [{_("编号"): n, _("状态"): s} for n, s in data["files"]],
        _("信息更正请求"): [{_("信息项"): _(f), _("状态"): str(s)} for f, s in data["corrections"]],
        _("账号记录"): [{_("时间"): t, _("操作"): str(a)} for t, a in data["account"]],
    }


@member_page
def data_json(request):
    services.record_download(actor=request.user, member=request.member, fmt="json")
    body = json.dumps(_export(request.member, request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''my-data.json"
    return response


@member_page
def data_pdf(request):
    services.record_download(actor=request.user, member=request.member, fmt="pdf")
    data = selectors.data_about(request.member, request.user, full=True)
    context = {"member": request.member, "data": data}
    return pdf_response("portal/data_pdf.html", context, _("我的个人信息.pdf"))


@member_page
@require_POST
def ask_correction(request):
    form = forms.CorrectionForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.ask_correction(actor=request.user, **form.cleaned_data),
            _("更正请求已提交给您所在的工会"),
            refusals=False,
        )
    else:
        messages.error(request, _("请写明需要更正的内容"))
    return redirect("portal:data")


@member_page
@require_POST
def withdraw_consent(request):
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        services.withdraw_consent(actor=request.user, fields=form.cleaned_data["fields"])
        messages.success(request, _("已撤回同意，相关信息已清除"))
    else:
        messages.error(request, _("请选择可撤回同意的信息项"))
    return redirect("portal:data")


# --- staff: invitations, links, corrections ----------------------------------------------------


@scoped_view("portal.view_activation")
def activation_list(request):
    org = request.scope.org
    if request.method == "POST":
        return _invite(request, org)
    rows = selectors.activation_rows(org)
    if request.GET.get("state") == "pending":
        rows = rows.filter(user__isnull=True)
    page = paginate(request, rows, 50, cap=COUNT_CAP)
    context = {
        "page": page,
        "invited": selectors.pending_invitations([m.pk for m in page]),
        "rates": selectors.activation_rates(org),
        "can_invite": request.scope.has_perm("portal.invite_members"),
        "can_link": request.scope.has_perm("portal.link_members"),
        "state": request.GET.get("state", ""),
    }
    return render(request, "portal/activation_list.html", context)


def _invite(request, org):
    if request.POST.get("scope") == "all":
        members = selectors.activation_rows(org).filter(user__isnull=True)
    else:
        ids = [int(i) for i in request.POST.getlist("member") if i.isdigit()]
        members = Member.objects.filter(pk__in=ids).select_related("org")
    count = services.invite(actor=request.user, members=list(members))
    messages.success(request, _("已发送激活邀请：%(n)s 人") % {"n": count})
    return redirect("portal:activation")


@scoped_view(
    "portal.link_members",
    lookup=Lookup(lambda: Member.objects.select_related("org", "user"), name="member"),
)
def member_link(request, member):
    form = forms.LinkForm(request.POST or None)
    if request.method == "POST":
        try:
            if "unlink" in request.POST:
                services.unlink_login(actor=request.user, member=member)
                messages.success(request, _("已解除关联"))
                return redirect("portal:activation")
            if form.is_valid():
                services.link_login(actor=request.user, member=member, **form.cleaned_data)
                messages.success(request, _("已关联账号"))
                return redirect("portal:activation")
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "portal/member_link.html", {"member": member, "form": form})


@scoped_view("portal.view_corrections")
def correction_list(request):
    rows = selectors.open_corrections()
    page = paginate(request, rows, 50, cap=COUNT_CAP)
    return render(request, "portal/correction_list.html", {"page": page})


@scoped_view(
    "portal.answer_corrections",
    lookup=Lookup(
        lambda: CorrectionRequest.objects.select_related("member", "org"), name="correction"
    ),
)
def correction_answer(request, correction):
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _answered, ok = call_service(
            form, services.answer_correction, actor=request.user, correction=correction,
            done=form.cleaned_data["done"] == "1", answer=form.cleaned_data["answer"],
        )  # fmt: skip
        if ok:
            messages.success(request, _("已答复"))
            return redirect("portal:corrections")
    return render(
        request, "portal/correction_answer.html", {"correction": correction, "form": form}
    )


# --- officials are members ---------------------------------------------------------------------


@scoped_view("portal.view_officials")
def official_list(request):
    officials = selectors.officials_roster()
    context = {"officials": officials, "can_link": request.scope.has_perm("portal.link_officials")}
    return render(request, "portal/official_list.html", context)


@scoped_view("portal.view_officials")
def official_export(request):
    from gonghui.core.imports.views import attachment

    from .exporters import officials_workbook

    return attachment(officials_workbook(selectors.officials_roster()), _("工会干部名册.xlsx"))


@scoped_view(
    "portal.link_officials",
    lookup=Lookup(lambda: Official.objects.select_related("org"), name="official"),
)
def official_link(request, official):
    form = forms.OfficialLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _linked, ok = call_service(
            form, services.link_official, actor=request.user, official=official,
            **form.cleaned_data,
        )  # fmt: skip
        if ok:
            messages.success(request, _("已关联会员"))
            return redirect("portal:officials")
    return render(request, "portal/official_link.html", {"official": official, "form": form})
