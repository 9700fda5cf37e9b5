"""One shape (issue 20): one scoped manager with per-model rules, the 403/404 decision before
the view runs, one computation of a user's assignments in force for sessions and tokens."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from gonghui.core import access, tokens
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.scoping import (
    STEPLEN,
    AncestorsVisible,
    EitherSide,
    OwnSubtree,
    ScopeError,
    ViaParent,
    activate,
    ancestor_paths,
    scope_q,
)
from gonghui.honours.models import AwardRound
from gonghui.members.models import Transfer
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Employer, Official, Org, Term
from tests.conftest import acting

pytestmark = pytest.mark.django_db


# --- one manager, the rule declared per model ---------------------------------------------------


def test_ancestor_paths_use_the_tree_constant():
    assert Org.steplen == STEPLEN
    assert ancestor_paths("000100020003") == ["0001", "00010002"]
    assert ancestor_paths("0001") == []


def test_rules_are_declared_on_the_models():
    assert isinstance(AwardRound.scope_rule, AncestorsVisible)
    assert isinstance(Transfer.scope_rule, EitherSide)
    assert isinstance(Employer.scope_rule, OwnSubtree)


def test_every_rule_model_is_lazy_then_refuses_without_scope(cast):
    with activate(None):
        qs = AwardRound.objects.all()  # building needs no scope
        with pytest.raises(ScopeError):
            list(qs)
        transfers = Transfer.objects.all()
        with pytest.raises(ScopeError):
            transfers.count()


def _names(model, rule, org):
    return set(model.unscoped.filter(rule.q(org.path, model)).values_list("name", flat=True))


def test_own_subtree_and_ancestors_visible(cast):
    # From union A's group: its own subtree holds no employer; union A (an ancestor) holds one.
    assert _names(Employer, OwnSubtree(), cast.group_a) == set()
    assert _names(Employer, AncestorsVisible(), cast.group_a) == {cast.employer_a.name}
    # A sibling sees neither what union A holds nor what is below it.
    assert _names(Employer, AncestorsVisible(), cast.union_b) == {cast.employer_b.name}
    assert _names(Employer, OwnSubtree(), cast.street) == {
        cast.employer_a.name,
        cast.employer_b.name,
    }


def test_either_side(cast):
    rule = EitherSide(("org__path", "org__path"))
    assert _names(Employer, rule, cast.union_b) == {cast.employer_b.name}


def test_via_parent_follows_the_parent_rule(cast):
    term = Term.unscoped.create(
        org=cast.union_a,
        kind="committee",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2028, 1, 1),
    )
    Official.unscoped.create(
        org=cast.union_a,
        term=term,
        name="甲工会主席",
        position="chair",
        start_date=datetime.date(2025, 1, 1),
    )
    assert _names(Official, ViaParent("term"), cast.union_a) == {"甲工会主席"}
    assert _names(Official, ViaParent("term"), cast.union_b) == set()
    q = scope_q(Official, cast.union_a.path)  # Official's own rule: its org's subtree
    assert Official.unscoped.filter(q).count() == 1


def test_scope_org_is_loaded_once(cast, django_assert_num_queries):
    assignment = access.assignments_of(cast.chair_a)[0]
    scope = access.scope_for_assignment(assignment)
    with django_assert_num_queries(0):
        assert scope.org == cast.union_a
        assert scope.org is scope.org


# --- 404/403 before the view runs --------------------------------------------------------------


RAN = []


@scoped_view("orgs.move_org", lookup=Lookup(Employer, name="employer", pk="pk"))
def _district_only_view(request, employer):
    RAN.append(employer.pk)
    return HttpResponse("ok")


def _request(user):
    request = RequestFactory().post("/x/")
    request.user = user
    assignment = access.assignments_of(user)[0]
    request.scope = access.scope_for_assignment(assignment)
    return request, request.scope


def _call(user, pk):
    request, scope = _request(user)
    with activate(scope):
        return _district_only_view(request, pk=pk)


def test_out_of_scope_is_404_and_the_view_never_runs(cast):
    RAN.clear()
    with pytest.raises(Http404):
        _call(cast.chair_b, cast.employer_a.pk)  # union A's employer, seen from union B
    with pytest.raises(Http404):
        _call(cast.chair_b, 987654)  # no such employer: the same answer
    assert RAN == []


def test_in_scope_without_permission_is_403_and_the_view_never_runs(cast):
    RAN.clear()
    with pytest.raises(PermissionDenied):
        _call(cast.chair_a, cast.employer_a.pk)  # union A's own employer, no orgs.move_org
    assert RAN == []


def test_with_permission_the_view_gets_its_object(cast):
    RAN.clear()
    response = _call(cast.district_admin, cast.employer_a.pk)
    assert response.status_code == 200
    assert RAN == [cast.employer_a.pk]


def test_org_routes_answer_404_then_403(cast, login):
    # chair_b (union B) on union A: out of scope, whatever the permission.
    assert login(cast.chair_b).get("/orgs/A/move/").status_code == 404
    # chair_a on its own union, lacking orgs.move_org (district only): 403.
    assert login(cast.chair_a).get("/orgs/A/move/").status_code == 403
    assert login(cast.chair_a).get("/orgs/A/edit/").status_code == 200
    assert login(cast.district_admin).get("/orgs/A/move/").status_code == 200


# --- one computation of the assignments in force -------------------------------------------------


def _token_for(user, assignment):
    _token, raw = tokens.create_token(actor=user, assignment=assignment, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize("close", ["dissolve", "merge"])
def test_closed_org_gives_no_assignment_by_session_or_token(cast, client, login, close):
    headers = _token_for(cast.chair_b, cast.chair_b_assignment)
    assert client.get("/api/v1/orgs/B", **headers).status_code == 200
    assert access.assignment_in_force(cast.chair_b, cast.chair_b_assignment.pk) is not None
    with acting(cast.district_admin):
        if close == "dissolve":
            Employer.unscoped.filter(org=cast.union_b).update(org=cast.street)
            org_services.dissolve_org(actor=cast.district_admin, org=cast.union_b, reason="撤销")
        else:
            org_services.merge_org(
                actor=cast.district_admin, source=cast.union_b, target=cast.union_a, reason="合并"
            )
    # Sessions: no assignment, so no scope and no page.
    assert access.assignments_of(cast.chair_b) == []
    assert login(cast.chair_b).get("/orgs/").status_code == 403
    # Tokens: the same computation refuses the token.
    assert access.assignment_in_force(cast.chair_b, cast.chair_b_assignment.pk) is None
    assert client.get("/api/v1/orgs/B", **headers).status_code == 401
