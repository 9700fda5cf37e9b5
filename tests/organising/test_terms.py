"""Term changes through the services: plan → upper level's approval → election in assemblies →
result approval → the new term and officials; refusals on the way."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from gonghui.organising.enums import TermChangeStatus
from gonghui.organising.services import terms as services
from gonghui.orgs import services as orgs_services
from gonghui.orgs.models import Official, Term
from tests.conftest import acting

from .helpers import CANDIDATES, make_member, run_paper_election

pytestmark = pytest.mark.django_db


def _current_term(cast):
    with acting(cast.street_admin):
        term = orgs_services.start_term(
            actor=cast.street_admin, org=cast.union_a, kind="committee",
            start_date=datetime.date(2021, 3, 1), years=5,
        )  # fmt: skip
        orgs_services.add_official(actor=cast.street_admin, term=term, name="甲工会老主席",
                                   position="chair")  # fmt: skip
    return term


def _draft(cast, **overrides):
    fields = {
        "plan": "召开全体会员大会差额选举",
        "candidates": CANDIDATES,
        "seats": 3,
        "years": 5,
        "election_on": datetime.date.today() + datetime.timedelta(days=20),
        **overrides,
    }
    with acting(cast.chair_a):
        return services.draft_term_change(actor=cast.chair_a, org=cast.union_a, **fields)


def test_term_change_plan_approval_election_result_new_term(cast):
    old = _current_term(cast)
    for i in range(6):
        make_member(cast.union_a, f"甲工会会员{i}")
    change = _draft(cast)
    assert change.term == old
    with acting(cast.chair_a):
        services.submit_plan(actor=cast.chair_a, change=change)
    with acting(cast.street_admin):
        change = services.approve_plan(
            actor=cast.street_admin, change=change, document_no="街工〔2026〕8号"
        )
    assert change.status == TermChangeStatus.PLAN_APPROVED
    with acting(cast.chair_a):
        change = services.set_up_election(
            actor=cast.chair_a, change=change, starts_at=timezone.now()
        )
    run_paper_election(
        change.poll, enter_as=cast.chair_a, confirm_as=cast.staff_a,
        votes={"张明": 6, "李华": 5, "王芳": 4, "赵强": 2},
    )  # fmt: skip
    with acting(cast.chair_a):
        change = services.submit_result(actor=cast.chair_a, change=change)
    assert change.elected == ["张明", "李华", "王芳"] or set(change.elected) == {
        "张明",
        "李华",
        "王芳",
    }
    with acting(cast.street_admin):
        change = services.approve_result(
            actor=cast.street_admin, change=change, document_no="街工〔2026〕9号"
        )

    assert change.status == TermChangeStatus.COMPLETED
    new = Term.unscoped.get(org=cast.union_a, is_current=True)
    assert new.number == old.number + 1 and new == change.new_term
    assert new.start_date == datetime.date.today()
    assert {(o.name, o.position) for o in Official.unscoped.filter(term=new)} == {
        ("张明", "chair"), ("李华", "vice_chair"), ("王芳", "member"),
    }  # fmt: skip
    assert Official.unscoped.get(term=old).end_date == datetime.date.today()
    # the new term's note names the approval in the reader's language
    with translation.override("en"):
        assert new.note_text == "Approval document number: 街工〔2026〕9号"
    with translation.override("zh-hans"):
        assert new.note_text == "批复文号：街工〔2026〕9号"


def test_a_term_note_typed_reads_as_typed(cast):
    with acting(cast.street_admin):
        term = orgs_services.start_term(
            actor=cast.street_admin, org=cast.union_a, kind="committee",
            start_date=datetime.date(2021, 3, 1), years=5, note="批复文号：{number}",
        )  # fmt: skip
    with translation.override("en"):
        assert term.note_text == "批复文号：{number}"


def test_union_cannot_approve_its_own_plan(cast):
    _current_term(cast)
    change = _draft(cast)
    with acting(cast.chair_a):
        services.submit_plan(actor=cast.chair_a, change=change)
        with pytest.raises(PermissionDenied):
            services.approve_plan(actor=cast.chair_a, change=change, document_no="1号")
    change.refresh_from_db()
    assert change.status == TermChangeStatus.SUBMITTED


def test_returned_plan_can_be_revised_and_resubmitted(cast):
    change = _draft(cast)
    with acting(cast.chair_a):
        services.submit_plan(actor=cast.chair_a, change=change)
    with acting(cast.street_admin):
        change = services.return_plan(
            actor=cast.street_admin, change=change, reason="候选人差额不足"
        )
    assert change.status == TermChangeStatus.DRAFT
    with acting(cast.chair_a):
        change = services.revise_plan(
            actor=cast.chair_a, change=change, plan="修改后的方案", candidates=CANDIDATES,
            seats=2, years=3, election_on=datetime.date.today(),
        )  # fmt: skip
        change = services.submit_plan(actor=cast.chair_a, change=change)
    assert (change.status, change.seats, change.years) == (TermChangeStatus.SUBMITTED, 2, 3)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"candidates": CANDIDATES[:3]}, "candidates"),  # no margin (差额)
        ({"years": 4}, "years"),
        ({"candidates": [*CANDIDATES, {"name": "张明", "position": "member"}]}, "candidates"),
        (
            {
                "candidates": [
                    {"name": "甲", "position": "chair"},
                    {"name": "乙", "position": "chair"},
                ],
                "seats": 1,
            },
            "candidates",
        ),
        ({"plan": "  "}, "plan"),
    ],
)
def test_bad_plan_is_refused_with_field(cast, overrides, field):
    with pytest.raises(ValidationError) as info:
        _draft(cast, **overrides)
    assert field in info.value.message_dict


def test_second_open_change_refused(cast):
    _draft(cast)
    with pytest.raises(ValidationError, match="进行中的换届"):
        _draft(cast)


def test_result_before_election_is_refused(cast):
    change = _draft(cast)
    with acting(cast.chair_a):
        services.submit_plan(actor=cast.chair_a, change=change)
    with acting(cast.street_admin):
        services.approve_plan(actor=cast.street_admin, change=change, document_no="1号")
    with acting(cast.chair_a), pytest.raises(ValidationError):
        services.submit_result(actor=cast.chair_a, change=change)
