"""Rate limits kept in the shared cache, so they hold across workers and machines.

One counter per ``(bucket, key)`` in a fixed window: ``hit`` counts an attempt and says whether
it is still within the limit; ``exceeded`` only looks. Keys are whatever identifies the actor
(a client address from ``client_address``, an account name, a phone's blind index); never put a
clear personal value in a key, hash it first (``key_for``).

The cache is Django's ``default`` cache: Redis when ``GONGHUI_REDIS_URL`` is set, otherwise a
cache every process shares (see settings.CACHES).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy

from . import config

config.define(
    "core.require_2fa_personal_data",
    True,
    gettext_lazy("处理个人信息的角色须两步验证"),
    gettext_lazy(
        "开启后，街道（工会）管理员、工作人员、审核人等凡能查看完整身份证号/手机号或导出个人信息的角色，"
        "登录后须通过两步验证（验证器动态码）才能使用；区总工会管理员始终须两步验证"
    ),
)
config.define(
    "core.public_captcha_after",
    2,
    gettext_lazy("公开表单验证码门槛"),
    gettext_lazy(
        "同一网络地址一小时内提交公开表单（职工诉求、网上入会、评选异议）超过此次数后，须填写验证码"
    ),
)
config.define(
    "core.public_requests_per_hour",
    10,
    gettext_lazy("公开诉求每小时提交上限"),
    gettext_lazy("同一网络地址一小时内最多提交的公开职工诉求件数，超过后暂停受理一小时"),
)


def key_for(value):
    """A cache-safe, non-reversible key for ``value`` (e.g. a phone number or a user name)."""
    digest = hashlib.blake2b(str(value).lower().encode(), key=settings.SECRET_KEY.encode()[:64])
    return digest.hexdigest()[:32]


def _cache_key(bucket, key):
    return f"rl:{bucket}:{key}"


def hit(bucket, key, *, limit, window):
    """Count one attempt for ``key`` in ``bucket``; True while at most ``limit`` attempts fell in
    the current ``window`` (seconds), False once the limit is passed."""
    name = _cache_key(bucket, key)
    cache.add(name, 0, window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, window)
        count = 1
    return count <= limit


def exceeded(bucket, key, *, limit):
    """True if ``key`` has already used up ``limit`` attempts in ``bucket`` (does not count)."""
    return (cache.get(_cache_key(bucket, key)) or 0) >= limit


def count(bucket, key):
    return cache.get(_cache_key(bucket, key)) or 0


def reset(bucket, key):
    cache.delete(_cache_key(bucket, key))


def client_address(request):
    """The client's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` reverse proxies
    that each append to ``X-Forwarded-For``, the address the outermost trusted proxy saw.

    Only the last ``TRUSTED_PROXY_COUNT`` entries of the header are believed: anything a client
    writes into the header itself stands further left and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) < trusted:  # a proxy in the chain did not add its entry: trust no header
        return remote
    return forwarded[-trusted]


# --- Logins -------------------------------------------------------------------------------------
# DESIGN.md: a login is locked for 15 minutes after 5 failures within 15 minutes, and each client
# address is limited separately (more generously: behind a proxy many people share an address).
LOGIN_ACCOUNT = "login-account"
LOGIN_ADDRESS = "login-address"


def login_locked(username, address):
    """True while the account or the address is locked after too many failures."""
    return exceeded(
        LOGIN_ACCOUNT, key_for(username or ""), limit=settings.LOGIN_MAX_FAILURES
    ) or exceeded(LOGIN_ADDRESS, address, limit=settings.LOGIN_MAX_FAILURES_PER_ADDRESS)


def login_failed(username, address):
    """Count one failed login against the account and, separately, the address."""
    hit(
        LOGIN_ACCOUNT,
        key_for(username or ""),
        limit=settings.LOGIN_MAX_FAILURES,
        window=settings.LOGIN_LOCK_SECONDS,
    )
    hit(
        LOGIN_ADDRESS,
        address,
        limit=settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
        window=settings.LOGIN_LOCK_SECONDS,
    )


def login_succeeded(username, address):
    """A good password clears the account's failures (not the address's: a guesser holding one
    valid account must not wipe the address's count with it)."""
    reset(LOGIN_ACCOUNT, key_for(username or ""))


# --- Public forms -------------------------------------------------------------------------------
PUBLIC_WINDOW = 3600


def _public_bucket(form_key):
    return f"public:{form_key}"


def public_submission(request, form_key, *, limit):
    """Count one submission of the public form ``form_key`` from the request's address; False
    once more than ``limit`` fell in the last hour."""
    return hit(_public_bucket(form_key), client_address(request), limit=limit, window=PUBLIC_WINDOW)


def captcha_required(request, form_key):
    """True once the address has submitted the form more than ``core.public_captcha_after``
    times in the hour: the form then carries a captcha."""
    after = config.get("core.public_captcha_after")
    return count(_public_bucket(form_key), client_address(request)) >= after
