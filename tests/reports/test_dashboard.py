import datetime
import io

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.members.models import Member
from gonghui.reports import services
from gonghui.reports.figures import figures_for
from gonghui.reports.models import OrgRollup

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _member(org, n, status="active", form="regular", gender="M", joined=None):
    from gonghui.core.text.idnumbers import make_id_number

    return Member.unscoped.create(
        org=org,
        name=f"甲工会会员{n}",
        gender=gender,
        birth_date=datetime.date(1990, 1, 1),
        id_number=make_id_number("110105", datetime.date(1990, 1, 1), n),
        phone="",
        join_date=joined or datetime.date(2020, 1, 1),
        card_number=f"C{n}",
        status=status,
        employment_form=form,
    )


@pytest.fixture
def district(cast):
    # employer_a: 300 workers (union A), employer_b: 120 workers (union B);
    # plus a 10-worker shop without a union under the street
    from gonghui.orgs.models import Employer
    from tests.conftest import _ck

    Employer.unscoped.create(
        org=cast.street,
        name="小店",
        credit_code="91320102MA1000003" + _ck("91320102MA1000003"),
        industry="retail",
        ownership="private",
        headcount=10,
    )
    for n in range(1, 4):
        _member(cast.union_a, n)
    _member(cast.group_a, 4, form="new_form", joined=TODAY)
    _member(cast.union_a, 5, status="retired")
    _member(cast.union_b, 6, gender="F")
    services.recompute_all()
    return cast


def test_rollup_adds_up_subtrees(district):
    a = OrgRollup.unscoped.get(org=district.union_a)
    street = OrgRollup.unscoped.get(org=district.street)
    assert a.members == 5  # 4 active + 1 retired keep membership
    assert a.by_status == {"active": 4, "retired": 1}
    assert street.by_status == {"active": 5, "retired": 1}
    assert (street.employers, street.unionised_employers, street.workers) == (3, 2, 430)
    assert street.workers_in_unionised == 420
    assert (street.large_employers, street.unionised_large_employers) == (2, 2)
    assert OrgRollup.unscoped.get(org=district.district).by_gender == {"M": 5, "F": 1}


def test_rates_with_denominators(district):
    street = figures_for([district.street], "all", "all")[0]
    assert (street.members, street.workers) == (6, 430)
    assert str(street.membership_rate) == "1.4"
    assert str(street.unionisation_rate) == "66.7"
    street = figures_for([district.street], "unionised", "large")[0]
    assert street.workers == 420 and str(street.unionisation_rate) == "100.0"
    assert street.new_form_this_quarter == 1


def test_dashboard_drills_down_and_exports(district, login):
    client = login(district.district_admin)
    page = client.get("/reports/").content.decode()
    assert "测试街道工会" in page and "入会率" in page
    page = client.get("/reports/S1/?m=unionised").content.decode()
    assert "甲工会" in page and "已建工会单位的职工人数" in page
    response = client.get("/reports/S1/export.xlsx")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[4][0] == "测试街道工会" and rows[4][1] == 6
    assert rows[1][0].endswith(
        "数据截至 "
        + timezone.localtime(OrgRollup.unscoped.get(org=district.street).computed_at).strftime(
            "%Y-%m-%d %H:%M"
        )
    )


def test_chair_b_sees_only_own_union(district, login):
    client = login(district.chair_b)
    page = client.get("/reports/").content.decode()
    assert "甲工会" not in page
    assert client.get("/reports/A/").status_code == 404


def test_dashboard_query_count_is_bounded(district, login, django_assert_max_num_queries):
    client = login(district.district_admin)
    client.get("/reports/S1/")
    with django_assert_max_num_queries(20):
        client.get("/reports/S1/")


def test_recompute_returns_to_a_page_of_this_site_only(cast, login):
    client = login(cast.district_admin)
    back = client.post("/reports/refresh/", {"next": "/reports/org/D/"})
    assert back.status_code == 302 and back["Location"] == "/reports/org/D/"
    for elsewhere in ("https://evil.example/", "//evil.example/x"):
        away = client.post("/reports/refresh/", {"next": elsewhere})
        assert away.status_code == 302 and away["Location"] == "/reports/"
