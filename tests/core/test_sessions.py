"""Sessions are Django's cached_db ones with the key stored hashed (core/sessions.py): the same
answers as the stock backend — live sessions load, expired or deleted ones do not, logout ends
it — and neither the table nor the cache holds a key that logs anyone in."""

import datetime

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore as StockStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from gonghui.core.sessions import SessionStore, stored_key

pytestmark = pytest.mark.django_db


def test_loads_what_the_stock_backend_loads():
    session = SessionStore()
    session["answer"] = 42
    session.save()
    assert SessionStore(session.session_key).load() == {"answer": 42}
    # The table and the cache hold a hash of the key: the stock backend, looking up the key
    # itself, finds nothing (issue 12, finding 7).
    assert StockStore(session.session_key).load() == {}
    assert session.session_key not in session.cache_key


def test_a_session_is_read_from_the_cache(django_assert_num_queries):
    session = SessionStore()
    session["answer"] = 42
    session.save()
    with django_assert_num_queries(0):
        assert SessionStore(session.session_key).load() == {"answer": 42}


def test_expired_unknown_and_deleted_sessions_are_empty():
    session = SessionStore()
    session["answer"] = 42
    session.save()
    key = session.session_key
    Session.objects.filter(session_key=stored_key(key)).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    SessionStore(key)._cache.delete(SessionStore(key).cache_key)  # the cache entry's own expiry
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore("x" * 32).load() == {}
    live = SessionStore()
    live["answer"] = 1
    live.save()
    live.delete()
    assert SessionStore(live.session_key).load() == {}


def test_logout_ends_the_session_at_once(cast, client):
    client.force_login(cast.chair_a)
    assert client.get("/members/").status_code == 200
    stolen = client.cookies["sessionid"].value
    client.post("/logout/")
    thief = type(client)()
    thief.cookies["sessionid"] = stolen
    response = thief.get("/members/")
    assert response.status_code == 302 and "/login/" in response["Location"]
