import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.assemblies import selectors, services
from gonghui.assemblies.models import (
    DelegateStatus,
    Participation,
    SealedBallot,
)
from gonghui.core.models import AuditEvent
from tests.conftest import acting

from .helpers import (
    SCRUTINEERS,
    UNLOCK,
    check_in_all,
    make_congress,
    make_member,
    make_session,
    vote_users,
)

pytestmark = pytest.mark.django_db


def test_congress_copies_rule_settings(cast):
    congress, _ = make_congress(cast, delegates=0)
    assert (congress.quorum_num, congress.quorum_den) == (2, 3)
    assert (congress.pass_op, congress.pass_base, congress.election_margin) == ("gt", "all", 1)
    assert congress.cosigners_min == 2


def test_congress_follows_changed_setting(cast):
    from gonghui.core import config

    config.set_value(actor=cast.district_admin, key="assemblies.quorum", value="3/4")
    config.set_value(actor=cast.district_admin, key="assemblies.pass_op", value="ge")
    congress, _ = make_congress(cast, delegates=0)
    assert (congress.quorum_num, congress.quorum_den, congress.pass_op) == (3, 4, "ge")


def test_chair_b_cannot_add_delegate_to_a(cast):
    congress, _ = make_congress(cast, delegates=0)
    member = make_member(cast.union_a, "甲某")
    with acting(cast.chair_b), pytest.raises(PermissionDenied):
        services.add_delegate(actor=cast.chair_b, congress=congress, member=member)


def test_member_of_another_union_cannot_be_delegate(cast):
    congress, _ = make_congress(cast, delegates=0)
    outsider = make_member(cast.union_b, "乙某")
    with acting(cast.chair_a), pytest.raises(ValidationError, match="本工会"):
        services.add_delegate(actor=cast.chair_a, congress=congress, member=outsider)


def test_seats_are_a_limit(cast):
    congress, _ = make_congress(cast, seats=2, delegates=2)
    with acting(cast.chair_a), pytest.raises(ValidationError, match="名额已满"):
        services.add_delegate(
            actor=cast.chair_a, congress=congress, member=make_member(cast.union_a, "多余")
        )


def test_replace_keeps_history(cast):
    congress, people = make_congress(cast, seats=2, delegates=2)
    new = make_member(cast.union_a, "替补")
    with acting(cast.chair_a):
        successor = services.end_delegate(
            actor=cast.chair_a,
            delegate=people[1],
            status=DelegateStatus.REPLACED,
            reason="调离",
            successor=new,
        )
    people[1].refresh_from_db()
    assert people[1].status == DelegateStatus.REPLACED and people[1].end_reason == "调离"
    assert successor.replaces == people[1]
    assert len(list(selectors.delegates_of(congress, include_ended=True))) == 3
    assert len(list(selectors.delegates_of(congress))) == 2


def test_composition_checks(cast):
    congress, people = make_congress(cast, delegates=6)
    checks = {c.label: c for c in selectors.composition(congress)}
    # women: delegates 0 and 3 of 6 = 33.3% ≥ 30%; presidium 0,1: one front-line = 50%.
    assert checks["女代表"].ok
    assert checks["主席团一线职工"].ok
    assert checks["中层以上管理人员"].ok
    with acting(cast.chair_a):
        people[1].is_manager = people[2].is_manager = True
        people[1].save(), people[2].save()
    checks = {c.label: c for c in selectors.composition(congress)}
    assert not checks["中层以上管理人员"].ok
    assert "2 / 6 = 33.3% ≤ 20%" in checks["中层以上管理人员"].value


def test_close_session_sets_report_deadline_in_working_days(cast):
    congress, _ = make_congress(cast, delegates=1)
    session = make_session(cast, congress)
    with acting(cast.chair_a):
        # Friday 2026-09-25; National Day holiday 1–7 Oct (9-27 and 10-10 are working Saturdays).
        services.close_session(
            actor=cast.chair_a, session=session, closed_on=datetime.date(2026, 9, 25)
        )
    from gonghui.core.workdays import add_working_days

    assert session.report_due == add_working_days(datetime.date(2026, 9, 25), 7)
    assert session.report_due > datetime.date(2026, 10, 4)


def test_document_release_days(cast):
    congress, _ = make_congress(cast, delegates=1)
    session = make_session(cast, congress)
    with acting(cast.chair_a):
        doc = services.add_document(actor=cast.chair_a, session=session, title="集体合同草案")
        services.release_document(
            actor=cast.chair_a, document=doc, at=session.starts_at - datetime.timedelta(days=7)
        )
        late = services.add_document(
            actor=cast.chair_a, session=session, title="工资方案", release=True
        )
        services.release_document(
            actor=cast.chair_a,
            document=services.add_document(actor=cast.chair_a, session=session, title="x"),
            at=session.starts_at - datetime.timedelta(days=6, hours=23),
        )
    statuses, days = selectors.documents_status(session)
    assert days == 7
    assert [ok for _d, ok in statuses] == [True, True, False]
    assert late.released_in_time(7)  # released now, session in 8 days


def test_check_in_by_qr_only_for_own_delegacy(cast):
    congress, people = make_congress(cast, delegates=2)
    session = make_session(cast, congress)
    code = services.checkin_code(session)
    with acting(cast.member_user):
        services.check_in_self(
            actor=cast.member_user, session=session, delegate=people[0], code=code
        )
        with pytest.raises(PermissionDenied):
            services.check_in_self(
                actor=cast.member_user, session=session, delegate=people[1], code=code
            )
    assert selectors.session_figures(session).present == 1


def test_proposal_needs_cosigners_and_runs_its_workflow(cast):
    congress, people = make_congress(cast, delegates=4)
    with acting(cast.member_user):
        with pytest.raises(ValidationError, match="至少需要 2 名"):
            services.submit_proposal(
                actor=cast.member_user,
                delegate=people[0],
                title="食堂",
                body="延长供餐",
                cosigners=[people[1]],
            )
        proposal = services.submit_proposal(
            actor=cast.member_user,
            delegate=people[0],
            title="食堂",
            body="延长供餐",
            cosigners=[people[1], people[2]],
        )
    with acting(cast.staff_a):
        with pytest.raises(ValidationError):
            services.handle_proposal(actor=cast.staff_a, proposal=proposal, action="return")
        services.handle_proposal(actor=cast.staff_a, proposal=proposal, action="accept")
        services.handle_proposal(
            actor=cast.staff_a, proposal=proposal, action="assign", department="后勤部"
        )
        services.handle_proposal(
            actor=cast.staff_a, proposal=proposal, action="answer", answer="已延长至 20:00"
        )
        with pytest.raises(PermissionDenied):
            services.handle_proposal(
                actor=cast.staff_a, proposal=proposal, action="rate", satisfaction="satisfied"
            )
    with acting(cast.member_user):
        services.handle_proposal(
            actor=cast.member_user, proposal=proposal, action="rate", satisfaction="satisfied"
        )
    assert proposal.status == "closed" and proposal.department == "后勤部"
    report = selectors.proposal_report(congress)
    assert report["satisfied"] == 1 and report["by_status"] == {"已办结": 1}


def test_member_cannot_handle_proposals(cast):
    _congress, people = make_congress(cast, delegates=3)
    with acting(cast.member_user):
        proposal = services.submit_proposal(
            actor=cast.member_user, delegate=people[0], title="t", body="b", cosigners=people[1:]
        )
        with pytest.raises(PermissionDenied):
            services.handle_proposal(actor=cast.member_user, proposal=proposal, action="accept")


def _resolution(cast, session):
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="集体合同草案"
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    poll.refresh_from_db()
    return poll


def test_resolution_vote_end_to_end(cast):
    congress, people = make_congress(cast, seats=6, delegates=6)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people[:5])
    poll = _resolution(cast, session)
    codes = []
    for d, vote in zip(people[:5], ["for", "for", "for", "for", "against"], strict=True):
        codes.append(
            services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": vote})
        )
    assert not services.receipt_counted(poll, codes[0])  # hidden until close
    with acting(cast.chair_a):
        poll = services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    assert poll.result == {
        "yes": 4,
        "no": 1,
        "abstain": 0,
        "invalid": 0,
        "valid": 5,
        "cast": 5,
        "passed": True,
        "quorum": True,
        "quorum_text": "出席 5 / 6 ≥ 2/3 ✔",
    }
    assert poll.result_text.startswith("出席 5 / 6 ≥ 2/3 ✔；赞成 4 > 3（全体代表半数）✔ → 通过")
    assert all(services.receipt_counted(poll, c) for c in codes)
    assert not services.receipt_counted(poll, "AAAA-BBBB-CCCC")
    actions = set(
        AuditEvent.objects.filter(
            object_type="assemblies.poll", object_id=str(poll.pk)
        ).values_list("action", flat=True)
    )
    assert actions == {"assemblies.poll.create", "assemblies.poll.open", "assemblies.poll.close"}
    # No audit event of any kind was written while the votes were cast.
    assert not AuditEvent.objects.filter(action__icontains="vote").exists()
    assert not AuditEvent.objects.filter(actor__in=[d.member.user for d in people[1:5]]).exists()


def test_second_vote_is_refused(cast):
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    poll = _resolution(cast, session)
    services.cast_vote(
        actor=cast.member_user, poll=poll, delegate=people[0], choices={"vote": "for"}
    )
    with pytest.raises(ValidationError, match="已经投过票"):
        services.cast_vote(
            actor=cast.member_user, poll=poll, delegate=people[0], choices={"vote": "against"}
        )
    assert Participation.objects.filter(poll=poll).count() == 1
    assert SealedBallot.objects.filter(poll=poll).count() == 1


def test_vote_needs_open_poll_check_in_and_own_delegacy(cast):
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    poll = _resolution(cast, session)
    with pytest.raises(ValidationError, match="签到"):
        services.cast_vote(
            actor=cast.member_user, poll=poll, delegate=people[0], choices={"vote": "for"}
        )
    with pytest.raises(PermissionDenied):
        services.cast_vote(
            actor=cast.member_user, poll=poll, delegate=people[1], choices={"vote": "for"}
        )
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    with pytest.raises(ValidationError, match="不接受"):
        services.cast_vote(
            actor=cast.member_user, poll=poll, delegate=people[0], choices={"vote": "for"}
        )


def test_observer_has_no_vote(cast):
    congress, people = make_congress(cast, delegates=2)
    with acting(cast.chair_a):
        people[0].is_observer = True
        people[0].save()
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    poll = _resolution(cast, session)
    with pytest.raises(ValidationError, match="表决权"):
        services.cast_vote(
            actor=cast.member_user, poll=poll, delegate=people[0], choices={"vote": "for"}
        )


def test_paper_tally_needs_a_second_person(cast):
    congress, people = make_congress(cast, delegates=6)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="resolution",
            title="工资方案",
            method="paper",
            is_secret=False,
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
        poll = services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
        assert poll.result == {}
        with pytest.raises(ValidationError):
            services.enter_tally(
                actor=cast.chair_a, poll=poll, counts={"yes": 6, "no": 1, "abstain": 0}
            )
        services.enter_tally(actor=cast.chair_a, poll=poll, counts={"yes": 3, "no": 2})
        with pytest.raises(PermissionDenied):
            services.confirm_tally(actor=cast.chair_a, poll=poll)
    with acting(cast.staff_a):
        poll = services.confirm_tally(actor=cast.staff_a, poll=poll)
    assert poll.result["passed"] is False  # 3 is not more than half of 6
    assert "赞成 3 > 3（全体代表半数）✘ → 未通过" in poll.result_text


def test_election_margin_and_stroke_order(cast):
    congress, _people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    names = ["黄", "赵", "周", "陈", "张", "杨", "李", "刘", "王"]
    with acting(cast.chair_a):
        with pytest.raises(ValidationError, match="差额"):
            services.create_poll(
                actor=cast.chair_a,
                session=session,
                kind="election",
                title="委员",
                seats=9,
                candidates=[(n, None) for n in names],
            )
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="election",
            title="委员",
            seats=7,
            candidates=[(n, None) for n in names],
        )
    assert [c.name for c in poll.candidates.all()] == list(reversed(names))


def _vote_election(poll, people, plan):
    keys = {c.name: str(c.pk) for c in poll.candidates.all()}
    return [
        services.cast_vote(
            actor=d.member.user,
            poll=poll,
            delegate=d,
            choices={"marks": {keys[n]: "for" for n in marks}},
        )
        for d, marks in zip(people, plan, strict=True)
    ]


def test_full_election_with_runoff(cast):
    congress, people = make_congress(cast, seats=7, delegates=7)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="election",
            title="工会委员会",
            seats=2,
            candidates=[(n, None) for n in ["王一", "刘二", "李三", "杨四"]],
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    keys = {c.name: str(c.pk) for c in poll.candidates.all()}
    with pytest.raises(ValidationError, match="无效票"):
        services.cast_vote(
            actor=people[0].member.user,
            poll=poll,
            delegate=people[0],
            choices={"marks": {keys["王一"]: "for", keys["刘二"]: "for", keys["李三"]: "for"}},
        )
    # 王一 6; 刘二 4 and 李三 4 (both > 3.5): a tie for the second seat.
    _vote_election(
        poll, people, [["王一", "刘二"]] * 3 + [["王一", "李三"]] * 3 + [["刘二", "李三"]]
    )
    with acting(cast.chair_a):
        poll = services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    rows = {r["name"]: (r["for"], r["elected"], r["runoff"]) for r in poll.result["rows"]}
    assert rows == {
        "王一": (6, True, False),
        "刘二": (4, False, True),
        "李三": (4, False, True),
        "杨四": (0, False, False),
    }
    assert poll.result["runoff_seats"] == 1
    assert selectors.election_outcome(poll) == (["王一"], True)
    with acting(cast.chair_a):
        runoff = services.create_runoff(actor=cast.chair_a, poll=poll)
        services.open_poll(actor=cast.chair_a, poll=runoff, **SCRUTINEERS)
    assert [c.name for c in runoff.candidates.all()] == ["刘二", "李三"]
    assert runoff.seats == 1
    runoff.refresh_from_db()
    _vote_election(runoff, people, [["刘二"]] * 5 + [["李三"]] * 2)
    with acting(cast.chair_a):
        runoff = services.close_poll(actor=cast.chair_a, poll=runoff, **UNLOCK)
    assert selectors.election_outcome(poll) == (["王一", "刘二"], False)
    assert "当选：刘二（5）" in runoff.result_text


def test_paper_election_tally(cast):
    congress, people = make_congress(cast, seats=5, delegates=5)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="election",
            title="经审委员",
            seats=1,
            method="paper",
            candidates=[("王一", None), ("刘二", None)],
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
        poll = services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
        k = {c.name: str(c.pk) for c in poll.candidates.all()}
        services.enter_tally(
            actor=cast.chair_a,
            poll=poll,
            counts={
                "valid": 4,
                "invalid": 1,
                "candidates": {
                    k["王一"]: {"for": 3, "against": 1},
                    k["刘二"]: {"for": 1, "abstain": 3},
                },
            },
        )
    with acting(cast.staff_a):
        poll = services.confirm_tally(actor=cast.staff_a, poll=poll)
    assert [r["name"] for r in poll.result["rows"] if r["elected"]] == ["王一"]
