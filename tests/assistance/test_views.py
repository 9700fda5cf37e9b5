import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.assistance import services
from gonghui.assistance.enums import FileStatus
from gonghui.assistance.models import HardshipFile
from gonghui.core.models import AuditEvent
from tests.conftest import MARKER_A, acting

from .helpers import TODAY, draft_file, make_member, set_dibao, to_state, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def dibao(cast):
    return set_dibao(cast, "1000")


def test_chair_opens_a_file_from_a_member_and_sees_the_arithmetic(cast, login, dibao):
    member = make_member(cast.union_a, "甲工会职工王芳")
    client = login(cast.chair_a)
    page = client.get(f"/assistance/files/new/?member={member.pk}")
    assert "甲工会职工王芳" in page.content.decode()
    response = client.post("/assistance/files/new/", {"query": member.card_number, "confirm": "1"})
    file = HardshipFile.objects.get(applicant=member)
    assert response["Location"] == f"/assistance/files/{file.pk}/"
    me = file.household.get()
    me.monthly_income = "2400"
    me.save()
    client.post(
        f"/assistance/files/{file.pk}/household/add/",
        {
            "name": "丈夫",
            "relationship": "spouse",
            "id_number": "110101198001010053",
            "health": "serious",
            "employment": "unable",
            "monthly_income": "0",
        },
    )
    client.post(
        f"/assistance/files/{file.pk}/rows/cost/add/",
        {"kind": "medical", "monthly_amount": "600", "description": "康复"},
    )
    body = client.get(f"/assistance/files/{file.pk}/").content.decode()
    assert "人均月收入 ¥900.00 = （¥2,400.00 − ¥600.00）÷ 2" in body
    assert "深度困难" in body
    assert "110101198001010053" not in body  # masked
    assert "1101**********0053" in body


def test_household_form_shows_id_errors(cast, login, dibao):
    file = draft_file(cast)
    response = login(cast.chair_a).post(
        f"/assistance/files/{file.pk}/household/add/",
        {
            "name": "某",
            "relationship": "child",
            "id_number": "110101198001010054",
            "health": "healthy",
            "employment": "student",
            "monthly_income": "0",
        },
    )
    assert response.status_code == 200
    assert "校验" in response.content.decode() or "校验码" in response.content.decode()


def test_chain_through_the_pages(cast, login, dibao):
    file = draft_file(cast)
    chair, reviewer, admin = login(cast.chair_a), login(cast.reviewer), login(cast.district_admin)
    chair.post(f"/assistance/files/{file.pk}/do/submit/")
    chair.post(
        f"/assistance/files/{file.pk}/visit/",
        {"visited_on": TODAY.isoformat(), "visitors": "陈静、孙磊", "findings": "属实"},
    )
    # the creator's role cannot review: 403
    assert chair.post(f"/assistance/files/{file.pk}/do/review/").status_code == 403
    reviewer.post(f"/assistance/files/{file.pk}/do/review/", {"reason": "同意"})
    reviewer.post(f"/assistance/files/{file.pk}/do/publish/")
    file.refresh_from_db()
    assert file.status == FileStatus.NOTICE
    notices = login(cast.chair_b).get("/assistance/notices/").content.decode()
    masked = file.applicant.name[0] + "*" * (len(file.applicant.name) - 1)
    assert masked in notices
    assert file.applicant.name not in notices
    response = admin.post(f"/assistance/files/{file.pk}/do/approve/", follow=True)
    assert "公示期" in response.content.decode()  # too early
    HardshipFile.objects.filter(pk=file.pk).update(notice_end=TODAY - datetime.timedelta(days=1))
    admin.post(f"/assistance/files/{file.pk}/do/approve/")
    file.refresh_from_db()
    assert file.status == FileStatus.FILED
    page = chair.get(f"/assistance/files/{file.pk}/").content.decode()
    for label in ("基层工会初审提交", "登记入户核查", "帮扶中心审核通过", "开始公示", "审批建档"):
        assert label in page


def test_public_notice_shows_no_income_or_health(cast, client, dibao):
    file = to_state(cast, draft_file(cast, income="1234.56"), "notice")
    body = client.get("/assistance/notices/").content.decode()
    assert file.org.name in body and "1234" not in body and "丈夫中风" not in body
    assert file.number not in body


def test_chair_b_sees_nothing_of_union_a(cast, login, dibao):
    file = to_state(cast, draft_file(cast), "filed")
    client = login(cast.chair_b)
    assert client.get(f"/assistance/files/{file.pk}/").status_code == 404
    assert client.get(f"/assistance/files/{file.pk}/pdf/").status_code == 404
    for url in (
        "/assistance/",
        "/assistance/caseload/",
        "/assistance/programmes/",
        "/assistance/spot-checks/",
        "/assistance/export.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert MARKER_A.encode() not in response.content
        assert file.number.encode() not in response.content


def test_file_list_query_count_is_flat(cast, login, dibao):
    client = login(cast.chair_a)
    draft_file(cast)
    client.get("/assistance/")
    with CaptureQueriesContext(connection) as one:
        client.get("/assistance/")
    draft_file(cast)
    draft_file(cast)
    with CaptureQueriesContext(connection) as three:
        body = client.get("/assistance/").content.decode()
    assert body.count("/assistance/files/") >= 3
    assert len(three) == len(one)


def test_caseload_query_count_is_flat(cast, login, dibao):
    client = login(cast.reviewer)
    to_state(cast, draft_file(cast), "visited")
    client.get("/assistance/caseload/")
    with CaptureQueriesContext(connection) as one:
        client.get("/assistance/caseload/")
    to_state(cast, draft_file(cast), "visited")
    to_state(cast, draft_file(cast), "submitted")
    with CaptureQueriesContext(connection) as three:
        client.get("/assistance/caseload/")
    assert len(three) == len(one)


def test_export_is_masked_unless_allowed_and_audited(cast, login, dibao):
    file = draft_file(cast)
    id_number = file.applicant.id_number
    chair = login(cast.chair_a)
    masked = chair.get("/assistance/export.xlsx")
    assert masked.status_code == 200
    assert chair.get("/assistance/export.xlsx?full=1").status_code == 403
    full = login(cast.reviewer).get("/assistance/export.xlsx?full=1")
    assert full.status_code == 200
    import io

    from python_calamine import CalamineWorkbook

    def cells(data):
        return [
            c
            for row in CalamineWorkbook.from_filelike(io.BytesIO(data))
            .get_sheet_by_index(0)
            .to_python()
            for c in row
        ]

    assert id_number not in cells(masked.content)
    assert id_number in cells(full.content)
    events = AuditEvent.unscoped.filter(action="assistance.file.export")
    assert sorted(e.extra["sensitive"] for e in events) == [False, True]


def test_file_pdf_has_the_arithmetic(cast, login, dibao):
    import io

    from pypdf import PdfReader

    file = draft_file(cast, income="2400", size=3)
    response = login(cast.chair_a).get(f"/assistance/files/{file.pk}/pdf/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "困难职工档案表" in text
    assert "人均月收入" in text


def test_reveal_is_audited(cast, login, dibao):
    file = draft_file(cast)
    person = file.household.get(relationship="self")
    response = login(cast.chair_a).post(
        f"/reveal/assistance.householdmember/{person.pk}/id_number/"
    )
    assert person.id_number in response.content.decode()
    assert AuditEvent.unscoped.filter(action="core.sensitive.reveal").count() == 1
    assert (
        login(cast.staff_a)
        .post(f"/reveal/assistance.householdmember/{person.pk}/id_number/")
        .status_code
        == 403
    )


def test_attachment_upload_and_download(cast, login, dibao):
    file = draft_file(cast)
    client = login(cast.chair_a)
    client.post(
        f"/assistance/files/{file.pk}/attachments/add/",
        {"kind": "medical", "upload": upload("病历.pdf")},
    )
    attachment = file.attachments.get(kind="medical")
    assert client.get(f"/assistance/attachments/{attachment.pk}/").status_code == 200
    assert login(cast.chair_b).get(f"/assistance/attachments/{attachment.pk}/").status_code == 404


def test_file_pdf_masks_every_amount_for_a_role_that_may_not_reveal(cast, login, dibao):
    """The printed form showed the household's costs in clear to every reader while its page
    masked them; amounts read grouped, as on the page (¥12,500.00, not 12500)."""
    import io

    from pypdf import PdfReader

    file = draft_file(cast, income="2400", size=1)
    with acting(cast.chair_a):
        services.add_cost(actor=cast.chair_a, file=file, kind="medical", monthly_amount="12500")
        services.add_income(actor=cast.chair_a, file=file, kind="pension", monthly_amount="1850.5")

    def pdf_text(user):
        response = login(user).get(f"/assistance/files/{file.pk}/pdf/")
        assert response.status_code == 200
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)

    masked = pdf_text(cast.staff_a)
    assert "12500" not in masked and "12,500" not in masked and "1850" not in masked
    assert "2400" not in masked and "2,400" not in masked
    full = pdf_text(cast.chair_a)
    assert "12,500.00" in full and "1,850.50" in full and "2,400.00" in full
    page = login(cast.chair_a).get(f"/assistance/files/{file.pk}/").content.decode()
    assert "¥12,500.00" in page and "¥1,850.50" in page
