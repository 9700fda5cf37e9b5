"""Pages for managing logins and roles within the admin's subtree."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.text.punctuation import joined

from . import accounts, paging
from .decorators import Lookup, scoped_view
from .forms import GrantForm, UserCreateForm, call_service
from .models import RoleAssignment, TotpResetRequest
from .roles import Role
from .scoping import current_scope, subtree_q

# The accounts an admin manages: those holding a role in the admin's subtree.
ACCOUNT = Lookup(accounts.users_in_scope, name="account")
# A role assignment at an org of the subtree.
ASSIGNMENT = Lookup(
    lambda: RoleAssignment.objects.filter(subtree_q(current_scope().org_path, "org__path")),
    name="assignment",
)
# A request to reset the second factor of an account of the subtree.
RESET_REQUEST = Lookup(
    lambda: TotpResetRequest.objects.filter(user__in=accounts.users_in_scope()).select_related(
        "user"
    ),
    name="reset_request",
)


def _role_choices(request):
    allowed = accounts.GRANTABLE.get(request.scope.role, set())
    return [(value, label) for value, label in Role.choices if value in allowed]


@scoped_view("core.manage_users")
def user_list(request):
    query = request.GET.get("q", "").strip()
    users = (
        accounts.users_in_scope()
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.filter(
                    subtree_q(request.scope.org_path, "org__path")
                ).select_related("org"),
            )
        )
        .order_by("username")
    )
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    page = paging.paginate(request, users, 30, cap=paging.COUNT_CAP)
    return render(request, "core/user_list.html", {"page": page, "query": query})


@scoped_view("core.manage_users")
def user_create(request):
    form = UserCreateForm(
        request.POST or None, initial={"org_code": request.active_assignment.org.code}
    )
    form.fields["role"].choices = _role_choices(request)
    if request.method == "POST" and form.is_valid():
        created, ok = call_service(
            form,
            accounts.create_user,
            actor=request.user,
            username=form.cleaned_data["username"],
            full_name=form.cleaned_data["full_name"],
            org=form.cleaned_data["org_code"],
            role=form.cleaned_data["role"],
        )
        if ok:
            user, password = created
            return render(
                request, "core/user_password.html", {"account": user, "password": password}
            )
    return render(request, "core/user_form.html", {"form": form})


@scoped_view("core.manage_users", lookup=ACCOUNT)
def user_detail(request, account):
    form = GrantForm(request.POST or None)
    form.fields["role"].choices = _role_choices(request)
    if request.method == "POST" and form.is_valid():
        _granted, ok = call_service(
            form,
            accounts.grant_role,
            actor=request.user,
            user=account,
            org=form.cleaned_data["org_code"],
            role=form.cleaned_data["role"],
        )
        if ok:
            messages.success(request, _("已授予角色"))
            return redirect("core:user_detail", pk=account.pk)
    assignments = account.role_assignments.filter(
        subtree_q(request.scope.org_path, "org__path")
    ).select_related("org")
    refusal = accounts.management_refusal(request.scope, account)
    totp_requests = []
    has_totp = False
    if request.scope.role == Role.DISTRICT_ADMIN:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        has_totp = TOTPDevice.objects.filter(user=account).exists()
        totp_requests = TotpResetRequest.objects.filter(user=account).select_related(
            "requested_by", "confirmed_by"
        )[:5]
    return render(
        request,
        "core/user_detail.html",
        {
            "account": account,
            "form": form,
            "assignments": assignments,
            "reset_refusal": refusal,
            "is_district": request.scope.role == Role.DISTRICT_ADMIN,
            "has_totp": has_totp,
            "totp_requests": totp_requests,
        },
    )


def _account_action(request, user_id, action, done):
    """A POST button of the account page: run ``action()`` (an ``accounts`` service), say
    ``done`` or the service's refusal (``ValidationError``), and go back to the account."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, joined(exc.messages, "semicolon"))
    else:
        messages.success(request, done)
    return redirect("core:user_detail", pk=user_id)


@require_POST
@scoped_view("core.manage_users", lookup=ASSIGNMENT)
def role_revoke(request, assignment):
    action = partial(accounts.revoke_role, actor=request.user, assignment=assignment)
    return _account_action(request, assignment.user_id, action, _("已撤销角色"))


@require_POST
@scoped_view("core.manage_users", lookup=ACCOUNT)
def password_reset(request, account):
    try:
        password = accounts.reset_password(actor=request.user, user=account)
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, PermissionDenied):
            messages.error(request, str(exc))
            return render(request, "core/403.html", status=403)
        messages.error(request, joined(exc.messages, "semicolon"))
        return redirect("core:user_detail", pk=account.pk)
    return render(request, "core/user_password.html", {"account": account, "password": password})


@require_POST
@scoped_view("core.manage_users", lookup=ACCOUNT)
def totp_reset_request(request, account):
    action = partial(accounts.request_totp_reset, actor=request.user, user=account)
    return _account_action(
        request, account.pk, action, _("已提交两步验证重置申请，须由另一位区总工会管理员确认")
    )


@require_POST
@scoped_view("core.manage_users", lookup=RESET_REQUEST)
def totp_reset_confirm(request, reset_request):
    action = partial(accounts.confirm_totp_reset, actor=request.user, reset_request=reset_request)
    return _account_action(
        request,
        reset_request.user_id,
        action,
        _("两步验证已重置，该用户下次登录时须重新绑定验证器"),
    )


@require_POST
@scoped_view("core.manage_users", lookup=RESET_REQUEST)
def totp_reset_cancel(request, reset_request):
    action = partial(accounts.cancel_totp_reset, actor=request.user, reset_request=reset_request)
    return _account_action(request, reset_request.user_id, action, _("已取消两步验证重置申请"))
