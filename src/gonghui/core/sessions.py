"""Database sessions, read with one plain SELECT.

Every request of a logged-in user loads its session; the stock database backend compiles an
ORM query for it each time, which costs several times the query itself. Writing, expiry and
everything else are the stock backend's (``SESSION_ENGINE = "gonghui.core.sessions"``).
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608  (table name from the model)
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
