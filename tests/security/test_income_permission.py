"""#12.4: household incomes need the reveal permission everywhere: the file page (members,
other incomes, the arithmetic with its totals), the file PDF and the API. ``union_staff``
(staff_a) has no reveal permission; chair_a has."""

import pytest

from gonghui.assistance import services
from tests.assistance.helpers import draft_file, set_dibao
from tests.conftest import acting


@pytest.fixture
def file(cast):
    set_dibao(cast)
    file = draft_file(cast, income="1234.56", size=2)
    with acting(cast.chair_a):
        services.add_income(actor=cast.chair_a, file=file, kind="rent", monthly_amount="777.77")
    file.refresh_from_db()
    return file


SECRETS = ("1,234.56", "1234.56", "777.77", "2,012.33", "1,006.17")


def test_union_staff_sees_no_income_on_the_file_page(cast, login, file):
    page = login(cast.staff_a).get(f"/assistance/files/{file.pk}/").content.decode()
    assert [s for s in SECRETS if s in page] == []
    assert "收入金额与认定过程仅限有查看敏感信息权限的人员查看" in page
    chair = login(cast.chair_a).get(f"/assistance/files/{file.pk}/").content.decode()
    assert "¥1,234.56" in chair and "¥777.77" in chair


def test_union_staff_gets_no_income_in_the_pdf(cast, login, file):
    import io

    from pypdf import PdfReader

    response = login(cast.staff_a).get(f"/assistance/files/{file.pk}/pdf/")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "收入金额与认定过程仅限有查看敏感信息权限的人员查看" in text
    assert [s for s in SECRETS if s in text] == []


def test_union_staff_gets_no_income_from_the_api(cast, login, file):
    body = login(cast.staff_a).get(f"/api/v1/assistance/files/{file.pk}").json()
    assert body["eligibility_steps"] == []
    chair = login(cast.chair_a).get(f"/api/v1/assistance/files/{file.pk}").json()
    assert any("¥1,234.56" in step for step in chair["eligibility_steps"])
