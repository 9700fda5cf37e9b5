"""Object routes declare their lookup (issue 20, item 2).

Every route with URL arguments whose view is a ``scoped_view`` declares ``lookup=Lookup(...)``
(or ``KeyLookup`` for a setting, an importer, a to-do): ``scoped_view`` looks the object up in
scope (404) before it checks the permission (403), and the view never runs to find out — the
old branch that ran a refused view in a rolled-back transaction is gone. ``WITHOUT_LOOKUP`` is
empty and stays so: a new object route must declare its lookup.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Routes (namespace:name) with URL arguments whose view is a ``scoped_view`` without ``lookup=``:
# none.
WITHOUT_LOOKUP: set[str] = set()


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in ("admin", "api"):  # Django admin; the ninja API is not scoped_view
                continue
            yield from _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


def object_routes_without_lookup():
    """Names of the URL patterns with an object argument whose view is a ``scoped_view`` that
    declares no ``gonghui_lookup``."""
    found = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if not pattern.pattern.regex.groupindex:
            continue
        view = pattern.callback
        if not hasattr(view, "gonghui_lookup"):  # not a scoped_view (public pages, auth)
            continue
        if view.gonghui_lookup is None:
            found.add(name)
    return found


def test_the_inventory_sees_declared_and_undeclared_routes():
    # The walk finds object routes at all, and a converted route is not listed.
    routes = dict(_walk(get_resolver().url_patterns))
    assert routes["orgs:detail"].callback.gonghui_lookup is not None
    assert "orgs:detail" not in object_routes_without_lookup()


def test_no_new_object_route_without_a_lookup():
    missing = object_routes_without_lookup()
    new = sorted(missing - WITHOUT_LOOKUP)
    assert not new, (
        "object routes without lookup= (declare @scoped_view(..., lookup=Lookup(...))): "
        + ", ".join(new)
    )


def test_the_list_only_shrinks():
    converted = sorted(WITHOUT_LOOKUP - object_routes_without_lookup())
    assert not converted, (
        "these routes declare their lookup now (or are gone): take them out of WITHOUT_LOOKUP: "
        + ", ".join(converted)
    )


# --- 404 out of scope, 403 in scope without the permission: the converted routes ----------------


@pytest.fixture
def member_a(cast):
    from tests.members.samples import _member

    return _member(cast)


@pytest.mark.django_db
def test_member_routes_answer_404_then_403_before_the_view_runs(cast, login, member_a):
    from gonghui.members.models import Member

    # Out of scope (union B) or no such member: 404, whatever the role may do.
    assert login(cast.chair_b).get(f"/members/{member_a.pk}/edit/").status_code == 404
    assert login(cast.reviewer).get("/members/987654/edit/").status_code == 404
    # In scope (the district's reviewer sees the roster) without members.change_member: 403,
    # and the view never runs: the status stays.
    reviewer = login(cast.reviewer)
    assert reviewer.get(f"/members/{member_a.pk}/").status_code == 200
    assert reviewer.get(f"/members/{member_a.pk}/edit/").status_code == 403
    posted = reviewer.post(f"/members/{member_a.pk}/status/", {"status": "withdrawn"})
    assert posted.status_code == 403
    assert Member.unscoped.get(pk=member_a.pk).status == "active"
    assert login(cast.chair_a).get(f"/members/{member_a.pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_account_and_import_routes_answer_404_then_403(cast, login):
    from tests.core.samples import _job

    job = _job(cast)
    staff_a = login(cast.staff_a)  # union A's staff: no core.manage_users
    assert staff_a.get(f"/accounts/{cast.staff_a.pk}/").status_code == 403
    assert staff_a.get(f"/accounts/{cast.chair_b.pk}/").status_code == 404  # union B's account
    assert login(cast.chair_a).get(f"/accounts/{cast.staff_a.pk}/").status_code == 200
    # An import job: union B cannot tell it exists; a member of union A may not import.
    assert login(cast.chair_b).get(f"/imports/job/{job.id}/").status_code == 404
    assert login(cast.member_user).get(f"/imports/job/{job.id}/").status_code == 403
    assert login(cast.chair_a).get(f"/imports/job/{job.id}/").status_code == 200


@pytest.mark.django_db
def test_keyed_routes_answer_404_for_an_unknown_key_then_403(cast, login):
    chair_a = login(cast.chair_a)  # no core.change_settings (district only)
    assert chair_a.get("/settings/orgs.term_warning_days/").status_code == 403
    assert chair_a.get("/settings/no.such_setting/").status_code == 404
    assert login(cast.district_admin).get("/settings/orgs.term_warning_days/").status_code == 200
    assert login(cast.district_admin).get("/settings/no.such_setting/").status_code == 404
    # Importers by key: unknown 404; a member may not import (403).
    assert chair_a.get("/imports/no-such-importer/").status_code == 404
    assert login(cast.member_user).get("/imports/orgs/").status_code == 403
    assert chair_a.get("/imports/members/").status_code == 200
    # A to-do the role does not have: 404.
    assert chair_a.get("/todo/no-such-todo/").status_code == 404


@pytest.mark.django_db
def test_reveal_answers_404_out_of_scope_then_403_without_the_fields_permission(
    cast, login, member_a
):
    url = f"/reveal/members.member/{member_a.pk}/id_number/"
    assert login(cast.chair_b).post(url).status_code == 404
    assert (
        login(cast.chair_a).post(f"/reveal/members.member/{member_a.pk}/nothing/").status_code
        == 404
    )
    assert login(cast.staff_a).post(url).status_code == 403  # no members.reveal_id_number
    revealed = login(cast.chair_a).post(url)
    assert revealed.status_code == 200 and member_a.id_number in revealed.content.decode()
