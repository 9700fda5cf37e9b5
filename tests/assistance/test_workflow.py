import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gonghui.assistance import services
from gonghui.assistance.enums import FileStatus, FlagKind, FlagStatus
from gonghui.assistance.models import HardshipFile, HouseholdMember
from gonghui.assistance.workflows import step_note
from gonghui.core.models import WorkflowEvent
from tests.conftest import acting
from tests.core.test_demo_pages import _fold_in_fragments

from .helpers import TODAY, draft_file, make_member, person_id, set_dibao, to_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def dibao(cast):
    return set_dibao(cast)


def test_full_chain_records_every_step(cast, dibao):
    file = to_state(cast, draft_file(cast), "filed")
    assert file.status == FileStatus.FILED
    assert file.filed_on == TODAY
    steps = list(
        WorkflowEvent.objects.filter(object_id=str(file.pk)).values_list("transition", flat=True)
    )
    assert steps == ["submit", "visit", "review", "publish", "approve"]


def test_submit_needs_application_consent_and_bank_account(cast, dibao):
    member = make_member(cast.union_a)
    with acting(cast.chair_a):
        file = services.open_file(actor=cast.chair_a, applicant=member)
        file.household.update()
        with pytest.raises(ValidationError) as err:
            services.submit_file(actor=cast.chair_a, file=file)
    assert "缺少申请书" in err.value.messages
    assert "缺少家庭经济状况核对授权书（需本人签字）" in err.value.messages
    assert "缺少本人名下银行账号" in err.value.messages


# Wrong roles at each transition.
@pytest.mark.parametrize(
    ("state", "call", "user"),
    [
        ("draft", "submit", "reviewer"),
        ("draft", "submit", "member_user"),
        ("visited", "review", "chair_a"),
        ("visited", "review", "street_admin"),
        ("reviewed", "publish", "chair_a"),
        ("notice", "approve", "reviewer"),
        ("notice", "approve", "chair_a"),
        ("filed", "exit", "staff_a"),
    ],
)
def test_wrong_role_is_refused(cast, dibao, state, call, user):
    file = draft_file(cast)
    if state != "draft":
        file = to_state(
            cast,
            file,
            {"visited": "visited", "reviewed": "reviewed", "notice": "notice", "filed": "filed"}[
                state
            ],
        )
    actor = getattr(cast, user)
    with acting(actor), pytest.raises(PermissionDenied):
        _do(call, actor, file)
    file.refresh_from_db()
    assert file.status == state


def _do(call, actor, file):
    if call == "submit":
        return services.submit_file(actor=actor, file=file)
    if call == "review":
        return services.review_file(actor=actor, file=file)
    if call == "publish":
        return services.publish_notice(actor=actor, file=file)
    if call == "approve":
        return services.approve_file(
            actor=actor, file=file, today=TODAY + datetime.timedelta(days=60)
        )
    if call == "exit":
        return services.exit_file(actor=actor, file=file, reason="death")
    raise AssertionError(call)


@pytest.mark.parametrize("step", ["review", "publish", "approve"])
def test_creator_is_refused_at_each_approval_step(cast, dibao, step):
    """The district admin creates a file in union A and may not approve it at any step."""
    file = draft_file(cast, user=cast.district_admin)
    assert file.created_by == cast.district_admin
    before = {"review": "visited", "publish": "reviewed", "approve": "notice"}[step]
    file = to_state(cast, file, before)
    if step == "approve":  # the creator here holds the final-approval role
        pass
    with acting(cast.district_admin), pytest.raises(PermissionDenied, match="建档人"):
        _do(step, cast.district_admin, file)


def test_reviewer_cannot_give_final_approval(cast, dibao):
    file = draft_file(cast)
    to_state(cast, file, "visited")
    with acting(cast.district_admin):  # the district admin reviews...
        services.review_file(actor=cast.district_admin, file=file)
    with acting(cast.reviewer):
        services.publish_notice(
            actor=cast.reviewer, file=file, start=TODAY - datetime.timedelta(days=30)
        )
    with acting(cast.district_admin), pytest.raises(PermissionDenied, match="审核人"):
        services.approve_file(actor=cast.district_admin, file=file)  # ...and cannot approve


def test_return_needs_reason_and_goes_back_to_draft(cast, dibao):
    file = to_state(cast, draft_file(cast), "visited")
    with acting(cast.reviewer), pytest.raises(ValidationError, match="理由"):
        services.return_file(actor=cast.reviewer, file=file, reason="")
    with acting(cast.reviewer):
        services.return_file(actor=cast.reviewer, file=file, reason="收入证明不全")
    file.refresh_from_db()
    assert file.status == FileStatus.DRAFT
    assert not file.household.filter(holds_place=True).exists()
    assert (
        WorkflowEvent.objects.filter(object_id=str(file.pk), transition="return").get().reason
        == "收入证明不全"
    )


def test_notice_counts_working_days_and_blocks_early_approval(cast, dibao):
    file = to_state(cast, draft_file(cast), "reviewed")
    with acting(cast.reviewer):
        services.publish_notice(actor=cast.reviewer, file=file, start=datetime.date(2026, 9, 30))
    assert file.notice_end == datetime.date(2026, 10, 13)  # National Day week and 调休 skipped
    with acting(cast.district_admin), pytest.raises(ValidationError, match="公示期"):
        services.approve_file(
            actor=cast.district_admin, file=file, today=datetime.date(2026, 10, 13)
        )
    with acting(cast.district_admin):
        services.approve_file(
            actor=cast.district_admin, file=file, today=datetime.date(2026, 10, 14)
        )


def test_open_objection_blocks_approval(cast, dibao):
    file = to_state(cast, draft_file(cast), "notice")
    with acting(cast.chair_a):
        objection = services.record_objection(
            actor=cast.chair_a, file=file, received_on=TODAY, content="其家有商铺"
        )
    with acting(cast.district_admin), pytest.raises(ValidationError, match="异议"):
        services.approve_file(actor=cast.district_admin, file=file)
    with acting(cast.reviewer):
        services.resolve_objection(
            actor=cast.reviewer,
            objection=objection,
            resolution="经核实商铺已于去年转让",
            upheld=False,
        )
    with acting(cast.district_admin):
        services.approve_file(actor=cast.district_admin, file=file)


def test_one_open_file_per_person_is_a_database_guarantee(cast, dibao):
    shared_id = person_id()
    files = []
    for org in (cast.union_a, cast.union_b):
        file = draft_file(
            cast,
            user=cast.chair_a if org == cast.union_a else cast.chair_b,
            member=make_member(org),
        )
        user = cast.chair_a if org == cast.union_a else cast.chair_b
        with acting(user):
            services.add_household_member(
                actor=user, file=file, name="王老人", relationship="parent", id_number=shared_id
            )
        files.append(file)
    with acting(cast.chair_a):
        services.submit_file(actor=cast.chair_a, file=files[0])
    with acting(cast.chair_b), pytest.raises(ValidationError, match="另一户"):
        services.submit_file(actor=cast.chair_b, file=files[1])
    assert HardshipFile.unscoped.get(pk=files[1].pk).status == FileStatus.DRAFT
    assert HouseholdMember.unscoped.filter(holds_place=True, name="王老人").count() == 1
    # And the first file's reviewer sees the duplicate flag naming the other file, not its people.
    with acting(cast.staff_a):
        services.record_visit(
            actor=cast.staff_a, file=files[0], visited_on=TODAY, visitors="孙磊", findings="属实"
        )
    with acting(cast.reviewer), pytest.raises(ValidationError, match="重复"):
        services.review_file(actor=cast.reviewer, file=files[0])
    flag = files[0].flags.get(kind=FlagKind.SAME_ID)
    assert files[1].number in flag.shown_detail
    assert shared_id not in flag.shown_detail
    with acting(cast.reviewer):
        services.override_flag(actor=cast.reviewer, flag=flag, reason="乙工会草稿将撤回")
        services.review_file(actor=cast.reviewer, file=files[0])
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OVERRIDDEN


def test_shared_bank_account_is_flagged(cast, dibao):
    a = draft_file(cast, bank="6222 0202 0000 9999")
    b = draft_file(cast, bank="6222020200009999")
    to_state(cast, b, "submitted")
    to_state(cast, a, "visited")
    with acting(cast.reviewer), pytest.raises(ValidationError):
        services.review_file(actor=cast.reviewer, file=a)
    assert a.flags.get(kind=FlagKind.SHARED_BANK).shown_detail.startswith("银行账户与档案")


def test_yearly_review_recomputes_with_current_rules(cast, dibao):
    file = to_state(cast, draft_file(cast, income="2400", size=3), "filed")  # 800: deep
    dibao.monthly_amount = "700"
    dibao.save()
    with acting(cast.staff_a):
        review = services.review_yearly(actor=cast.staff_a, file=file, year=TODAY.year)
        with pytest.raises(ValidationError, match="已完成年审"):
            services.review_yearly(actor=cast.staff_a, file=file, year=TODAY.year)
    assert review.category == "relative"
    assert "低保标准 ¥700.00" in review.eligibility_lines
    assert {"step": "dibao", "amount": "700.00"} in review.eligibility_steps
    assert review.rule_basis["dibao"]["id"] == dibao.pk
    with translation.override("en"):
        assert "Minimum living standard ¥700.00" in review.eligibility_lines


def test_spot_check_draws_at_least_thirty_percent(cast, dibao):
    for _ in range(4):
        to_state(cast, draft_file(cast), "filed")
    with acting(cast.reviewer):
        check = services.draw_spot_check(actor=cast.reviewer, org=cast.district, year=TODAY.year)
        with pytest.raises(ValidationError):
            services.draw_spot_check(actor=cast.reviewer, org=cast.district, year=TODAY.year)
    assert check.population == 4
    assert len(check.file_ids) == 2  # ceil(4 × 0.30)
    assert "年审抽查比例 = 0.30" in check.ratio_setting


def test_exit_schedules_follow_ups_and_reopen_restarts(cast, dibao):
    file = to_state(cast, draft_file(cast), "filed")
    with acting(cast.chair_a):
        services.exit_file(actor=cast.chair_a, file=file, reason="income_above", note="再就业")
    file.refresh_from_db()
    assert file.status == FileStatus.CLOSED
    assert file.retain_until.year == TODAY.year + 10
    assert file.visits.filter(is_follow_up=True).count() == 3
    assert not file.household.filter(holds_place=True).exists()
    event = WorkflowEvent.objects.filter(object_id=str(file.pk), transition="exit").get()
    assert event.reason == "再就业"  # the note as typed; the reason is data, worded when read
    assert event.data["exit_reason"] == "income_above"
    with translation.override("zh-hans"):
        assert step_note(event) == (
            "人均收入连续超过低保标准（脱困：人均收入连续高于低保的月数 = 6（默认）） 再就业"
        )
    _fold_in_fragments()  # the English of this branch's fragment, before it is compiled
    with translation.override("en"):
        english = step_note(event)
    assert english.endswith(" 再就业") and "连续" not in english
    with acting(cast.chair_a):
        services.reopen_file(actor=cast.chair_a, file=file, reason="再次失业")
    file.refresh_from_db()
    assert file.status == FileStatus.DRAFT
    to_state(cast, file, "submitted")


def test_open_file_keeps_union_from_being_dissolved_and_moves_on_merge(cast, dibao):
    from gonghui.orgs import services as org_services

    file = draft_file(cast)
    with acting(cast.district_admin), pytest.raises(ValidationError):
        org_services.dissolve_org(actor=cast.district_admin, org=cast.union_a, reason="注销")
    with acting(cast.district_admin):
        org_services.merge_org(
            actor=cast.district_admin, source=cast.union_a, target=cast.union_b, reason="合并"
        )
    file.refresh_from_db()
    assert file.org == cast.union_b
    assert set(file.household.values_list("org", flat=True)) == {cast.union_b.pk}
