import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from gonghui.core.models import WorkflowEvent
from gonghui.innovation import selectors, services
from gonghui.innovation.models import Proposal, ProposalStatus, Review
from tests.conftest import acting

from .helpers import assign, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast):
    cast.member_a = make_member(
        cast.union_a, "甲工会张伟", user=cast.member_user, employer=cast.employer_a
    )
    cast.colleague = make_member(cast.union_a, "甲工会李强", employer=cast.employer_a)
    cast.engineer1 = make_user("eng1", "工程师甲")
    cast.engineer2 = make_user("eng2", "工程师乙")
    assign(cast.engineer1, cast.union_a, "reviewer")
    assign(cast.engineer2, cast.union_a, "reviewer")
    return cast


def submit(cast, title="焊接夹具快速定位改进", **kw):
    data = {
        "kind": "rationalisation",
        "problem": "焊件返工多",
        "solution": "加装定位销",
        "expected_benefit": Decimal("150000"),
    } | kw
    with acting(cast.member_user):
        return services.submit_proposal(
            actor=cast.member_user, author=cast.member_a, title=title, **data
        )


def to_review(cast, proposal):
    with acting(cast.staff_a):
        services.triage_proposal(actor=cast.staff_a, proposal=proposal, department="技术部")
        return services.assign_reviewers(
            actor=cast.staff_a, proposal=proposal, reviewers=[cast.engineer1, cast.engineer2]
        )


def score(user, proposal, values):
    review = Review.objects.get(proposal=proposal, reviewer=user)
    criteria = list(review.rubric.criteria.all())
    with acting(user):
        return services.submit_review(
            actor=user,
            review=review,
            scores=dict(zip([c.pk for c in criteria], values, strict=True)),
        )


def test_member_submits_own_proposal_with_number_and_audit(people):
    proposal = submit(people)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.org == people.union_a
    assert proposal.employer == people.employer_a
    assert proposal.number.startswith("JY") and proposal.number.endswith("-00001")


def test_member_cannot_submit_in_someone_elses_name(people):
    with acting(people.member_user), pytest.raises(PermissionDenied):
        services.submit_proposal(
            actor=people.member_user,
            author=people.colleague,
            kind="rationalisation",
            title="某题目",
            problem="问题",
        )


def test_staff_submits_on_behalf_of_member(people):
    with acting(people.staff_a):
        proposal = services.submit_proposal(
            actor=people.staff_a,
            author=people.colleague,
            kind="five_smalls",
            title="工具柜改造",
            problem="乱",
        )
    assert proposal.author == people.colleague
    assert proposal.submitted_by == people.staff_a


def test_similar_proposal_needs_difference_note(people):
    first = submit(people, title="焊接夹具快速定位改进")
    with pytest.raises(ValidationError) as exc:
        submit(people, title="焊接夹具定位改进方案")
    assert "difference_note" in exc.value.message_dict
    second = submit(people, title="焊接夹具定位改进方案", difference_note="用于薄板件")
    assert [row["id"] for row in second.similar_hint] == [first.id]


def test_similar_hint_only_within_same_employer(people):
    b_member = make_member(people.union_b, "乙会员", employer=people.employer_b)
    with acting(people.chair_b):
        services.submit_proposal(
            actor=people.chair_b,
            author=b_member,
            kind="rationalisation",
            title="焊接夹具快速定位改进",
            problem="问题",
        )
    assert submit(people).similar_hint == []


def test_without_solution_only_general_opinion(people):
    proposal = submit(people, solution="")
    with acting(people.staff_a):
        with pytest.raises(ValidationError, match="一般意见"):
            services.triage_proposal(actor=people.staff_a, proposal=proposal)
        services.record_as_opinion(actor=people.staff_a, proposal=proposal, reason="无具体办法")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.GENERAL_OPINION
    with acting(people.chair_a), pytest.raises(ValidationError):
        services.approve_reward(actor=people.chair_a, proposal=proposal)


def test_reviewer_who_is_author_cannot_be_assigned(people):
    proposal = submit(people, co_authors=[people.colleague])
    people.colleague.user = people.engineer1
    people.colleague.save()
    with acting(people.staff_a):
        services.triage_proposal(actor=people.staff_a, proposal=proposal)
        with pytest.raises(ValidationError, match="回避"):
            services.assign_reviewers(
                actor=people.staff_a, proposal=proposal, reviewers=[people.engineer1]
            )


def test_reviewer_from_other_union_cannot_be_assigned(people):
    proposal = submit(people)
    with acting(people.staff_a):
        services.triage_proposal(actor=people.staff_a, proposal=proposal)
        with pytest.raises(ValidationError, match="无权"):
            services.assign_reviewers(
                actor=people.staff_a, proposal=proposal, reviewers=[people.chair_b]
            )


def test_recused_reviewers_scores_are_excluded(people):
    proposal = submit(people)
    to_review(people, proposal)
    score(people.engineer1, proposal, [8, 6, 10, 4])  # 75.00
    score(people.engineer2, proposal, [10, 10, 10, 10])  # 100.00
    assert selectors.proposal_score(proposal) == Decimal("87.50")
    review = Review.objects.get(proposal=proposal, reviewer=people.engineer2)
    with acting(people.engineer2):
        services.recuse(actor=people.engineer2, review=review, reason="同班组成员")
    assert selectors.proposal_score(Proposal.objects.get(pk=proposal.pk)) == Decimal("75.00")
    with acting(people.engineer2), pytest.raises(ValidationError, match="回避"):
        services.submit_review(actor=people.engineer2, review=review, scores={})


def test_recusal_needs_a_reason(people):
    proposal = submit(people)
    to_review(people, proposal)
    review = Review.objects.get(proposal=proposal, reviewer=people.engineer1)
    with acting(people.engineer1), pytest.raises(ValidationError):
        services.recuse(actor=people.engineer1, review=review, reason=" ")


def test_reviewer_cannot_score_someone_elses_review(people):
    proposal = submit(people)
    to_review(people, proposal)
    review = Review.objects.get(proposal=proposal, reviewer=people.engineer1)
    with acting(people.engineer2), pytest.raises(PermissionDenied):
        services.submit_review(actor=people.engineer2, review=review, scores={})


def test_score_out_of_range_refused(people):
    proposal = submit(people)
    to_review(people, proposal)
    with pytest.raises(ValidationError, match="0–10"):
        score(people.engineer1, proposal, [11, 6, 10, 4])


def test_decision_needs_enough_counting_reviews(people):
    proposal = submit(people)
    to_review(people, proposal)
    score(people.engineer1, proposal, [8, 6, 10, 4])
    with acting(people.chair_a), pytest.raises(ValidationError, match="有效评审 1 份"):
        services.decide(actor=people.chair_a, proposal=proposal, adopt=True, reason="好")


def test_full_journey_to_paid_reward_with_band(people):
    proposal = submit(people)
    to_review(people, proposal)
    score(people.engineer1, proposal, [8, 6, 10, 4])
    score(people.engineer2, proposal, [9, 8, 9, 6])
    with acting(people.chair_a):
        services.decide(actor=people.chair_a, proposal=proposal, adopt=True, reason="减少返工")
        services.start_implementation(
            actor=people.chair_a, proposal=proposal, owner="王工", due=datetime.date(2026, 12, 31)
        )
        with pytest.raises(PermissionDenied, match="实施完成"):
            services.confirm_benefit(
                actor=people.chair_a, proposal=proposal, actual_benefit="180000", basis="返工率下降"
            )
        services.update_implementation(actor=people.chair_a, proposal=proposal, status="done")
        services.confirm_benefit(
            actor=people.chair_a, proposal=proposal, actual_benefit="180000", basis="返工率下降 3%"
        )
        with pytest.raises(ValidationError, match="锁定"):
            services.update_forecast(actor=people.chair_a, proposal=proposal, expected_benefit=1)
        with pytest.raises(ValidationError, match="本档次"):
            services.approve_reward(actor=people.chair_a, proposal=proposal, amount="2000")
        services.approve_reward(actor=people.chair_a, proposal=proposal)
        services.record_payment(
            actor=people.chair_a,
            proposal=proposal,
            paid_on=datetime.date(2026, 11, 1),
            reference="PZ-1",
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PAID
    assert proposal.actual_benefit == Decimal("180000.00")
    assert proposal.reward_amount == Decimal("940.00")
    assert proposal.reward_band == "三档：年效益 ≥ ¥100,000 且 < ¥500,000 → 奖励 ¥800–1,500"
    # the band is kept as figures and worded in the reader's language (the label is the staff's)
    assert proposal.reward_band_text == "三档：年效益 ≥ ¥100,000 且 < ¥500,000 → 奖励 ¥800–1,500"
    with translation.override("en"):
        assert proposal.reward_band_text == (
            "三档: yearly benefit ≥ ¥100,000 and < ¥500,000 → reward ¥800–1,500"
        )
    proposal.reward_band_terms = {}
    assert proposal.reward_band_text == proposal.reward_band  # a row from before: as written
    steps = list(
        WorkflowEvent.objects.filter(object_id=str(proposal.pk)).values_list(
            "transition", flat=True
        )
    )
    assert steps == [
        "triage",
        "start_review",
        "adopt",
        "start_implementation",
        "confirm_benefit",
        "approve_reward",
        "pay",
    ]


def test_author_cannot_approve_own_reward(people):
    proposal = submit(people)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.BENEFIT_CONFIRMED, actual_benefit=Decimal("5000")
    )
    assign(people.member_user, people.union_a, "union_admin")
    proposal.refresh_from_db()
    from gonghui.core.access import scope_for_assignment
    from gonghui.core.models import RoleAssignment
    from gonghui.core.scoping import activate

    admin = RoleAssignment.objects.get(user=people.member_user, role="union_admin")
    with activate(scope_for_assignment(admin)), pytest.raises(PermissionDenied, match="建议人"):
        services.approve_reward(actor=people.member_user, proposal=proposal)


def test_merge_into_another_with_reason(people):
    first = submit(people, title="空压机漏气治理")
    second = submit(people, title="车间照明节能", problem="灯多")
    with acting(people.chair_a):
        with pytest.raises(ValidationError, match="理由"):
            services.merge(actor=people.chair_a, proposal=second, into=first, reason="")
        services.merge(actor=people.chair_a, proposal=second, into=first, reason="同一问题")
    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == (ProposalStatus.MERGED, first.pk)


def test_merge_stays_within_one_union(people):
    """A street admin sees both unions' proposals; a duplicate is merged within its own union."""
    first = submit(people, title="空压机漏气治理")
    second = submit(people, title="车间照明节能", problem="灯多")
    Proposal.objects.filter(pk=first.pk).update(org=people.union_b)
    first.refresh_from_db()
    with acting(people.street_admin), pytest.raises(ValidationError, match="只能合并本工会的建议"):
        services.merge(actor=people.street_admin, proposal=second, into=first, reason="同一问题")
    second.refresh_from_db()
    assert second.status != ProposalStatus.MERGED and second.merged_into_id is None


def test_chair_b_cannot_triage_union_a_proposal(people):
    proposal = submit(people)
    with acting(people.chair_b), pytest.raises(Http404):
        services.triage_proposal(actor=people.chair_b, proposal=proposal)


def test_statistics_and_leaderboards_for_subtree(people):
    p1 = submit(people, title="空压机漏气治理")
    submit(people, title="车间照明节能", problem="灯多")
    Proposal.objects.filter(pk=p1.pk).update(
        status=ProposalStatus.PAID,
        actual_benefit=Decimal("180000"),
        benefit_confirmed_at="2026-01-01T00:00:00Z",
        reward_amount=Decimal("940"),
    )
    stats = selectors.statistics(people.union_a.path)
    assert (stats["submitted"], stats["adopted"], stats["benefit"], stats["rewards"]) == (
        2,
        1,
        Decimal("180000.00"),
        Decimal("940.00"),
    )
    assert stats["adoption_rate"] == Decimal("50.0")
    assert selectors.statistics(people.union_b.path)["submitted"] == 0
    people_board = selectors.leaderboard_people(people.district.path)
    assert people_board[0]["author__name"] == "甲工会张伟"
    assert people_board[0]["adopted"] == 1
    unions = selectors.leaderboard_unions(people.district.path)
    assert [(u["org__code"], u["submitted"]) for u in unions] == [("A", 2)]


def test_band_table_can_be_replaced_by_district_admin_only(people):
    with acting(people.chair_a), pytest.raises(PermissionDenied):
        services.set_reward_bands(actor=people.chair_a, rows=[(0, 0, 100, "唯一档")])
    with acting(people.district_admin):
        services.set_reward_bands(actor=people.district_admin, rows=[(0, 0, 100, "唯一档")])
    band, suggested = selectors.reward_for(Decimal("180000"))
    assert (band.label, suggested) == ("唯一档", Decimal("50"))
