"""Each request's role assignments are cached under the user's role stamp
(``User.roles_version``, core/access.py ``request_assignments``): every write to an assignment or
to an org it is held at bumps the stamp in the same transaction, so the next request acts on
the assignments as they are now — single writes, bulk writes, dissolving, merging, moving."""

import pytest

from gonghui.core import access
from gonghui.core.models import RoleAssignment, User
from gonghui.core.roles import Role
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Employer, Org
from tests.conftest import acting

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as a request loads it (with its current stamp)."""
    return User.objects.get(pk=user.pk)


def _roles(user):
    """What a request of ``user`` acts on, through the cache, as (org code, role)."""
    return [(a.org.code, a.role) for a in access.request_assignments(_fresh(user))]


def _stamp(user):
    return _fresh(user).roles_version


def test_the_cache_is_read_while_the_stamp_stands(cast, django_assert_num_queries):
    _roles(cast.chair_a)
    user = _fresh(cast.chair_a)
    with django_assert_num_queries(0):
        assert [a.org.code for a in access.request_assignments(user)] == ["A"]


def test_single_writes_bump_the_stamp(cast):
    before = _roles(cast.chair_a)
    stamp = _stamp(cast.chair_a)
    extra = RoleAssignment.objects.create(
        user=cast.chair_a, org=cast.union_b, role=Role.UNION_STAFF
    )
    assert _stamp(cast.chair_a) > stamp
    assert _roles(cast.chair_a) == [*before, ("B", Role.UNION_STAFF)]
    extra.is_active = False
    extra.save()
    assert _roles(cast.chair_a) == before
    extra.delete()
    assert _roles(cast.chair_a) == before and _stamp(cast.chair_a) > stamp + 2


def test_bulk_writes_bump_the_stamp(cast):
    assert _roles(cast.chair_a)
    RoleAssignment.objects.filter(user=cast.chair_a).update(is_active=False)
    assert _roles(cast.chair_a) == []
    RoleAssignment.objects.filter(user=cast.chair_a).update(is_active=True)
    assert _roles(cast.chair_a) != []
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=cast.chair_a, org=cast.union_b, role=Role.UNION_STAFF)]
    )
    assert ("B", Role.UNION_STAFF) in _roles(cast.chair_a)
    RoleAssignment.objects.filter(user=cast.chair_a, org=cast.union_b).delete()
    assert ("B", Role.UNION_STAFF) not in _roles(cast.chair_a)


def test_a_stale_user_object_does_not_write_its_old_stamp_back(cast):
    stale = _fresh(cast.chair_a)
    _roles(cast.chair_a)
    RoleAssignment.objects.filter(user=cast.chair_a).update(is_active=False)
    stale.full_name = "改名"
    stale.save()
    assert _fresh(cast.chair_a).full_name == "改名"
    assert _stamp(cast.chair_a) > stale.roles_version
    assert _roles(cast.chair_a) == []


@pytest.mark.parametrize("close", ["dissolve", "merge"])
def test_closing_an_org_ends_the_cached_assignments_at_it(cast, login, close):
    client = login(cast.chair_b)
    assert client.get("/orgs/").status_code == 200  # cached now
    assert _roles(cast.chair_b)
    with acting(cast.district_admin):
        if close == "dissolve":
            Employer.unscoped.filter(org=cast.union_b).update(org=cast.street)
            org_services.dissolve_org(actor=cast.district_admin, org=cast.union_b, reason="撤销")
        else:
            org_services.merge_org(
                actor=cast.district_admin, source=cast.union_b, target=cast.union_a, reason="合并"
            )
    assert _roles(cast.chair_b) == []
    assert client.get("/orgs/").status_code == 403


def test_moving_an_org_gives_its_new_path_at_once(cast, login):
    client = login(cast.chair_a)
    assert client.get("/members/").status_code == 200
    old_path = access.request_assignments(_fresh(cast.chair_a))[0].org.path
    with acting(cast.district_admin):
        org_services.move_org(
            actor=cast.district_admin, org=cast.union_a, new_parent=cast.other_street
        )
    new_path = Org.objects.get(pk=cast.union_a.pk).path
    assert new_path != old_path
    assert access.request_assignments(_fresh(cast.chair_a))[0].org.path == new_path
    assert client.get("/members/").status_code == 200


def test_a_bulk_update_of_orgs_bumps_their_holders(cast):
    _roles(cast.chair_b)
    Org.objects.filter(pk=cast.union_b.pk).update(status="dissolved")
    assert _roles(cast.chair_b) == []
