"""The JSON API at /api/v1/: session or personal-access-token auth, the same scoping as the
pages, JSON errors with Chinese messages. Each app contributes a router from its ``api.py``."""

from decimal import InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from gonghui.core import scoping
from gonghui.core.access import scope_for_assignment
from gonghui.core.tokens import authenticate_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ghp_...``: the token's role assignment becomes the scope."""

    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        found = authenticate_token(token)
        if found is None:
            return None
        request.user = found.user
        request.scope = scope_for_assignment(found.assignment)
        scoping.set_scope(request.scope)  # undone by ScopeMiddleware when the request ends
        return found.user


class ScopedSessionAuth(SessionAuth):
    """The logged-in session, acting in its active role (set by ScopeMiddleware)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or getattr(request, "scope", None) is None:
            return None
        return user


api = NinjaAPI(
    title="Gonghui API",
    version="1.0.0",
    description="工会工作平台 API。所有数据按当前角色的组织范围过滤。",
    auth=[TokenAuth(), ScopedSessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("未找到该对象")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("无权执行此操作")}, status=403)


@api.exception_handler(scoping.ScopeError)
def no_scope(request, exc):
    return api.create_response(request, {"detail": _("当前账号没有可用的组织角色")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("未登录或令牌无效")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    if hasattr(exc, "message_dict"):
        errors = exc.message_dict
    else:
        errors = {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": _("数据校验未通过"), "errors": errors}, status=422
    )


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
@api.exception_handler(InvalidOperation)
def out_of_range(request, exc):
    # A value the database or the calendar cannot hold; the transaction was rolled back.
    return api.create_response(request, {"detail": _("数值或日期超出允许范围")}, status=422)


@api.exception_handler(IntegrityError)
def conflict(request, exc):
    # A constraint the services did not check first; the transaction was rolled back.
    return api.create_response(
        request, {"detail": _("数据冲突：与现有记录重复或不符合约束")}, status=409
    )


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc):
    return api.create_response(
        request, {"detail": _("请求格式不正确"), "errors": exc.errors}, status=422
    )


# Tags of the OpenAPI document (developer documentation, like summary=/description=).
ROUTERS = [
    ("orgs", "组织"),  # i18n: data
    ("members", "会员"),  # i18n: data
    ("assistance", "困难职工帮扶"),  # i18n: data
    ("assemblies", "职代会与选举"),  # i18n: data
    ("workplace", "厂务公开与集体合同"),  # i18n: data
    ("innovation", "合理化建议与技术创新"),  # i18n: data
    ("contests", "劳动竞赛"),  # i18n: data
    ("honours", "评先评优"),  # i18n: data
    ("rights", "职工诉求与维权"),  # i18n: data
    ("reports", "统计报表"),  # i18n: data
    ("portal", "会员服务"),  # i18n: data
    ("life", "通知、活动与问卷"),  # i18n: data
    ("organising", "建会与换届"),  # i18n: data
    ("funds", "工会经费与会费"),  # i18n: data
]


def _register_routers():
    from importlib import import_module

    for app, tag in ROUTERS:
        router = import_module(f"gonghui.{app}.api").router
        api.add_router(f"/{app}", router, tags=[tag])


_register_routers()
