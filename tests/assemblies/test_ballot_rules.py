"""#15.2 no quorum, no result; #15.3 blank and spoilt ballots; #15.4 paper tallies add up;
#15.6 the vote record's figures as numbers."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from gonghui.assemblies import services
from tests.conftest import acting

from .helpers import SCRUTINEERS, UNLOCK, check_in_all, make_congress, make_session, vote_users

pytestmark = pytest.mark.django_db


def _election(cast, session, *, seats=1, names=("甲一", "乙二"), method="electronic"):
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="election",
            title="工会主席",
            seats=seats,
            candidates=[(n, None) for n in names],
            method=method,
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    poll.refresh_from_db()
    return poll, {c.name: str(c.pk) for c in poll.candidates.all()}


def _close(cast, poll):
    with acting(cast.chair_a):
        return services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)


def _pdf_text(response):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def _record(client, session):
    xlsx = client.get(f"/assemblies/sessions/{session.pk}/vote-record.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    rows = book.get_sheet_by_name("表决结果").to_python()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], book


def test_election_without_quorum_elects_nobody_and_says_so(cast, login):
    congress, people = make_congress(cast, seats=6, delegates=6)
    session = make_session(cast, congress)
    check_in_all(cast, session, people[:1])  # 1 of 6 present; quorum needs 4
    poll, keys = _election(cast, session)
    services.cast_vote(
        actor=cast.member_user,
        poll=poll,
        delegate=people[0],
        choices={"marks": {keys["甲一"]: "for"}},
    )
    poll = _close(cast, poll)
    assert poll.result["quorum"] is False
    assert [r["elected"] for r in poll.result["rows"]] == [False, False]
    assert poll.result["runoff_seats"] == 0 and poll.result["unfilled"] == 1
    assert poll.result_text.startswith("出席 1 / 6 ≥ 2/3 ✘ → 不足法定人数，选举无效，无人当选；")
    assert "当选：甲一" not in poll.result_text
    client = login(cast.chair_a)
    page = client.get(f"/assemblies/polls/{poll.pk}/").content.decode()
    assert "不足法定人数，选举无效，无人当选。" in page
    assert "出席 1 / 6 ≥ 2/3 ✘（出席代表须不少于全体代表的 2/3）" in page
    assert 'class="table-success"' not in page
    text = _pdf_text(client.get(f"/assemblies/polls/{poll.pk}/sheet.pdf"))
    assert "不足法定人数，选举无效，无人当选。" in text and "最终当选：无" in text
    rows, _book = _record(client, session)
    assert rows[0]["达到法定人数"] == "否"
    assert rows[0]["结果"] == "无结果（不足法定人数）"
    assert (rows[0]["应到"], rows[0]["实到"], rows[0]["法定最低出席人数"]) == (6, 1, 4)
    assert (rows[0]["收回票数"], rows[0]["有效票"], rows[0]["无效票"]) == (1, 1, 0)


def test_resolution_without_quorum_has_no_result(cast, login):
    congress, people = make_congress(cast, seats=6, delegates=6)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people[:3])
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="集体合同"
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    for d in people[:3]:
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"vote": "for"})
    poll = _close(cast, poll)
    assert (poll.result["passed"], poll.result["quorum"]) == (False, False)
    page = login(cast.chair_a).get(f"/assemblies/polls/{poll.pk}/").content.decode()
    assert "不足法定人数，表决无效，没有结果。" in page
    assert "未通过" not in page and "✔ 通过" not in page


def test_blank_ballot_counts_as_cast_and_valid_by_default(cast):
    congress, people = make_congress(cast, seats=3, delegates=3)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    poll, keys = _election(cast, session)
    with pytest.raises(ValidationError, match="空白票不能同时标记候选人"):
        services.cast_vote(
            actor=people[0].member.user,
            poll=poll,
            delegate=people[0],
            choices={"marks": {keys["甲一"]: "for"}, "blank": True},
        )
    for d in people[:2]:
        services.cast_vote(actor=d.member.user, poll=poll, delegate=d, choices={"blank": True})
    services.cast_vote(
        actor=people[2].member.user,
        poll=poll,
        delegate=people[2],
        choices={"marks": {keys["甲一"]: "for", keys["乙二"]: "against"}},
    )
    poll = _close(cast, poll)
    r = poll.result
    assert (r["ballots_cast"], r["valid"], r["invalid"], r["blank"]) == (3, 3, 0, 2)
    rows = {row["name"]: (row["for"], row["against"], row["abstain"]) for row in r["rows"]}
    assert rows == {"甲一": (1, 0, 2), "乙二": (0, 1, 2)}
    # 1 of 3 ballots cast is not more than half: nobody is elected.
    assert [row["elected"] for row in r["rows"]] == [False, False]
    assert (
        "收回选票 3 张（含空白票 2 张，按规则计为有效票），有效 3 张，无效 0 张" in poll.result_text
    )


def test_blank_ballot_is_invalid_where_the_rule_says_so(cast):
    congress, people = make_congress(cast, seats=3, delegates=3)
    congress.blank_ballot = "invalid"
    congress.save()
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    poll, keys = _election(cast, session)
    services.cast_vote(
        actor=people[0].member.user, poll=poll, delegate=people[0], choices={"blank": True}
    )
    for d in people[1:]:
        services.cast_vote(
            actor=d.member.user, poll=poll, delegate=d, choices={"marks": {keys["甲一"]: "for"}}
        )
    poll = _close(cast, poll)
    r = poll.result
    assert (r["ballots_cast"], r["valid"], r["invalid"], r["blank"]) == (3, 2, 1, 1)
    assert [(row["name"], row["elected"]) for row in r["rows"]] == [("乙二", False), ("甲一", True)]


def _paper_election(cast, *, delegates=6, seats=1, names=("甲一", "乙二")):
    congress, people = make_congress(cast, seats=delegates, delegates=delegates)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    poll, keys = _election(cast, session, seats=seats, names=names, method="paper")
    return _close(cast, poll), keys, congress


def _triples(keys, **rows):
    return {
        keys[name]: dict(zip(("for", "against", "abstain"), t, strict=True))
        for name, t in rows.items()
    }


def test_paper_tally_must_add_up_per_candidate(cast):
    poll, keys, _congress = _paper_election(cast)
    counts = {
        "valid": 5,
        "invalid": 1,
        "candidates": _triples(keys, 甲一=(4, 0, 0), 乙二=(1, 2, 2)),
    }
    with acting(cast.chair_a), pytest.raises(ValidationError) as refused:
        services.enter_tally(actor=cast.chair_a, poll=poll, counts=counts)
    assert refused.value.messages == [
        "计票结果不合：甲一：赞成 4 + 反对 0 + 弃权 0 = 4，应 = 有效票 5"
    ]
    assert not hasattr(poll, "tally") or poll.tally is None


def test_paper_tally_at_most_rule_accepts_unmarked_lines(cast):
    poll, keys, congress = _paper_election(cast)
    congress.tally_rule = "at_most"
    congress.save()
    counts = {
        "valid": 5,
        "invalid": 1,
        "candidates": _triples(keys, 甲一=(4, 0, 0), 乙二=(1, 2, 2)),
    }
    with acting(cast.chair_a):
        services.enter_tally(actor=cast.chair_a, poll=poll, counts=counts)
    with acting(cast.staff_a):
        poll = services.confirm_tally(actor=cast.staff_a, poll=poll)
    assert (poll.result["ballots_cast"], poll.result["valid"], poll.result["invalid"]) == (6, 5, 1)
    assert [(r["name"], r["elected"]) for r in poll.result["rows"]] == [
        ("乙二", False),
        ("甲一", True),
    ]


def test_paper_tally_votes_for_never_exceed_seats_per_ballot(cast):
    poll, keys, _congress = _paper_election(cast)
    counts = {
        "valid": 5,
        "invalid": 0,
        "candidates": _triples(keys, 甲一=(4, 1, 0), 乙二=(3, 1, 1)),
    }
    with acting(cast.chair_a), pytest.raises(ValidationError) as refused:
        services.enter_tally(actor=cast.chair_a, poll=poll, counts=counts)
    assert refused.value.messages == ["计票结果不合：赞成票合计 7 ≤ 有效票 5 × 应选 1 = 5"]


def test_confirmation_page_shows_each_check(cast, login):
    poll, keys, _congress = _paper_election(cast)
    counts = {
        "valid": 5,
        "invalid": 1,
        "candidates": _triples(keys, 甲一=(4, 1, 0), 乙二=(1, 2, 2)),
    }
    with acting(cast.chair_a):
        services.enter_tally(actor=cast.chair_a, poll=poll, counts=counts)
    page = login(cast.staff_a).get(f"/assemblies/polls/{poll.pk}/").content.decode()
    assert "有效票 5；无效票（废票） 1" in page
    assert "✔ 收回选票 6（有效 5 + 无效 1）≤ 出席 6" in page
    assert "✔ 甲一：赞成 4 + 反对 1 + 弃权 0 = 5，应 = 有效票 5" in page
    assert "✔ 乙二：赞成 1 + 反对 2 + 弃权 2 = 5，应 = 有效票 5" in page
    assert "✔ 赞成票合计 5 ≤ 有效票 5 × 应选 1 = 5" in page
    assert "{&#x27;" not in page and "{'valid'" not in page  # no raw dict on screen


def test_paper_resolution_records_spoilt_ballots(cast, login):
    congress, people = make_congress(cast, seats=6, delegates=6)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="工资方案", method="paper"
        )
        services.open_poll(actor=cast.chair_a, poll=poll)
        poll = services.close_poll(actor=cast.chair_a, poll=poll)
        with pytest.raises(ValidationError, match="收回表决票 7（含无效 1）≤ 出席 6"):
            services.enter_tally(
                actor=cast.chair_a,
                poll=poll,
                counts={"yes": 4, "no": 1, "abstain": 1, "invalid": 1},
            )
        services.enter_tally(
            actor=cast.chair_a, poll=poll, counts={"yes": 4, "no": 1, "abstain": 0, "invalid": 1}
        )
    with acting(cast.staff_a):
        poll = services.confirm_tally(actor=cast.staff_a, poll=poll)
    assert (poll.result["cast"], poll.result["valid"], poll.result["invalid"]) == (6, 5, 1)
    assert poll.result["passed"] is True
    assert poll.result_text.startswith("收回表决票 6 张，其中无效 1 张；出席 6 / 6 ≥ 2/3 ✔")
    rows, _book = _record(login(cast.chair_a), session)
    assert {
        k: rows[0][k] for k in ("收回票数", "有效票", "无效票", "赞成", "反对", "弃权", "结果")
    } == {
        "收回票数": 6,
        "有效票": 5,
        "无效票": 1,
        "赞成": 4,
        "反对": 1,
        "弃权": 0,
        "结果": "通过",
    }


def test_vote_record_writes_figures_as_numbers_and_text_as_text(cast, login):
    congress, people = make_congress(cast, seats=3, delegates=3)
    vote_users(cast, people)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    poll, keys = _election(cast, session, names=('=HYPERLINK("http://x")', "乙二"))
    for d in people:
        services.cast_vote(
            actor=d.member.user, poll=poll, delegate=d, choices={"marks": {keys["乙二"]: "for"}}
        )
    _close(cast, poll)
    client = login(cast.chair_a)
    rows, book = _record(client, session)
    row = rows[0]
    assert [
        row[k]
        for k in ("应到", "实到", "法定最低出席人数", "收回票数", "有效票", "无效票", "其中空白票")
    ] == [3, 3, 2, 3, 3, 0, 0]
    assert all(isinstance(row[k], int | float) for k in ("应到", "收回票数", "有效票"))
    assert (row["达到法定人数"], row["结果"]) == ("是", "当选：乙二")
    cands = book.get_sheet_by_name("候选人得票").to_python()
    assert cands[0] == [
        "表决编号",
        "表决事项",
        "候选人",
        "有效票",
        "赞成",
        "反对",
        "弃权",
        "当选",
        "需再次投票",
    ]
    assert [r[2:7] for r in cands[1:]] == [
        ["乙二", 3, 3, 0, 0],
        ['=HYPERLINK("http://x")', 3, 0, 0, 3],
    ]
    xlsx = client.get(f"/assemblies/sessions/{session.pk}/vote-record.xlsx").content
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets  # no cell is a formula


def test_printable_paper_ballot_in_stroke_order(cast, login):
    congress, _people = make_congress(cast, seats=6, delegates=6)
    session = make_session(cast, congress)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="election",
            title="工会委员会委员",
            seats=2,
            candidates=[(n, None) for n in ["黄八", "赵七", "王一", "陈六"]],
            method="paper",
        )
    client = login(cast.chair_a)
    page = client.get(f"/assemblies/polls/{poll.pk}/").content.decode()
    assert f"/assemblies/polls/{poll.pk}/ballot.pdf" in page
    response = client.get(f"/assemblies/polls/{poll.pk}/ballot.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    positions = [text.index(name) for name in ["王一", "陈六", "赵七", "黄八"]]
    assert positions == sorted(positions)
    assert "应选 2 名，候选人 4 名（按姓氏笔画排列）" in text
    assert "多于 2 名的为无效票" in text and "计为有效票" in text
    assert "赞成" in text and "反对" in text and "弃权" in text
