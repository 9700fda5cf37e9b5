"""What a request may do is worked out from the role assignments as they are *now*: a role
change, a deactivated assignment or a role switch takes effect on the very next request, and
the menu (worked out and rendered once per role and language) follows the active role."""

import pytest
from django.urls import reverse

from gonghui.core import navigation
from gonghui.core.models import RoleAssignment
from gonghui.core.scoping import Scope

pytestmark = pytest.mark.django_db


def _menu_links(body):
    start = body.index('<ul class="navbar-nav me-auto">')
    return body[start : body.index("</ul>\n      <ul", start)]


def test_deactivated_assignment_loses_access_at_once(cast, login):
    client = login(cast.chair_a)
    assert client.get("/members/").status_code == 200
    assignment = cast.chair_a_assignment
    assignment.is_active = False
    assignment.save()
    assert client.get("/members/").status_code == 403
    assignment.is_active = True
    assignment.save()
    assert client.get("/members/").status_code == 200
    RoleAssignment.objects.filter(pk=assignment.pk).update(is_active=False)
    assert client.get("/members/").status_code == 403


def test_role_change_takes_effect_and_the_menu_follows(cast, login):
    client = login(cast.chair_a)
    users_url = reverse("core:users")
    menu = _menu_links(client.get("/").content.decode())
    assert f'href="{reverse("members:list")}"' in menu and f'href="{users_url}"' in menu
    RoleAssignment.objects.filter(pk=cast.chair_a_assignment.pk).update(role="member")
    assert client.get("/members/").status_code == 403
    menu = _menu_links(client.get("/").content.decode())
    assert f'href="{users_url}"' not in menu
    assert f'href="{reverse("members:list")}"' not in menu
    assert f'href="{reverse("members:me")}"' in menu


def test_switching_role_changes_scope_and_menu_on_the_next_request(cast, login):
    member_role = RoleAssignment.objects.create(user=cast.chair_a, org=cast.union_a, role="member")
    client = login(cast.chair_a)
    body = client.get("/").content.decode()
    assert f'href="{reverse("core:users")}"' in _menu_links(body)
    client.post(reverse("core:switch_role"), {"assignment": member_role.pk})
    body = client.get("/").content.decode()
    assert f'href="{reverse("core:users")}"' not in _menu_links(body)
    assert client.get("/members/").status_code == 403
    client.post(reverse("core:switch_role"), {"assignment": cast.chair_a_assignment.pk})
    assert client.get("/members/").status_code == 200


def test_menu_is_the_same_as_worked_out_afresh_and_marks_the_page():
    for role in ["district_admin", "union_admin", "union_staff", "reviewer", "member"]:
        scope = Scope(user=None, role=role, org_id=1, org_path="0001")
        assert navigation.navigation_for(scope) == navigation._navigation(scope)
        singles = [
            g["items"][0]["url"]
            for g in navigation.navigation_for(scope)
            if len(g["items"]) == 1 and g["items"][0]["url"] != "/"
        ]
        for url in singles:
            html = navigation.navigation_html(scope, url)
            assert f'class="nav-link active" href="{url}"' in html
        assert "active" not in navigation.navigation_html(scope, "/nowhere-at-all/")


def test_assignment_at_a_closed_org_gives_nothing_and_order_is_top_down(cast, login):
    from gonghui.core.access import assignments_of
    from gonghui.orgs.models import Org

    client = login(cast.chair_a)
    assert client.get("/members/").status_code == 200
    Org.objects.filter(pk=cast.union_a.pk).update(status="dissolved")
    assert client.get("/members/").status_code == 403
    Org.objects.filter(pk=cast.union_a.pk).update(status="active")
    RoleAssignment.objects.create(user=cast.chair_a, org=cast.district, role="reviewer")
    found = assignments_of(cast.chair_a)
    assert [(a.org.code, a.role) for a in found] == [("D", "reviewer"), ("A", "union_admin")]
    assert found[1].org == cast.union_a and found[1].org.name == cast.union_a.name
    assert found[1].user is cast.chair_a and found[1].pk == cast.chair_a_assignment.pk
