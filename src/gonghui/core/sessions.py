"""Django's stock ``cached_db`` sessions, with the key stored hashed.

Sessions are read from the cache (Redis in production, the database cache without it) and
written through to the ``django_session`` table: everything is the stock backend's but one
thing. The browser holds the session key; the table and the cache hold only a keyed hash of it
(BLAKE2b keyed with SECRET_KEY, 40 hex characters, the column's width), so a copy of the
database or of the cache (a backup, the SQLite file, a Redis dump) logs nobody in (issue 12,
finding 7; Django has no setting for it). Every lookup, write and delete goes through
``stored_key``.
"""

import hashlib

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.utils import timezone


def stored_key(session_key):
    """What the table keeps for ``session_key``: a keyed hash, not the key."""
    if session_key is None:
        return None
    digest = hashlib.blake2b(
        session_key.encode(),
        key=settings.SECRET_KEY.encode()[:64],
        digest_size=20,
        person=b"gonghui-session",
    )
    return digest.hexdigest()


class SessionStore(cached_db.SessionStore):
    cache_key_prefix = "gonghui.session."

    @property
    def cache_key(self):
        return self.cache_key_prefix + stored_key(self._get_or_create_session_key())

    def _get_session_from_db(self):
        session = self.model.objects.filter(
            session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
        ).first()
        if session is None:
            self._session_key = None
        return session

    def exists(self, session_key):
        key = stored_key(session_key)
        return bool(session_key) and (
            self.cache_key_prefix + key in self._cache
            or self.model.objects.filter(session_key=key).exists()
        )

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        key = stored_key(session_key)
        self._cache.delete(self.cache_key_prefix + key)
        self.model.objects.filter(session_key=key).delete()

    # Gonghui is served synchronously (gunicorn sync workers): the async paths stay unused.
    async def aload(self):
        raise NotImplementedError("Gonghui's sessions are synchronous")

    async def aexists(self, session_key):
        raise NotImplementedError("Gonghui's sessions are synchronous")

    async def acreate_model_instance(self, data):
        raise NotImplementedError("Gonghui's sessions are synchronous")

    async def adelete(self, session_key=None):
        raise NotImplementedError("Gonghui's sessions are synchronous")
