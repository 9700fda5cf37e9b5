import datetime
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.honours import services
from gonghui.honours.models import Nomination, NominationStatus, Objection
from tests.captcha_helpers import post_solving_captcha
from tests.conftest import MARKER_A, acting

from .conftest import (
    add_scorecard,
    approve_and_publish,
    begin_review,
    make_member,
    make_round,
    nominate,
)

pytestmark = pytest.mark.django_db


def _to_notice(cast, round_, nomination, days_ago=1):
    with acting(cast.district_admin):
        begin_review(cast, round_)
        approve_and_publish(
            actor=cast.district_admin,
            nomination=nomination,
            start=datetime.date.today() - datetime.timedelta(days=days_ago),
        )


# --- scoping -----------------------------------------------------------------------------------


def test_chair_b_sees_nothing_of_union_a(cast, login, district_round, a_nomination):
    client = login(cast.chair_b)
    for url in (
        f"/honours/nominations/{a_nomination.pk}/",
        f"/honours/nominations/{a_nomination.pk}/withdraw/",
        f"/honours/history/member/{a_nomination.member_id}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.get(f"/honours/rounds/{district_round.pk}/")
    assert response.status_code == 200
    assert MARKER_A not in response.content.decode()
    # rankings and exports are for the organiser and the judges only
    assert client.get(f"/honours/rounds/{district_round.pk}/ranking/").status_code == 403
    assert client.get(f"/honours/rounds/{district_round.pk}/export.xlsx").status_code == 403
    assert client.get(f"/api/v1/honours/rounds/{district_round.pk}/ranking").status_code == 403
    api = client.get(f"/api/v1/honours/rounds/{district_round.pk}/nominations")
    assert api.status_code == 200 and api.json()["count"] == 0
    assert client.get(f"/api/v1/honours/nominations/{a_nomination.pk}").status_code == 404


def test_chair_b_cannot_see_round_organised_by_union_a(cast, login):
    round_ = make_round(cast.chair_a, cast.union_a, title=f"{MARKER_A}先进个人评选")
    assert login(cast.chair_b).get(f"/honours/rounds/{round_.pk}/").status_code == 404
    response = login(cast.chair_b).get("/honours/")
    assert MARKER_A not in response.content.decode()
    assert login(cast.chair_a).get(f"/honours/rounds/{round_.pk}/").status_code == 200


def test_chair_a_sees_own_nomination_and_district_round(cast, login, district_round, a_nomination):
    client = login(cast.chair_a)
    assert MARKER_A in client.get(f"/honours/rounds/{district_round.pk}/").content.decode()
    assert client.get(f"/honours/nominations/{a_nomination.pk}/").status_code == 200
    # but does not run the district's round
    assert client.get(f"/honours/rounds/{district_round.pk}/judges/").status_code == 403


def test_anonymous_redirected_from_staff_pages(client, cast, district_round):
    response = client.get(f"/honours/rounds/{district_round.pk}/")
    assert response.status_code == 302 and "/login" in response["Location"]


# --- public notice -----------------------------------------------------------------------------


def test_public_notice_shows_name_unit_deeds_only(client, cast, district_round, a_nomination):
    _to_notice(cast, district_round, a_nomination)
    member = a_nomination.member
    response = client.get(f"/honours/notice/{district_round.public_key}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert member.name in page and a_nomination.unit_name in page
    assert "焊接工艺改进" in page
    for secret in (
        member.id_number,
        member.id_number[-6:],
        member.phone,
        member.phone[-4:],
        member.card_number,
        a_nomination.org.name,
    ):
        assert secret not in page
    index = client.get("/honours/notice/").content.decode()
    assert district_round.title in index


def test_public_notice_hides_nominations_not_in_notice(client, cast, district_round, a_nomination):
    page = client.get(f"/honours/notice/{district_round.public_key}/").content.decode()
    assert a_nomination.nominee_name not in page


def test_objection_form_records_and_is_rate_limited(
    client, cast, district_round, a_nomination, settings
):
    cache.clear()
    _to_notice(cast, district_round, a_nomination)
    url = f"/honours/notice/{district_round.public_key}/"
    data = {
        "nomination": a_nomination.pk,
        "text": "该同志的事迹材料存在夸大，请核实。",
        "contact_phone": "13912345678",
    }
    # After the first objections the form asks for a captcha (issue 12, finding 6): answer it.
    for _ in range(5):
        assert "异议已提交" in post_solving_captcha(client, url, data).content.decode()
    response = post_solving_captcha(client, url, data)
    refused = response.content.decode()
    assert response.status_code == 429
    assert "提交过于频繁" in refused and "公示异议每小时提交上限" in refused
    assert Objection.unscoped.count() == 5
    # the contact phone is encrypted at rest
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM honours_objection")
        raw = cursor.fetchone()[0]
    assert raw and "13912345678" not in raw
    cache.clear()


def test_answer_objection_from_page_then_award_and_certificate(
    cast, login, district_round, a_nomination
):
    from pypdf import PdfReader

    _to_notice(cast, district_round, a_nomination, days_ago=30)
    a_nomination.refresh_from_db()
    Objection.unscoped.create(nomination=a_nomination, org=a_nomination.org, text="异议内容测试")
    admin = login(cast.district_admin)
    assert (
        "尚有 1 条异议未答复"
        in admin.get(f"/honours/nominations/{a_nomination.pk}/").content.decode()
    )
    refused = admin.post(f"/honours/nominations/{a_nomination.pk}/award/", {"reason": ""})
    assert "异议未答复" in refused.content.decode()
    o = Objection.unscoped.get()
    admin.post(
        f"/honours/objections/{o.pk}/answer/", {"outcome": "rejected", "answer": "经核实异议不成立"}
    )
    response = admin.post(f"/honours/nominations/{a_nomination.pk}/award/", {"reason": ""})
    assert response.status_code == 302
    a_nomination.refresh_from_db()
    assert a_nomination.status == NominationStatus.AWARDED
    pdf = admin.get(f"/honours/nominations/{a_nomination.pk}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "荣誉证书" in compact
    assert a_nomination.nominee_name in compact
    assert "五一劳动奖章" in compact
    assert a_nomination.certificate_no in compact
    history = login(cast.chair_a).get(f"/honours/history/member/{a_nomination.member_id}/")
    assert a_nomination.certificate_no in history.content.decode()
    unit = login(cast.chair_a).get(f"/honours/history/employer/{cast.employer_a.pk}/")
    assert a_nomination.certificate_no in unit.content.decode()


# --- forms -------------------------------------------------------------------------------------


def test_nominate_through_form_with_live_quota_panel(cast, login, district_round):
    member = make_member(cast.union_a, f"{MARKER_A}孙七", cast.employer_a)
    client = login(cast.chair_a)
    url = f"/honours/rounds/{district_round.pk}/nominate/"
    page = client.get(url).content.decode()
    assert "名额结构" in page and "hx-post" in page  # typed values stay out of URLs
    preview = client.post(
        f"/honours/rounds/{district_round.pk}/quota/",
        {"is_frontline": "on", "member_key": "123456"},
        HTTP_HX_REQUEST="true",
    )
    assert "一线职工 100%（要求 ≥ 35%）✔" in preview.content.decode()
    preview = client.get(f"/honours/rounds/{district_round.pk}/quota/")
    assert "一线职工 0%（要求 ≥ 35%）✘" in preview.content.decode()
    response = client.post(
        url,
        {
            "org": cast.union_a.pk,
            "member_name": member.name,
            "member_key": member.id_number[-6:],
            "is_frontline": "on",
            "deeds": "技术革新成绩突出",
        },
    )
    nomination = Nomination.unscoped.get()
    assert response.status_code == 302
    assert (nomination.member, nomination.is_frontline, nomination.unit_name) == (
        member,
        True,
        cast.employer_a.name,
    )


def test_document_upload_and_scoped_download(cast, login, district_round, a_nomination):
    client = login(cast.chair_a)
    upload = SimpleUploadedFile("推荐表.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        f"/honours/nominations/{a_nomination.pk}/documents/add/",
        {"title": "推荐审批表", "file": upload},
    )
    assert response.status_code == 302
    doc = a_nomination.documents.get()
    assert client.get(f"/honours/documents/{doc.pk}/").status_code == 200
    assert login(cast.chair_b).get(f"/honours/documents/{doc.pk}/").status_code == 404


def test_district_export_lists_ranked_nominations(cast, login, district_round, a_nomination):
    from python_calamine import CalamineWorkbook

    export = login(cast.district_admin).get(f"/honours/rounds/{district_round.pk}/export.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[1][:4] == ["名次", "被推荐对象", "所在单位", "推荐工会"]
    assert rows[2][1:4] == [a_nomination.nominee_name, cast.employer_a.name, cast.union_a.name]
    assert len(rows) == 3


def test_judge_scores_and_recuses_through_pages(cast, login, district_round, a_nomination):
    criteria = add_scorecard(cast.district_admin, district_round)
    with acting(cast.district_admin):
        services.add_judge(actor=cast.district_admin, round_=district_round, user=cast.reviewer)
        begin_review(cast, district_round)
    client = login(cast.reviewer)
    response = client.post(
        f"/honours/nominations/{a_nomination.pk}/score/",
        {f"c{criteria[0].id}": "90", f"c{criteria[1].id}": "80"},
    )
    assert response.status_code == 302
    assert a_nomination.scores.count() == 2
    ranking = client.get(f"/honours/rounds/{district_round.pk}/ranking/").content.decode()
    assert "86.00" in ranking
    client.post(f"/honours/nominations/{a_nomination.pk}/recuse/", {"reason": "曾为同事"})
    ranking = client.get(f"/honours/rounds/{district_round.pk}/ranking/").content.decode()
    assert "86.00" not in ranking


def test_round_create_page(cast, login):
    from .conftest import default_award_type

    pioneer = default_award_type(cast.district_admin, cast.district, "worker_pioneer")
    client = login(cast.district_admin)
    response = client.post(
        "/honours/rounds/new/",
        {
            "year": 2026,
            "award_type": pioneer.pk,
            "title": "工人先锋号评选",
            "quota": 5,
            "nomination_deadline": "2026-12-01",
        },
    )
    assert response.status_code == 302


def test_team_nomination_by_name_with_reference(cast, district_round):
    round_ = make_round(
        cast.district_admin, cast.district, award_type="worker_pioneer", title="工人先锋号"
    )
    with acting(cast.chair_a):
        n = services.submit_nomination(
            actor=cast.chair_a,
            round_=round_,
            org=cast.union_a,
            employer=cast.employer_a,
            nominee_name="数控班组",
            reference="2026 节能竞赛第一名",
            deeds="班组事迹",
        )
    assert (n.kind, n.nominee_name, n.unit_name, n.is_frontline) == (
        "team",
        "数控班组",
        cast.employer_a.name,
        False,
    )


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/honours/", "round", "ranking"])
def test_list_pages_query_count_is_flat(cast, login, path):
    client = login(cast.district_admin)

    def counts(n_rows):
        rounds = [
            make_round(cast.district_admin, cast.district, title=f"轮{n_rows}-{i}")
            for i in range(n_rows)
        ]
        target = rounds[0]
        add_scorecard(cast.district_admin, target)
        for i in range(n_rows):
            nominate(
                cast.chair_a,
                target,
                cast.union_a,
                make_member(cast.union_a, f"人{n_rows}{i}", cast.employer_a),
                frontline=True,
            )
        url = {
            "round": f"/honours/rounds/{target.pk}/",
            "ranking": f"/honours/rounds/{target.pk}/ranking/",
        }.get(path, path)
        # steady state: the first request after a login or a role-stamp bump reads the user's
        # role assignments (then cached), which is not what the page's count is about
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = counts(1)
    three = counts(3)
    assert three == one


def test_nominating_union_sees_neither_scores_nor_objector(
    cast, login, district_round, a_nomination
):
    criteria = add_scorecard(cast.district_admin, district_round)
    with acting(cast.district_admin):
        services.add_judge(actor=cast.district_admin, round_=district_round, user=cast.reviewer)
        begin_review(cast, district_round)
    with acting(cast.reviewer):
        services.record_scores(
            actor=cast.reviewer, nomination=a_nomination, values={c.id: 77 for c in criteria}
        )
    a_nomination.refresh_from_db()
    Objection.unscoped.create(
        nomination=a_nomination, org=a_nomination.org, text="异议内容", contact_name="举报人老李"
    )
    union_page = login(cast.chair_a).get(f"/honours/nominations/{a_nomination.pk}/")
    page = union_page.content.decode()
    assert "77.00" not in page and "举报人老李" not in page and "异议内容" in page
    district_page = login(cast.district_admin).get(f"/honours/nominations/{a_nomination.pk}/")
    assert "77.00" in district_page.content.decode()
    assert "举报人老李" in district_page.content.decode()


def test_member_sees_own_honours_and_prints_own_certificate(cast, login, district_round):
    member = make_member(cast.union_a, "甲会员本人", cast.employer_a)
    member.user = cast.member_user
    member.save()
    other = make_member(cast.union_a, "甲工会他人", cast.employer_a)
    mine = nominate(cast.chair_a, district_round, cast.union_a, member, frontline=True)
    theirs = nominate(cast.chair_a, district_round, cast.union_a, other, frontline=True)
    with acting(cast.district_admin):
        begin_review(cast, district_round)
        for n in (mine, theirs):
            approve_and_publish(
                actor=cast.district_admin,
                nomination=n,
                start=datetime.date.today() - datetime.timedelta(days=30),
            )
            services.award(actor=cast.district_admin, nomination=n)
    client = login(cast.member_user)
    page = client.get("/honours/mine/").content.decode()
    assert district_round.title in page and "下载荣誉证书" in page
    assert client.get(f"/honours/nominations/{mine.pk}/certificate.pdf").status_code == 200
    assert client.get(f"/honours/nominations/{theirs.pk}/certificate.pdf").status_code == 404
    assert client.get(f"/honours/nominations/{mine.pk}/").status_code == 403


def test_judge_task_counts_unscored(cast, district_round, a_nomination):
    from gonghui.honours import selectors

    criteria = add_scorecard(cast.district_admin, district_round)
    with acting(cast.district_admin):
        services.add_judge(actor=cast.district_admin, round_=district_round, user=cast.reviewer)
        begin_review(cast, district_round)
    with acting(cast.reviewer):
        assert selectors.awaiting_my_scores(cast.reviewer).count() == 1
        services.record_scores(
            actor=cast.reviewer, nomination=a_nomination, values={c.id: 80 for c in criteria}
        )
        assert selectors.awaiting_my_scores(cast.reviewer).count() == 0


def test_home_page_shows_honours_figures_and_tasks(cast, login, district_round, a_nomination):
    assert "公示中的荣誉推荐" in login(cast.district_admin).get("/").content.decode()
    assert login(cast.member_user).get("/").status_code == 200


# --- where a round stands ----------------------------------------------------------------------


def _stage_on_pages(client, round_):
    from django.urls import reverse

    listed = client.get(reverse("honours:rounds")).content.decode()
    shown = client.get(reverse("honours:round", args=[round_.pk])).content.decode()
    return listed, shown


def test_round_stage_on_list_and_page(cast, login, district_round, a_nomination):
    """The list says where each round stands (推荐中 → 评审中 → 公示中 → 已结束), and the stage is
    the round's: a union with no nomination in notice sees 公示中 too."""
    from gonghui.honours.models import AwardRound

    district, chair_b = login(cast.district_admin), login(cast.chair_b)
    for client in (district, chair_b):
        for page in _stage_on_pages(client, district_round):
            assert 'round-stage">推荐中<' in page
    _to_notice(cast, district_round, a_nomination)
    AwardRound.unscoped.filter(pk=district_round.pk).update(
        nomination_deadline=datetime.date.today() - datetime.timedelta(days=1)
    )
    for client in (district, chair_b):
        for page in _stage_on_pages(client, district_round):
            assert 'round-stage">公示中<' in page
    Nomination.unscoped.filter(pk=a_nomination.pk).update(status=NominationStatus.UNDER_REVIEW)
    for page in _stage_on_pages(district, district_round):
        assert 'round-stage">评审中<' in page
    AwardRound.unscoped.filter(pk=district_round.pk).update(is_closed=True)
    for page in _stage_on_pages(district, district_round):
        assert 'round-stage">已结束<' in page


def test_round_list_stage_costs_no_query_a_row(cast, login):
    from django.urls import reverse

    client = login(cast.district_admin)
    make_round(cast.district_admin, cast.district, title="一")
    client.get(reverse("honours:rounds"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("honours:rounds"))
    for title in ("二", "三", "四"):
        make_round(cast.district_admin, cast.district, title=title)
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("honours:rounds"))
    assert len(four) == len(one)


def test_round_header_reads_in_each_language(cast, login, district_round):
    """The round's header line: the year, the organising body and the rules' note read as the
    language writes them (it read "2026 Year" and "Organising body：…" in English)."""
    from django.urls import reverse

    client = login(cast.district_admin)
    url = reverse("honours:round", args=[district_round.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{district_round.year} Year" not in english
    assert f"Organising body: {cast.district.name}" in english
    assert "created:M" not in english and "created: " in english
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"{district_round.year} 年度" in chinese and f"组织单位：{cast.district.name}" in chinese
