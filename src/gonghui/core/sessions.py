"""Database sessions whose keys are stored hashed, read with one plain SELECT.

The browser holds the session key; the ``django_session`` table holds only a keyed hash of it
(BLAKE2b keyed with SECRET_KEY, 40 hex characters, the column's width), so a copy of the
database (a backup, the SQLite file) logs nobody in (issue 12, finding 7). Every lookup, write
and delete goes through ``stored_key``.

Every request of a logged-in user loads its session; the stock database backend compiles an
ORM query for it each time, which costs several times the query itself. Writing, expiry and
everything else are the stock backend's (``SESSION_ENGINE = "gonghui.core.sessions"``).
"""

import hashlib

from django.conf import settings
from django.contrib.sessions.backends import db
from django.db import connections, router
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


class SessionStore(db.SessionStore):
    def load(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608  (table name from the model)
                [stored_key(self.session_key), now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    async def aload(self):
        raise NotImplementedError("Gonghui's sessions are synchronous")

    def exists(self, session_key):
        return self.model.objects.filter(session_key=stored_key(session_key)).exists()

    async def aexists(self, session_key):
        raise NotImplementedError("Gonghui's sessions are synchronous")

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    async def acreate_model_instance(self, data):
        raise NotImplementedError("Gonghui's sessions are synchronous")

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key=None):
        raise NotImplementedError("Gonghui's sessions are synchronous")
