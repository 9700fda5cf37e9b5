"""Every page of the module renders for the people who use it; chair_b sees nothing of A."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.rights.enums import Category
from tests.conftest import MARKER_A

from .helpers import file_request
from .samples import API_SAMPLES, SAMPLES

pytestmark = pytest.mark.django_db

LISTS = [
    "rights:queue",
    "rights:staff_new",
    "rights:dashboard",
    "rights:mine",
    "rights:mine_new",
    "rights:cases",
    "rights:case_new",
    "rights:homes",
    "rights:training",
    "rights:course_new",
    "rights:export",
]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_object_pages_render_for_chair_a_and_404_for_chair_b(cast, login, name):
    url = reverse(name, kwargs=SAMPLES[name](cast))
    response = login(cast.chair_a).get(url, follow=True)
    assert response.status_code == 200, url
    other = login(cast.chair_b).get(url)
    assert other.status_code == 404, url
    assert MARKER_A not in other.content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_render_for_chair_a(cast, login, name):
    # Officials' training moved to the learning record (life): its old addresses redirect there.
    file_request(cast)
    assert login(cast.chair_a).get(reverse(name), follow=True).status_code == 200


@pytest.mark.parametrize("path", sorted(API_SAMPLES))
def test_api_objects_hidden_from_chair_b(cast, login, path):
    url = path.format(**API_SAMPLES[path](cast))
    client = login(cast.chair_b)
    response = (
        client.post(url, {}, content_type="application/json")
        if url.endswith(("answer", "rating"))
        else client.get(url)
    )
    assert response.status_code in (404, 422), url
    assert MARKER_A not in response.content.decode()


def test_district_pages(cast, login):
    file_request(cast, category=Category.SAFETY)
    client = login(cast.district_admin)
    for name in ["rights:urgent", "rights:home_criteria", "rights:dashboard"]:
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("rights:dashboard") + "?org=A").content.decode()
    assert "echart" in page


def test_public_pages_need_no_login(client, cast):
    assert client.get(reverse("rights:public_new")).status_code == 200
    assert (
        client.post(reverse("rights:public_track"), {"code": "AAAA-BBBB-CCCC"}).status_code == 200
    )
    assert client.get(reverse("rights:queue")).status_code == 302


def test_public_intake_then_track_and_rate(client, cast):
    response = client.post(
        reverse("rights:public_new"),
        {
            "category": "wages",
            "title": "欠薪",
            "description": "两个月未发",
            "employer_name": "某工地",
            "credit_code": cast.employer_b.credit_code,
            "affected_workers": 2,
            "contact_name": "王五",
            "contact_phone": "13700001111",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    code = response.context["code"]
    req = response.context["req"]
    assert req.org == cast.union_b
    page = client.post(reverse("rights:public_track"), {"code": code}).content.decode()
    assert "待受理" in page


def test_handler_queue_query_count_is_bounded(cast, login, django_assert_max_num_queries):
    client = login(cast.chair_a)
    file_request(cast)
    # steady state: the first request after a login or a role-stamp bump reads the user's
    # role assignments (then cached), which is not what the page's count is about
    client.get(reverse("rights:queue"))
    with django_assert_max_num_queries(14) as one:
        client.get(reverse("rights:queue"))
    file_request(cast)
    file_request(cast)
    client.get(reverse("rights:queue"))
    with django_assert_max_num_queries(14) as three:
        client.get(reverse("rights:queue"))
    assert len(one.captured_queries) == len(three.captured_queries)


def test_queue_highlights_overdue(cast, login):
    file_request(cast, now=timezone.now() - timezone.timedelta(days=30))
    page = login(cast.chair_a).get(reverse("rights:queue")).content.decode()
    assert "table-danger" in page and "逾期" in page


def test_export_is_an_xlsx_of_the_scope(cast, login):
    file_request(cast)
    response = login(cast.chair_a).get(reverse("rights:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from python_calamine import CalamineWorkbook

    rows = (
        CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][0] == "编号" and rows[1][3] == f"{MARKER_A}拖欠工资"
    assert login(cast.chair_b).get(reverse("rights:export")).status_code == 200


def test_public_worker_rates_by_tracking_code(client, cast):
    from gonghui.rights import services
    from tests.conftest import acting

    req, code = services.submit_request(
        actor=None,
        category="safety",
        title="安全隐患",
        description="消防通道堵塞",
        street=cast.street,
        anonymous=True,
    )
    with acting(cast.street_admin):
        services.assign_request(actor=cast.street_admin, request=req, handler=cast.street_admin)
        services.answer_request(actor=cast.street_admin, request=req, text="已责令整改")
    url = reverse("rights:public_track")
    page = client.post(url, {"code": code}).content.decode()
    assert "已责令整改" in page and "rate-submit" in page
    client.post(url, {"code": code, "step": "rate", "score": "2", "comment": "整改不彻底"})
    req.refresh_from_db()
    assert (req.rating, req.status) == (2, "closed")
    client.post(url, {"code": code, "step": "reopen", "reason": "通道又被堵上"})
    req.refresh_from_db()
    assert (req.status, req.reopen_count) == ("in_progress", 1)


def test_dashboard_for_a_subtree_counts_on_time_and_satisfaction(cast, login):
    import datetime

    from gonghui.rights import selectors, services
    from tests.conftest import acting

    from .helpers import aware

    req, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))
    late, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))
    with acting(cast.chair_a):
        for r, day in [(req, 12), (late, 20)]:
            services.assign_request(actor=cast.chair_a, request=r, handler=cast.chair_a)
            services.answer_request(
                actor=cast.chair_a, request=r, text="答复", now=aware(datetime.date(2026, 10, day))
            )
    with acting(cast.member_user):
        services.rate_request(actor=cast.member_user, request=req, score=5)
        services.rate_request(actor=cast.member_user, request=late, score=2)
    with acting(cast.street_admin):
        stats = selectors.dashboard(cast.street, 2026)
        children = {c["org"].code: c for c in selectors.dashboard_by_child(cast.street, 2026)}
    assert (stats["total"], stats["answered"], stats["on_time"]) == (2, 2, 1)
    assert (stats["on_time_rate"], stats["avg_rating"], stats["satisfaction_rate"]) == (
        50.0,
        3.5,
        50.0,
    )
    assert children["A"]["total"] == 2 and children["B"]["total"] == 0
    page = login(cast.street_admin).get(reverse("rights:dashboard") + "?year=2026")
    assert "50.0%" in page.content.decode()


def test_staff_enters_hotline_call_and_transfers_it(cast, login):
    from gonghui.rights.models import WorkerRequest

    client = login(cast.chair_a)
    response = client.post(
        reverse("rights:staff_new"),
        {
            "channel": "hotline",
            "category": "dismissal",
            "title": f"{MARKER_A}违法解除",
            "description": "未提前通知即解除合同",
            "employer": cast.employer_a.pk,
            "affected_workers": 1,
            "contact_name": "赵六",
            "contact_phone": "13500001111",
        },
    )
    req = WorkerRequest.unscoped.get(title=f"{MARKER_A}违法解除")
    assert response.status_code == 302 and req.entered_by == cast.chair_a
    page = client.get(reverse("rights:detail", kwargs={"pk": req.pk})).content.decode()
    assert "135****1111" in page and "13500001111" not in page
    client.post(
        reverse("rights:transfer", kwargs={"pk": req.pk}),
        {"to_org": "B", "reason": "实际用人单位为乙公司"},
    )
    req.refresh_from_db()
    assert req.org == cast.union_b
    assert client.get(reverse("rights:detail", kwargs={"pk": req.pk})).status_code == 404
    assert (
        login(cast.chair_b).get(reverse("rights:detail", kwargs={"pk": req.pk})).status_code == 200
    )
