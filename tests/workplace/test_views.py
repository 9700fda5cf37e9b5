"""Pages: worker isolation, the question form, staff pages, PDFs, Excel, query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gonghui.workplace.models import ContractStatus, DisclosureQuestion
from tests.workplace import samples

pytestmark = pytest.mark.django_db


def test_worker_reads_own_disclosure_and_asks(cast, workers, login):
    d = samples._disclosure(cast)
    client = login(workers.user_a)
    page = client.get(reverse("workplace:my_home"))
    assert page.status_code == 200 and "甲工会奖金分配方案" in page.content.decode()
    url = reverse("workplace:my_disclosure", args=[d.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "objection", "text": "系数不合理"})
    assert response.status_code == 302
    q = DisclosureQuestion.unscoped.get()
    assert (q.member, q.kind, q.disclosure) == (workers.a, "objection", d)
    assert q.due_on >= timezone.localdate() + datetime.timedelta(days=30)


def test_worker_of_other_employer_gets_404_on_disclosure(cast, workers, login):
    d = samples._disclosure(cast)
    for user in (workers.user_a2, workers.user_b):
        client = login(user)
        response = client.get(reverse("workplace:my_disclosure", args=[d.pk]))
        assert response.status_code == 404
        assert "甲工会奖金" not in client.get(reverse("workplace:my_home")).content.decode()
        assert (
            client.post(
                reverse("workplace:my_disclosure", args=[d.pk]), {"kind": "question", "text": "x"}
            ).status_code
            == 404
        )
    assert not DisclosureQuestion.unscoped.exists()


def test_worker_of_other_employer_gets_404_on_contract_and_attachment(cast, workers, login):
    contract = samples._contract(cast)
    attachment = samples._attachment(cast)
    assert (
        login(workers.user_a).get(reverse("workplace:my_contract", args=[contract.pk])).status_code
        == 200
    )
    assert (
        login(workers.user_a).get(reverse("workplace:attachment", args=[attachment.pk])).status_code
        == 200
    )
    for user in (workers.user_a2, workers.user_b):
        client = login(user)
        assert client.get(reverse("workplace:my_contract", args=[contract.pk])).status_code == 404
        assert client.get(reverse("workplace:attachment", args=[attachment.pk])).status_code == 404


def test_worker_cannot_open_staff_pages(cast, workers, login):
    d = samples._disclosure(cast)
    client = login(workers.user_a)
    assert client.get(reverse("workplace:disclosures")).status_code == 403
    assert client.get(reverse("workplace:disclosure", args=[d.pk])).status_code == 403


def test_draft_contract_is_not_shown_to_workers(cast, workers, login):
    contract = samples._contract(cast, status=ContractStatus.SIGNED)
    assert (
        login(workers.user_a).get(reverse("workplace:my_contract", args=[contract.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("name", sorted(samples.SAMPLES))
def test_object_routes_scoped(cast, login, client, name):
    kwargs = samples.SAMPLES[name](cast)
    url = reverse(name, kwargs=kwargs)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    response = login(cast.chair_b).get(url)
    assert response.status_code == 404
    assert "甲工会" not in response.content.decode()
    assert login(cast.chair_a).get(url).status_code in (200, 302)


@pytest.mark.parametrize(
    "name",
    [
        "index",
        "my_home",
        "disclosures",
        "disclosure_create",
        "questions",
        "compliance",
        "categories",
        "consultations",
        "consultation_create",
        "contracts",
        "contract_create",
        "contract_stats",
        "commitments",
        "commitment_create",
    ],
)
def test_list_pages_render(cast, login, name):
    samples._contract(cast)
    samples._question(cast)
    samples._commitment(cast)
    response = login(cast.chair_a).get(reverse(f"workplace:{name}"))
    assert response.status_code == 200


def test_chair_b_lists_show_nothing_of_a(cast, login):
    samples._contract(cast)
    samples._question(cast)
    samples._commitment(cast)
    samples._consultation(cast)
    client = login(cast.chair_b)
    for name in (
        "disclosures",
        "questions",
        "contracts",
        "consultations",
        "commitments",
        "my_home",
        "compliance",
        "contract_stats",
    ):
        body = client.get(reverse(f"workplace:{name}") + "?show=all").content.decode()
        assert "甲工会" not in body, name


def test_category_edit_is_district_only(cast, login):
    url = reverse("workplace:category_edit") + "?id=1"
    assert login(cast.chair_a).get(url).status_code == 403
    assert login(cast.district_admin).get(url).status_code == 200


def _pdf_text(content):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_contract_pdf_and_filing_form(cast, login):
    contract = samples._contract(cast)
    client = login(cast.chair_a)
    response = client.get(reverse("workplace:contract_pdf", args=[contract.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "甲工会工资专项集体合同" in _pdf_text(response.content)
    response = client.get(reverse("workplace:contract_filing_pdf", args=[contract.pk]))
    text = _pdf_text(response.content)
    assert "集体合同审查登记表" in text and "甲工会企业方" in text


def test_excel_exports(cast, login):
    from python_calamine import CalamineWorkbook

    samples._disclosure(cast)
    samples._contract(cast)
    samples._commitment(cast)
    client = login(cast.chair_a)
    for name, title in (
        ("disclosures", "甲工会奖金分配方案"),
        ("contracts", "甲工会工资专项集体合同"),
        ("commitments", "甲工会稳岗约定"),
    ):
        response = client.get(reverse(f"workplace:{name}") + "?export=xlsx")
        rows = (
            CalamineWorkbook.from_filelike(io.BytesIO(response.content))
            .get_sheet_by_index(0)
            .to_python()
        )
        assert rows[1][0 if name != "disclosures" else 2] == title


def test_contract_cycle_through_pages(cast, login):
    contract = samples._contract(cast, status=ContractStatus.DRAFT)
    client = login(cast.chair_a)
    r = client.post(
        reverse("workplace:contract_approve", args=[contract.pk]),
        {
            "approved_on": "2026-09-25",
            "delegates_total": 120,
            "delegates_present": 80,
            "votes_for": 60,
            "votes_against": 10,
        },
    )
    assert r.status_code == 302
    contract.refresh_from_db()
    assert contract.status == ContractStatus.REJECTED
    page = client.get(reverse("workplace:contract", args=[contract.pk])).content.decode()
    assert "赞成 ≥ 61 票" in page and "未通过" in page
    client.post(
        reverse("workplace:contract_approve", args=[contract.pk]),
        {
            "approved_on": "2026-09-26",
            "delegates_total": 120,
            "delegates_present": 80,
            "votes_for": 61,
            "votes_against": 10,
        },
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.APPROVED
    client.post(
        reverse("workplace:contract_sign", args=[contract.pk]),
        {"signed_on": "2026-09-28", "union_signatory": "陈静", "employer_signatory": "王总"},
    )
    contract.refresh_from_db()
    assert (contract.status, contract.filing_due) == (
        ContractStatus.SIGNED,
        datetime.date(2026, 10, 8),
    )
    page = client.get(reverse("workplace:contract", args=[contract.pk])).content.decode()
    assert "已逾期" in page  # today is past 2026-10-08
    assert "首席代表签字 → 已签字" in page


def _list_queries(client, url):
    # steady state: the first request after a login or a role-stamp bump reads the user's
    # role assignments (then cached), which is not what the page's count is about
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    ("name", "factory"),
    [
        ("disclosures", samples._disclosure),
        ("contracts", samples._contract),
        ("consultations", samples._consultation),
        ("commitments", samples._commitment),
        ("questions", samples._question),
    ],
)
def test_list_query_count_same_at_1_and_3_rows(cast, login, name, factory):
    client = login(cast.chair_a)
    url = reverse(f"workplace:{name}") + "?show=all"
    factory(cast)
    one = _list_queries(client, url)
    factory(cast)
    factory(cast)
    assert _list_queries(client, url) == one


def test_stats_page_queries_do_not_grow_with_children(cast, login):
    samples._contract(cast)
    client = login(cast.district_admin)
    url = reverse("workplace:contract_stats")
    one = _list_queries(client, url)
    for n in range(3):
        cast.district.refresh_from_db()
        cast.district.add_child(code=f"S9{n}", kind="street", name=f"新街道{n}")
    assert _list_queries(client, url) == one


def test_consultation_to_contract_through_pages(cast, login):
    from gonghui.workplace.models import Consultation, Contract

    client = login(cast.chair_a)
    r = client.post(
        reverse("workplace:consultation_create"),
        {
            "kind": "wage",
            "coverage": "enterprise",
            "employer": cast.employer_a.pk,
            "title": "甲工会 2027 年工资协商",
            "requested_by": "union",
            "requested_on": "2026-08-01",
        },
    )
    assert r.status_code == 302, r.content.decode()
    c = Consultation.unscoped.get()
    assert (c.org, c.employer_party) == (cast.union_a, cast.employer_a.name)
    for side, name in (("union", "陈静"), ("employer", "王总")):
        client.post(
            reverse("workplace:consultation_representative", args=[c.pk]),
            {"side": side, "name": name, "is_chief": "on"},
        )
    client.post(
        reverse("workplace:consultation_round", args=[c.pk]),
        {
            "held_on": "2026-08-10",
            "union_offer": "增长 6%",
            "employer_offer": "增长 4%",
            "union_wage_growth": "6",
            "employer_wage_growth": "4",
            "minutes": "第一轮",
        },
    )
    r = client.post(
        reverse("workplace:consultation_conclude", args=[c.pk]),
        {"agreed": "1", "outcome": "增长 5%", "concluded_on": "2026-08-20"},
    )
    assert r.status_code == 302
    page = client.get(reverse("workplace:consultation", args=[c.pk])).content.decode()
    assert "增长 6%" in page and "首席代表" in page
    r = client.post(
        reverse("workplace:consultation_contract", args=[c.pk]),
        {
            "kind": "wage",
            "title": "甲工会 2027 年工资专项集体合同",
            "body": "……",
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "wage_growth_pct": "5",
            "lowest_wage": "2690",
            "pay_day": "每月 10 日",
            "employer_party": "",
        },
    )
    assert r.status_code == 302, r.content.decode()
    contract = Contract.unscoped.get()
    assert (contract.consultation, contract.workers_covered) == (c, 300)


def test_contract_form_shows_term_error(cast, login):
    r = login(cast.chair_a).post(
        reverse("workplace:contract_create"),
        {
            "kind": "general",
            "coverage": "enterprise",
            "employer": cast.employer_a.pk,
            "title": "甲工会综合合同",
            "body": "……",
            "start_date": "2026-01-01",
            "end_date": "2030-12-31",
        },
    )
    assert r.status_code == 200
    assert "须在 12～36 个月之间" in r.content.decode()


def test_attachment_upload_and_type_check(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = samples._disclosure(cast)
    client = login(cast.chair_a)
    url = reverse("workplace:disclosure_attach", args=[d.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert bad.status_code == 200 and "只能上传" in bad.content.decode()
    ok = client.post(url, {"file": SimpleUploadedFile("方案.pdf", b"%PDF-1.4")})
    assert ok.status_code == 302
    attachment = d.attachments.get()
    download = client.get(reverse("workplace:attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"


def test_reviewer_reads_but_gets_no_edit_buttons(cast, login):
    d = samples._disclosure(cast)
    client = login(cast.reviewer)
    assert "新增事项" not in client.get(reverse("workplace:disclosures")).content.decode()
    page = client.get(reverse("workplace:disclosure", args=[d.pk]))
    assert page.status_code == 200 and "上传附件" not in page.content.decode()
    assert client.get(reverse("workplace:disclosure_edit", args=[d.pk])).status_code == 403


def test_worker_gets_404_on_other_employers_staff_routes(cast, workers, login):
    d = samples._disclosure(cast)
    contract = samples._contract(cast)
    urls = [
        reverse("workplace:disclosure", args=[d.pk]),
        reverse("workplace:contract", args=[contract.pk]),
        reverse("workplace:contract_pdf", args=[contract.pk]),
        reverse("workplace:checklist", args=[cast.employer_a.pk]),
    ]
    other = login(workers.user_a2)
    assert [other.get(url).status_code for url in urls] == [404, 404, 404, 404]
    own = login(workers.user_a)  # own employer's objects: exist, but staff-only
    assert [own.get(url).status_code for url in urls] == [403, 403, 403, 403]
