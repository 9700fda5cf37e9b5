import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gonghui.innovation import services
from gonghui.innovation.models import Proposal
from tests.conftest import acting

from .helpers import make_member
from .samples import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_a(cast):
    return make_member(cast.union_a, "甲工会张伟", user=cast.member_user, employer=cast.employer_a)


def _submit(cast, author, title):
    with acting(cast.chair_a):
        return services.submit_proposal(
            actor=cast.chair_a,
            author=author,
            kind="rationalisation",
            title=title,
            problem="问题",
            solution="办法",
            expected_benefit=Decimal("1000"),
            difference_note="不同",
        )


def test_member_submits_on_the_phone_form(cast, login, member_a):
    client = login(cast.member_user)
    assert client.get("/innovation/submit/").status_code == 200
    response = client.post(
        "/innovation/submit/",
        {
            "kind": "rationalisation",
            "title": "甲工会焊接夹具改进",
            "problem": "返工多",
            "solution": "加定位销",
            "expected_benefit": "150000",
            "files": [SimpleUploadedFile("图纸.txt", b"x")],
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/innovation/{proposal.pk}/"
    assert proposal.author == member_a
    assert [a.name for a in proposal.attachments.all()] == ["图纸.txt"]
    page = client.get(f"/innovation/{proposal.pk}/").content.decode()
    assert "甲工会焊接夹具改进" in page and "已提交" in page


def test_similar_hint_shown_then_difference_note_accepted(cast, login, member_a):
    _submit(cast, member_a, "焊接夹具快速定位改进")
    client = login(cast.member_user)
    hint = client.get("/innovation/submit/similar/", {"title": "焊接夹具定位改进"})
    assert "焊接夹具快速定位改进" in hint.content.decode()
    data = {"kind": "rationalisation", "title": "焊接夹具定位改进", "problem": "p", "solution": "s"}
    response = client.post("/innovation/submit/", data)
    assert response.status_code == 200
    assert "请说明您的建议有何不同" in response.content.decode()
    response = client.post("/innovation/submit/", data | {"difference_note": "用于薄板"})
    assert response.status_code == 302


def test_member_sees_only_own_proposals(cast, login, member_a):
    other = make_member(cast.union_a, "甲工会李强", employer=cast.employer_a)
    mine = _submit(cast, member_a, "我的建议一")
    theirs = _submit(cast, other, "别人的建议")
    client = login(cast.member_user)
    assert client.get(f"/innovation/{mine.pk}/").status_code == 200
    assert client.get(f"/innovation/{theirs.pk}/").status_code == 404
    page = client.get("/innovation/mine/").content.decode()
    assert "我的建议一" in page and "别人的建议" not in page
    assert client.get("/innovation/").status_code == 403


def test_chair_b_gets_404_on_union_a_proposal(cast, login, member_a):
    proposal = _submit(cast, member_a, "甲工会建议")
    client = login(cast.chair_b)
    assert client.get(f"/innovation/{proposal.pk}/").status_code == 404
    assert client.get(f"/innovation/{proposal.pk}/triage/").status_code == 404
    assert "甲工会" not in client.get("/innovation/").content.decode()


def test_staff_walks_triage_page(cast, login, member_a):
    proposal = _submit(cast, member_a, "甲工会建议")
    client = login(cast.staff_a)
    response = client.post(
        f"/innovation/{proposal.pk}/triage/", {"outcome": "triage", "department": "技术部"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.department) == ("triaged", "技术部")


def test_list_page_query_count_same_at_1_and_3_rows(cast, login, member_a):
    client = login(cast.chair_a)

    def count():
        client.get("/innovation/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/innovation/").status_code == 200
        return len(ctx.captured_queries)

    _submit(cast, member_a, "甲工会建议0")
    one = count()
    _submit(cast, member_a, "甲工会建议1")
    _submit(cast, member_a, "甲工会建议2")
    assert count() == one


def test_export_lists_proposals_in_scope(cast, login, member_a):
    _submit(cast, member_a, "甲工会导出建议")
    response = login(cast.chair_a).get("/innovation/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][2] == "甲工会导出建议"
    assert login(cast.chair_b).get("/innovation/export/").status_code == 200
    empty = load_workbook(io.BytesIO(login(cast.chair_b).get("/innovation/export/").content))
    assert empty.active.max_row == 1


def test_statistics_and_bands_pages(cast, login, member_a):
    _submit(cast, member_a, "甲工会建议")
    client = login(cast.chair_a)
    assert "工会排行" in client.get("/innovation/statistics/").content.decode()
    assert "奖励 ¥800–1,500" in client.get("/innovation/bands/").content.decode()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_route_opens_for_chair_a_and_404_for_chair_b(cast, login, name):
    from django.urls import reverse

    url = reverse(name, kwargs=SAMPLES[name](cast))
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.chair_a).get(url).status_code in (200, 302)


def test_api_submit_and_get(cast, login, member_a):
    client = login(cast.member_user)
    response = client.post(
        "/api/v1/innovation/proposals",
        {
            "kind": "five_smalls",
            "title": "甲工会工具架",
            "problem": "乱",
            "solution": "做架子",
            "expected_benefit": "500",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.get(f"/api/v1/innovation/proposals/{pk}").json()["title"] == "甲工会工具架"
    assert login(cast.chair_b).get(f"/api/v1/innovation/proposals/{pk}").status_code == 404
    stats = login(cast.chair_a).get("/api/v1/innovation/statistics").json()
    assert stats["submitted"] == 1
