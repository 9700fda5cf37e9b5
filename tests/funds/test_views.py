"""Pages of union money through the client: the statement import through the core import
framework, matching, reminders, the books; Chinese labels only; list pages' query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gonghui.core.imports import services as imports
from gonghui.funds import selectors
from gonghui.funds.models import Balance, StatementLine
from tests.conftest import acting
from tests.funds import factories as f

pytestmark = pytest.mark.django_db


def _statement(cast, rows):
    head = "电子税票号码,纳税人识别号,纳税人名称,税款所属期,入库日期,实缴金额\n"
    body = "".join(
        f'{s},{code},{name},2026年3月,2026.3.15,"{amount}"\n' for s, code, name, amount in rows
    )
    return SimpleUploadedFile("税务明细.csv", (head + body).encode("gb18030"))


def _import(cast, upload):
    with acting(cast.district_admin) as assignment:
        job = imports.start_import(actor=cast.district_admin, assignment=assignment,
                                   importer_key="funds_statement", org=cast.district, upload=upload)  # fmt: skip
        return imports.commit_job(job, "all")


def test_statement_import_through_the_framework_and_again(cast):
    f.rules(cast)
    rows = [
        ("S1", cast.employer_a.credit_code, cast.employer_a.name, "1,000.00"),
        ("S2", "", "不认识的单位", "20"),
    ]
    job = _import(cast, _statement(cast, rows))
    assert job.status == "done", job.error
    assert job.result["counts"] == {"新导入": 2, "已导入过": 0, "已入账": 1, "待匹配": 1}
    again = _import(cast, _statement(cast, rows))
    assert again.result["counts"] == {"已导入过": 2}
    assert StatementLine.unscoped.get(serial="S1").period == datetime.date(2026, 3, 1)
    assert Balance.unscoped.get(org=cast.union_a, account="bank").amount == Decimal("600.00")


def test_statement_errors_name_row_column_and_reason(cast):
    rows = [("S1", "", "某单位", "-5"), ("S1", "", "某单位", "5")]
    job = _import(cast, _statement(cast, rows))
    assert job.status == "failed"
    assert StatementLine.unscoped.count() == 0


def test_pages_render_in_chinese_without_raw_codes(cast, login):
    f.rules(cast)
    f.payroll(cast, cast.employer_a, "100000")
    f.import_lines(cast, [f.line("x", "1000", code=cast.employer_a.credit_code), f.line("谁", "5")])
    client = login(cast.district_admin)
    for url in ["/funds/", "/funds/statements/", "/funds/statements/unmatched/", "/funds/employers/",
                "/funds/arrears/", "/funds/reconcile/", "/funds/rules/", "/funds/dues/",
                "/funds/books/", "/funds/orgs/A/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for raw in ["None", "funds_income", ">posted<", ">unmatched<", "True", "False"]:
            assert raw not in text, (url, raw)


def test_match_page_posts_and_remembers(cast, login):
    f.rules(cast)
    f.import_lines(cast, [f.line("代缴户", "100")])
    line = StatementLine.unscoped.get()
    response = login(cast.district_admin).post(f"/funds/statements/{line.pk}/match/",
                                               {"credit_code": cast.employer_b.credit_code})  # fmt: skip
    assert response.status_code == 302
    assert Balance.unscoped.get(org=cast.union_b, account="bank").amount == Decimal("60.00")


def test_match_page_refuses_unknown_code_in_chinese(cast, login):
    f.import_lines(cast, [f.line("代缴户", "100")])
    line = StatementLine.unscoped.get()
    response = login(cast.district_admin).post(
        f"/funds/statements/{line.pk}/match/", {"credit_code": "X"}
    )
    assert "找不到该统一社会信用代码的单位" in response.content.decode()


def test_chair_b_cannot_match_to_union_a(cast, login):
    f.import_lines(cast, [f.line("代缴户", "100")], org=cast.union_b)
    line = StatementLine.unscoped.get()
    response = login(cast.chair_b).post(f"/funds/statements/{line.pk}/match/",
                                        {"credit_code": cast.employer_a.credit_code})  # fmt: skip
    assert "找不到该统一社会信用代码的单位" in response.content.decode()
    assert StatementLine.unscoped.get().status == "unmatched"


def test_receipt_download_is_an_attachment(cast, login):
    e = f.expense(cast, f.budget(cast))
    receipt = e.receipts.get()
    response = login(cast.chair_a).get(f"/funds/receipts/{receipt.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/funds/statements/", "/funds/books/A/"])
def test_list_pages_keep_their_query_count(cast, login, url):
    f.rules(cast)
    line = f.budget(cast, "100000")
    client = login(cast.chair_a)

    def add(n):
        for _ in range(n):
            f.import_lines(
                cast, [f.line("x", "10", code=cast.employer_a.credit_code)], org=cast.union_a
            )
            f.expense(cast, line, "1", receipt=False)

    add(1)
    # steady state: the first request after a login or a role-stamp bump reads the user's
    # role assignments (then cached), which is not what the page's count is about
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    assert len(three) == len(one)


def test_dues_paid_by_import_once(cast):
    from gonghui.funds.models import DuesLine
    from gonghui.funds.services import dues
    from tests.life.factories import make_member

    f.rules(cast)
    m = make_member(cast.union_a, "甲缴费人", login=False)
    with acting(cast.chair_a):
        dues.set_dues_base(actor=cast.chair_a, member=m, wage=Decimal("6000"))
        dues.generate_roll(actor=cast.chair_a, org=cast.union_a, month=f.TODAY)
    data = f"会员证号,月份,金额\n{m.card_number},2026年3月,30.00\n".encode()

    def run():
        with acting(cast.chair_a) as assignment:
            job = imports.start_import(actor=cast.chair_a, assignment=assignment, importer_key="funds_dues",
                                       org=cast.union_a, upload=SimpleUploadedFile("会费.csv", data))  # fmt: skip
            return imports.commit_job(job, "all")

    assert run().result["counts"] == {"登记缴纳": 1, "此前已缴": 0}
    assert run().result["counts"] == {"登记缴纳": 0, "此前已缴": 1}
    assert DuesLine.unscoped.get().status == "paid"
    assert Balance.unscoped.get(org=cast.union_a, account="bank").amount == Decimal("30.00")


def test_member_sees_own_dues_on_the_phone(cast, login):
    from gonghui.funds.services import dues
    from tests.life.factories import link_member, make_member

    me = link_member(cast.member_user, cast.union_a, "甲会员")
    other = make_member(cast.union_a, "甲别人", login=False)
    with acting(cast.chair_a):
        dues.set_dues_base(actor=cast.chair_a, member=me, wage=Decimal("5000"))
        dues.set_dues_base(actor=cast.chair_a, member=other, wage=Decimal("9000"))
        dues.generate_roll(actor=cast.chair_a, org=cast.union_a, month=f.TODAY)
    page = login(cast.member_user).get("/funds/my/dues/").content.decode()
    assert "2026-03" in page and "25.00" in page and "尚未缴纳 25.00 元" in page
    assert "45.00" not in page  # the other member's dues
    assert "/funds/my/dues/" in login(cast.member_user).get("/m/").content.decode()
    assert login(cast.chair_a).get("/funds/my/dues/").status_code == 403


def test_account_balances_read_on_their_normal_side(cast, login):
    """A treasurer reads income as a positive credit balance and the bank as a positive debit
    one (the ledger stores credits negative; the page does not show them so)."""
    f.rules(cast)
    f.import_lines(cast, [f.line("x", "10000", code=cast.employer_a.credit_code)])
    with acting(cast.district_admin):
        rows = {
            label: (side, amount)
            for label, side, amount in selectors.account_balances(cast.union_a)
        }
    assert rows["经费收入"] == ("贷", Decimal("6000.00"))
    assert rows["银行存款"] == ("借", Decimal("6000.00"))
    client = login(cast.district_admin)
    page = client.get(f"/funds/orgs/{cast.union_a.code}/").content.decode()
    accounts = page[page.index('id="accounts"') :].split("</table>")[0]
    assert '<td>经费收入</td><td>贷</td><td class="text-end">6,000.00</td>' in accounts
    assert "-6000" not in accounts and "-6,000" not in accounts
    with translation.override("en"):
        english = client.get(
            f"/funds/orgs/{cast.union_a.code}/", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "<td>Funds income</td><td>Credit</td>" in english
    assert "<td>Bank deposits</td><td>Debit</td>" in english


def test_dues_page_offers_this_month_and_makes_its_roll(cast, login):
    from django.utils import timezone

    from gonghui.funds.models import DuesRoll
    from tests.life.factories import make_member

    f.rules(cast)
    make_member(cast.union_a, "甲会员会费", login=False)
    client = login(cast.chair_a)
    this_month = timezone.localdate().strftime("%Y-%m")
    page = client.get("/funds/dues/").content.decode()
    assert 'type="month"' in page and f'value="{this_month}"' in page
    response = client.post("/funds/dues/rolls/new/", {"month": this_month})
    assert response.status_code == 302
    roll = DuesRoll.unscoped.get(org=cast.union_a)
    assert roll.month.strftime("%Y-%m") == this_month
