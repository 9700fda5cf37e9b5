import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gonghui.core.scoping import (
    ScopeError,
    _active,
    get_scoped_or_404,
    next_path,
    reset_scope,
    set_scope,
    subtree_q,
)
from gonghui.orgs.models import Employer, Org
from tests.conftest import acting

pytestmark = pytest.mark.django_db


def test_scoped_manager_refuses_without_scope(cast):
    token = set_scope(None)
    try:
        with pytest.raises(ScopeError):
            list(Employer.objects.all())
    finally:
        reset_scope(token)


def test_scope_limits_to_subtree(cast):
    with acting(cast.chair_a):
        assert set(Employer.objects.values_list("name", flat=True)) == {cast.employer_a.name}
    with acting(cast.street_admin):
        assert Employer.objects.count() == 2
    with acting(cast.district_admin):
        assert set(Org.objects.visible().values_list("code", flat=True)) == {
            "D",
            "S1",
            "A",
            "A1",
            "B",
            "S2",
        }


def test_get_scoped_or_404_then_403(cast):
    with acting(cast.chair_b), pytest.raises(Http404):
        get_scoped_or_404(Employer, "orgs.view_employer", pk=cast.employer_a.pk)
    with acting(cast.member_user), pytest.raises(PermissionDenied):
        get_scoped_or_404(Employer, "orgs.view_employer", pk=cast.employer_a.pk)
    with acting(cast.chair_a):
        assert get_scoped_or_404(Employer, "orgs.view_employer", pk=cast.employer_a.pk)


@pytest.mark.parametrize(
    ("path", "upper"),
    [("0001", "0002"), ("0009", "000A"), ("000Z", "001"), ("00010001", "00010002"), ("ZZZZ", None)],
)
def test_next_path(path, upper):
    assert next_path(path) == upper


def test_subtree_range_excludes_siblings_with_shared_prefix(cast):
    paths = set(
        Org.objects.filter(subtree_q(cast.union_a.path, "path")).values_list("code", flat=True)
    )
    assert paths == {"A", "A1"}


def test_scope_does_not_leak_between_requests(cast, login):
    client = login(cast.chair_a)
    client.get("/")
    assert _active.get() is not None  # the test body's own (disabled) scope is restored
    assert repr(_active.get()) == "<scopes disabled>"


def test_queryset_built_without_scope_is_scoped_when_evaluated(cast):
    token = set_scope(None)
    try:
        employers = Employer.objects.all()  # e.g. a form field declared at import time
        with pytest.raises(ScopeError):
            list(employers)
        with acting(cast.chair_a):
            assert [e.name for e in employers.all()] == [cast.employer_a.name]
        with acting(cast.chair_b):
            assert Employer.objects.none().count() == 0
            assert set(Employer.objects.values_list("name", flat=True)) == {cast.employer_b.name}
    finally:
        reset_scope(token)


def test_scoped_queryset_as_subquery_is_scoped(cast):
    with acting(cast.chair_b):
        orgs = Org.objects.filter(id__in=Employer.objects.values("org_id"))
        assert [o.code for o in orgs] == ["B"]
