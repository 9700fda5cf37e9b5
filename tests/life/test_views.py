import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gonghui.life.services import activities, surveys
from tests.conftest import MARKER_A, acting
from tests.life.factories import link_member, make_activity, make_member, make_notice, make_survey

pytestmark = pytest.mark.django_db


def _same_queries_at_1_and_3(client, url, make):
    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    make(0)
    one = count()
    make(1)
    make(2)
    assert count() == one


def test_notice_list_query_count(cast, login):
    _same_queries_at_1_and_3(
        login(cast.chair_a),
        "/life/",
        lambda i: make_notice(cast.street_admin, cast.street, title=f"通知{i}"),
    )


def test_activity_list_query_count(cast, login):
    _same_queries_at_1_and_3(
        login(cast.chair_a),
        "/life/activities/",
        lambda i: make_activity(cast.chair_a, cast.union_a, title=f"活动{i}"),
    )


def test_survey_list_query_count(cast, login):
    _same_queries_at_1_and_3(
        login(cast.chair_a),
        "/life/surveys/",
        lambda i: make_survey(cast.chair_a, cast.union_a, title=f"问卷{i}"),
    )


def test_member_home_query_count(cast, login):
    link_member(cast.member_user, cast.union_a, "甲会员")

    def make(i):
        make_notice(cast.street_admin, cast.street, title=f"通知{i}")
        make_activity(cast.chair_a, cast.union_a, title=f"活动{i}")
        make_survey(cast.chair_a, cast.union_a, title=f"问卷{i}")

    _same_queries_at_1_and_3(login(cast.member_user), "/life/me/", make)


def test_draft_notice_through_the_page_sanitises_body(cast, login):
    response = login(cast.district_admin).post(
        "/life/notices/new/",
        {"title": "通知", "body": '<p>好</p><img src=x onerror="alert(1)">', "reach": "chosen",
         "targets": [cast.street.pk], "audience": "all", "response": "none"},
    )  # fmt: skip
    assert response.status_code == 302
    from gonghui.life.models import Notice

    assert Notice.unscoped.get().body == "<p>好</p>"


def test_sibling_union_cannot_see_the_notice_page(cast, login):
    n = make_notice(cast.chair_a, cast.union_a)
    assert login(cast.chair_b).get(f"/life/notices/{n.pk}/").status_code == 404
    assert MARKER_A not in login(cast.chair_b).get("/life/").content.decode()


def test_export_writes_formulas_as_text(cast, login):
    activity = make_activity(cast.chair_a, cast.union_a)
    m = make_member(cast.union_a, '=HYPERLINK("http://x")')
    with acting(m.user):
        activities.sign_up(actor=m.user, activity=activity)
    response = login(cast.chair_a).get(f"/life/activities/{activity.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [c.value for c in sheet[2]]
    assert row[:5] == [
        1,
        '=HYPERLINK("http://x")',
        m.card_number,
        f"{MARKER_A}（甲公司工会）",
        "已报名",
    ]
    assert sheet["B2"].data_type == "s"


def test_survey_results_hidden_from_unions_it_was_sent_down_to(cast, login):
    survey = make_survey(cast.street_admin, cast.street, title="街道问卷")
    m = make_member(cast.union_a, "甲")
    qs = list(survey.questions.all())
    with acting(m.user):
        surveys.answer_survey(
            actor=m.user, survey=survey, answers={qs[0].pk: ["0"], qs[1].pk: ["0"], qs[2].pk: ["3"]}
        )
    page = login(cast.chair_a).get(f"/life/surveys/{survey.pk}/")
    assert page.status_code == 200 and 'id="results"' not in page.content.decode()
    assert login(cast.chair_a).get(f"/life/surveys/{survey.pk}/export.xlsx").status_code == 403
    assert (
        'id="results"'
        in login(cast.street_admin).get(f"/life/surveys/{survey.pk}/").content.decode()
    )
