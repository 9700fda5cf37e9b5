"""The district report page: each indicator with its figure, five-year trend and per-street
values; lists to act on; a printable PDF with titled, labelled charts."""

import datetime
import io

import pytest
from pypdf import PdfReader

from gonghui.core.text.idnumbers import make_id_number
from gonghui.members.models import Member
from gonghui.reports import district
from gonghui.reports.services import recompute_all
from tests.conftest import acting

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1


@pytest.fixture
def data(cast):
    for n, joined in enumerate([YEAR - 2, YEAR, YEAR], start=1):
        Member.unscoped.create(
            org=cast.union_a,
            name=f"甲工会会员{n}",
            gender="F",
            birth_date=datetime.date(1990, 1, 1),
            id_number=make_id_number("110105", datetime.date(1990, 1, 1), n),
            join_date=datetime.date(joined, 3, 1),
            card_number=f"D{n}",
            employment_form="regular",
        )
    recompute_all()
    return cast


def test_indicators_trend_and_streets(data):
    with acting(data.district_admin):
        result = district.report(data.district, YEAR)
    members = result["indicators"][0]
    assert members.years == list(range(YEAR - 4, YEAR + 1))
    assert members.trend == [[0, 0, 1, 1, 3]]
    assert [(o.code, v) for o, v in members.children] == [("S1", [3]), ("S2", [0])]
    # employer A (300) and B (120) held no congress in the year
    assert [e.headcount for e in result["congress_missing"]] == [300, 120]


def test_page_and_pdf(data, login):
    client = login(data.district_admin)
    page = client.get(f"/reports/district/?year={YEAR}").content.decode()
    assert (
        'id="ind-members"' in page
        and '年末会员：会员 <strong id="now-members-0">3</strong>' in page
    )
    assert "测试街道工会" in page
    response = client.get(f"/reports/district/D/report.pdf?year={YEAR}")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert f"{YEAR} 年工会工作报告" in text
    assert "图：年末会员 · 会员（近五年）" in text
    assert "测试街道工会" in text


def test_union_b_cannot_open_union_a(data, login):
    client = login(data.chair_b)
    assert client.get(f"/reports/district/A/?year={YEAR}").status_code == 404
    assert client.get(f"/reports/district/A/report.pdf?year={YEAR}").status_code == 404
