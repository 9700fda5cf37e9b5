"""Lists that are never counted (core.paging.window): pages 1..KEYSET_FROM by number, deeper
pages from the sort key of the row before them — no OFFSET past the first pages — and the
links walk every row once, forwards and backwards."""

from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from gonghui.core import paging
from gonghui.core.models import User

pytestmark = pytest.mark.django_db

ROWS = 2 * paging.KEYSET_FROM + 3


@pytest.fixture
def users():
    User.objects.bulk_create(
        [User(username=f"keyset-{n:03d}", full_name=f"同名{n % 3}") for n in range(ROWS)]
    )
    return User.objects.filter(username__startswith="keyset-")


def _window(qs, query=""):
    request = RequestFactory().get("/list/?" + query)
    with CaptureQueriesContext(connection) as captured:
        pager = paging.window(request, qs, size=1)
    return pager, captured.captured_queries[-1]["sql"]


@pytest.mark.parametrize(
    ("order", "tie_break"),
    [(("username",), ()), (("-full_name",), ("-id",)), (("full_name", "-id"), ())],
)
def test_next_and_previous_walk_every_row_once(users, order, tie_break):
    qs = users.order_by(*order)
    # a sort key that is not unique is completed by the primary key, in the first key's order
    expected = list(users.order_by(*order, *tie_break).values_list("username", flat=True))
    seen, query, numbers = [], "", []
    while True:
        pager, sql = _window(qs, query)
        seen += [u.username for u in pager.rows]
        numbers.append(pager.number)
        params = parse_qs(query)
        if pager.number > paging.KEYSET_FROM:
            assert "OFFSET" not in sql.upper() and "after" in params
        if not pager.has_next:
            break
        query = pager.next_query
    assert seen == expected and numbers == list(range(1, ROWS + 1))
    back = []
    while pager.has_previous:
        query = pager.previous_query
        pager, sql = _window(qs, query)
        back += [u.username for u in pager.rows]
        if pager.number > paging.KEYSET_FROM:
            assert "OFFSET" not in sql.upper()
    assert back == expected[:-1][::-1]


def test_a_deep_page_number_without_a_key_is_the_last_numbered_page(users):
    pager, _sql = _window(users.order_by("username"), "page=500")
    assert pager.number == paging.KEYSET_FROM
    assert pager.rows[0].username == f"keyset-{paging.KEYSET_FROM - 1:03d}"


def test_a_hand_edited_key_is_ignored(users):
    numbered, _sql = _window(users.order_by("-id"), f"page={paging.KEYSET_FROM}")
    for bad in ("x", "[1, 2, 3]", '["not a number"]', "{}"):
        pager, _sql = _window(users.order_by("-id"), f"page=20&after={bad}")
        assert pager.number == paging.KEYSET_FROM and pager.rows == numbered.rows


def test_other_parameters_are_kept_in_the_links(users):
    pager, _sql = _window(users.order_by("username"), "q=abc&sort=name&page=3")
    assert parse_qs(pager.next_query) == {"q": ["abc"], "sort": ["name"], "page": ["4"]}
    assert parse_qs(pager.previous_query)["page"] == ["2"]
