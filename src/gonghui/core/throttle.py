"""Failed-login throttling: after N failures for a user name or an address, refuse for a while."""

from django.conf import settings
from django.core.cache import cache


def _keys(username, ip):
    return [f"login-fail:user:{(username or '').lower()}", f"login-fail:ip:{ip}"]


def is_locked(username, ip):
    return any(
        (cache.get(key) or 0) >= settings.LOGIN_MAX_FAILURES for key in _keys(username, ip)
    )


def record_failure(username, ip):
    for key in _keys(username, ip):
        cache.add(key, 0, settings.LOGIN_LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCK_SECONDS)


def clear(username, ip):
    cache.delete_many(_keys(username, ip))
