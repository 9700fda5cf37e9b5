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
