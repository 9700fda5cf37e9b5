import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.assemblies import services
from gonghui.assemblies.models import AnonymousBallot, CheckIn, Participation, SealedBallot
from tests.conftest import MARKER_A, acting

from .helpers import SCRUTINEERS, UNLOCK, check_in_all, make_congress, make_session
from .samples import API_SAMPLES, SAMPLES

pytestmark = pytest.mark.django_db


def test_chair_sees_congress_pages(cast, login):
    congress, _ = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    client = login(cast.chair_a)
    for url in [
        "/assemblies/",
        f"/assemblies/{congress.pk}/",
        f"/assemblies/sessions/{session.pk}/",
        f"/assemblies/sessions/{session.pk}/projector/",
        f"/assemblies/sessions/{session.pk}/projector/live/",
        f"/assemblies/{congress.pk}/proposals/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/assemblies/{congress.pk}/").content.decode()
    assert "中层以上管理人员" in page and "主席团一线职工" in page
    qr = client.get(f"/assemblies/sessions/{session.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_chair_b_gets_404_on_a(cast, login, name):
    from django.urls import reverse

    url = reverse(name, kwargs=SAMPLES[name](cast))
    client = login(cast.chair_b)
    response = client.get(url)
    assert response.status_code in (404, 405), url
    assert MARKER_A not in response.content.decode()
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("path", sorted(API_SAMPLES))
def test_api_chair_b_gets_404_on_a(cast, login, path):
    url = path.format(**API_SAMPLES[path](cast))
    client = login(cast.chair_b)
    get = client.get(url)
    post = client.post(url, data={}, content_type="application/json")
    # Routes with a JSON body answer 422 for an empty body before any lookup; never 2xx.
    assert get.status_code in (404, 405) and post.status_code in (404, 405, 422), url


def test_create_congress_and_delegate_through_pages(cast, login):
    from .helpers import make_member

    make_member(cast.union_a, "甲会员一", gender="F")
    client = login(cast.chair_a)
    response = client.post(
        "/assemblies/new/",
        {
            "kind": "workers",
            "name": "甲工会职代会",
            "employer": cast.employer_a.pk,
            "term_number": 1,
            "term_start": "2025-01-01",
            "term_years": 5,
            "seats": 10,
            "workforce_women_percent": "30",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    response = client.post(
        url + "delegates/add/",
        {"member_ref": "甲会员一", "constituency": "一车间", "is_frontline": "on"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "甲会员一" in page and "一车间" in page


def test_delegate_checks_in_votes_and_checks_receipt(cast, login):
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="合同"
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    client = login(cast.member_user)
    assert client.get("/assemblies/my/").status_code == 200
    code = services.checkin_code(session)
    assert client.get(f"/assemblies/checkin/{code}/").status_code == 200
    client.post(f"/assemblies/checkin/{code}/")
    assert CheckIn.objects.filter(session=session, delegate=people[0], by_qr=True).exists()
    response = client.post(f"/assemblies/my/polls/{poll.pk}/vote/", {"vote": "for"})
    assert response.status_code == 200
    code = response.context["code"]
    assert code in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # The code is in no session or message store.
    assert code not in str(client.session.items())
    again = client.post(f"/assemblies/my/polls/{poll.pk}/vote/", {"vote": "against"})
    assert "已经投过票" in again.content.decode()
    assert Participation.objects.count() == 1 and SealedBallot.objects.count() == 1
    assert not AnonymousBallot.objects.exists()
    hidden = client.post(f"/assemblies/my/polls/{poll.pk}/results/", {"code": code})
    assert "结果尚未公布" in hidden.content.decode()
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    shown = client.post(f"/assemblies/my/polls/{poll.pk}/results/", {"code": code})
    assert "已计入结果" in shown.content.decode()


def test_console_controls_poll_and_exports(cast, login):
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    client = login(cast.chair_a)
    response = client.post(
        f"/assemblies/sessions/{session.pk}/polls/add/",
        {
            "kind": "election",
            "title": "委员",
            "method": "electronic",
            "is_secret": "on",
            "seats": 1,
            "candidates": "李三\n王一",
        },
    )
    assert response.status_code == 302
    poll_url = response["Location"]
    poll_id = int(poll_url.rstrip("/").split("/")[-1])
    form = client.get(poll_url).content.decode()
    assert "总监票人开票口令" in form and "监票人开票口令" in form
    # Without the scrutineers' passphrases a secret electronic poll does not open.
    client.post(poll_url + "action/", {"action": "open"})
    from gonghui.assemblies.models import Poll

    assert Poll.unscoped.get(pk=poll_id).status == "draft"
    client.post(
        poll_url + "action/",
        {
            "action": "open",
            "chief_name": "赵总监",
            "chief_passphrase": "chief-pass-1",
            "member1_name": "钱监票",
            "member1_passphrase": "member-pass-1",
        },
    )

    poll = Poll.unscoped.get(pk=poll_id)
    assert poll.status == "open" and [c.name for c in poll.candidates.all()] == ["王一", "李三"]
    keys = {c.name: c.pk for c in poll.candidates.all()}
    services.cast_vote(
        actor=cast.member_user,
        poll=poll,
        delegate=people[0],
        choices={"marks": {str(keys["王一"]): "for"}},
    )
    assert client.get(poll_url + "sheet.pdf").status_code == 302  # no results before close
    client.post(
        poll_url + "action/",
        {"action": "close", "chief_passphrase": "chief-pass-1", "member_passphrase": "wrong-pass"},
    )
    assert Poll.unscoped.get(pk=poll_id).status == "open"
    client.post(
        poll_url + "action/",
        {
            "action": "close",
            "chief_passphrase": "chief-pass-1",
            "member_passphrase": "member-pass-1",
        },
    )
    page = client.get(poll_url).content.decode()
    assert "王一" in page and "当选" in page
    pdf = client.get(poll_url + "sheet.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "表决结果报告单" in text and "王一" in text and "当选" in text
    xlsx = client.get(f"/assemblies/sessions/{session.pk}/vote-record.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    assert book.sheet_names == ["表决结果", "候选人得票", "选票", "参加投票代表"]
    ballots = book.get_sheet_by_name("选票").to_python()
    assert len(ballots) == 2 and "王一:赞成" in ballots[1][2]
    voters = book.get_sheet_by_name("参加投票代表").to_python()
    assert [row[1] for row in voters[1:]] == [people[0].member.name]


def test_session_close_and_report(cast, login):
    congress, _ = make_congress(cast, delegates=1)
    session = make_session(cast, congress)
    client = login(cast.chair_a)
    client.post(
        f"/assemblies/sessions/{session.pk}/action/", {"action": "close", "minutes": "纪要"}
    )
    session.refresh_from_db()
    assert session.status == "closed" and session.report_due > datetime.date.today()
    client.post(f"/assemblies/sessions/{session.pk}/action/", {"action": "report"})
    session.refresh_from_db()
    assert session.reported_on == datetime.date.today()


def _list_queries(cast, login, n):
    for i in range(n):
        with acting(cast.chair_a):
            services.create_congress(
                actor=cast.chair_a,
                org=cast.union_a,
                kind="members",
                name=f"{MARKER_A}大会{i}",
                term_start=datetime.date(2025, 1, 1),
                seats=10,
            )
    client = login(cast.chair_a)
    client.get("/assemblies/")  # warm caches (session, settings)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/assemblies/")
    assert response.status_code == 200
    return len(ctx)


def test_congress_list_queries_do_not_grow(cast, login):
    one = _list_queries(cast, login, 1)
    three = _list_queries(cast, login, 2)  # now 3 rows
    assert one == three


def test_api_vote_and_results(cast, login):
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="合同"
        )
    staff = login(cast.chair_a)
    url = f"/api/v1/assemblies/polls/{poll.pk}"
    refused = staff.post(f"{url}/open", data={}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"detail": "无记名电子表决须由总监票人和至少一名监票人设置开票口令"}
    scrutineers = {
        "chief": {"name": "赵总监", "passphrase": "chief-pass-1"},
        "members": [{"name": "钱监票", "passphrase": "member-pass-1"}],
    }
    opened = staff.post(f"{url}/open", data=scrutineers, content_type="application/json")
    assert opened.status_code == 200
    member = login(cast.member_user)
    response = member.post(
        f"/api/v1/assemblies/polls/{poll.pk}/vote",
        data={"vote": "for"},
        content_type="application/json",
    )
    assert response.status_code == 201
    code = response.json()["receipt_code"]
    assert member.get(f"/api/v1/assemblies/polls/{poll.pk}").json()["result"] is None
    unlock = {"chief_passphrase": "chief-pass-1", "member_passphrase": "member-pass-1"}
    closed = staff.post(f"{url}/close", data=unlock, content_type="application/json")
    assert closed.status_code == 200
    body = member.get(f"/api/v1/assemblies/polls/{poll.pk}").json()
    assert body["result"]["yes"] == 1
    counted = member.post(
        f"/api/v1/assemblies/polls/{poll.pk}/receipt",
        data={"code": code},
        content_type="application/json",
    )
    assert counted.json() == {"counted": True}


def test_demo_step_is_idempotent(cast):
    from gonghui.assemblies.demo import load_demo
    from gonghui.assemblies.models import Congress, Poll

    load_demo({"HP0201": cast.union_a})
    load_demo({"HP0201": cast.union_a})
    congress = Congress.unscoped.get()
    assert congress.delegates.count() == 20
    election = Poll.unscoped.get(kind="election")
    assert election.seats == 7 and election.candidates.count() == 9
    names = [c.name for c in election.candidates.all()]
    assert names.index("王秀英") < names.index("黄德明")


def test_api_set_up_a_congress(cast, login):
    from .helpers import make_member

    member = make_member(cast.union_a, "甲会员二")
    client = login(cast.chair_a)
    congress = client.post(
        "/api/v1/assemblies/congresses",
        data={
            "org_code": "A",
            "kind": "members",
            "name": "甲工会会员代表大会",
            "term_start": "2025-01-01",
            "seats": 5,
        },
        content_type="application/json",
    )
    assert congress.status_code == 201, congress.content
    cid = congress.json()["id"]
    delegate = client.post(
        f"/api/v1/assemblies/congresses/{cid}/delegates",
        data={"card_number": member.card_number, "constituency": "一组", "is_frontline": True},
        content_type="application/json",
    )
    assert delegate.status_code == 201 and delegate.json()["constituency"] == "一组"
    session = client.post(
        f"/api/v1/assemblies/congresses/{cid}/sessions",
        data={"title": "一次会议", "starts_at": "2026-12-01T09:00:00+08:00", "agenda": ["选举"]},
        content_type="application/json",
    )
    assert session.status_code == 201
    poll = client.post(
        f"/api/v1/assemblies/sessions/{session.json()['id']}/polls",
        data={"kind": "election", "title": "委员", "seats": 1, "candidates": ["黄", "王"]},
        content_type="application/json",
    )
    assert poll.status_code == 201
    assert [c["name"] for c in poll.json()["candidates"]] == ["王", "黄"]
    chair_b = login(cast.chair_b).post(
        f"/api/v1/assemblies/congresses/{cid}/delegates",
        data={"card_number": member.card_number},
        content_type="application/json",
    )
    assert chair_b.status_code == 404


def test_delegate_submits_proposal_and_staff_handles_it(cast, login):
    congress, people = make_congress(cast, delegates=4)
    member = login(cast.member_user)
    response = member.post(
        f"/assemblies/my/congresses/{congress.pk}/proposals/new/",
        {"title": "夜班食堂", "body": "延长供餐", "cosigners": [people[1].pk, people[2].pk]},
    )
    assert response.status_code == 302
    from gonghui.assemblies.models import Proposal

    proposal = Proposal.unscoped.get()
    staff = login(cast.staff_a)
    staff.post(f"/assemblies/proposals/{proposal.pk}/", {"action": "return"})
    proposal.refresh_from_db()
    assert proposal.status == "submitted"  # a return needs a reason
    staff.post(f"/assemblies/proposals/{proposal.pk}/", {"action": "accept"})
    staff.post(
        f"/assemblies/proposals/{proposal.pk}/", {"action": "assign", "department": "后勤部"}
    )
    staff.post(f"/assemblies/proposals/{proposal.pk}/", {"action": "answer", "answer": "已落实"})
    member.post(f"/assemblies/my/proposals/{proposal.pk}/", {"satisfaction": "satisfied"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.satisfaction) == ("closed", "satisfied")
    report = staff.get(f"/assemblies/{congress.pk}/proposals/").content.decode()
    assert "已办结 1" in report and "满意或基本满意 1" in report


def _detail_queries(cast, login, n):
    from .helpers import make_member

    congress, _ = make_congress(cast, delegates=0, seats=10)
    with acting(cast.chair_a):
        for i in range(n):
            services.add_delegate(
                actor=cast.chair_a,
                congress=congress,
                member=make_member(cast.union_a, f"甲代表{i}"),
            )
    client = login(cast.chair_a)
    client.get(f"/assemblies/{congress.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/assemblies/{congress.pk}/").status_code == 200
    return len(ctx)


def test_delegate_list_queries_do_not_grow(cast, login):
    assert _detail_queries(cast, login, 1) == _detail_queries(cast, login, 3)
