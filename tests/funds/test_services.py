"""Services of union money: sharing, idempotent imports, matching, reversals, arrears and
reminders, transfers, dues, and the books with four eyes and the audit review."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from gonghui.core.models import SmsMessage
from gonghui.funds import selectors
from gonghui.funds.enums import Account, ExpenseStatus, LineStatus
from gonghui.funds.models import Balance, Entry, PayerAlias, Posting, StatementLine
from gonghui.funds.services import books, dues, ledger, remittances
from tests.conftest import acting
from tests.funds import factories as f

pytestmark = pytest.mark.django_db


def bank(org):
    row = Balance.unscoped.filter(org=org, account=Account.BANK).first()
    return row.amount if row else Decimal("0.00")


def test_split_keeps_every_cent():
    assert ledger.split(Decimal("100.01"), (60, 10, 25, 5)) == [
        Decimal("60.01"), Decimal("10.00"), Decimal("25.00"), Decimal("5.00")]  # fmt: skip
    assert sum(
        ledger.split(Decimal("0.03"), (Decimal("33.33"), Decimal("33.33"), Decimal("33.34"), 0))
    ) == Decimal("0.03")


def test_import_shares_to_union_street_and_district(cast):
    f.rules(cast)
    counts = f.import_lines(
        cast, [f.line("随便写的名字", "1000.00", code=cast.employer_a.credit_code)]
    )
    assert counts == {"新导入": 1, "已导入过": 0, "已入账": 1, "待匹配": 0}
    assert bank(cast.union_a) == Decimal("600.00")
    assert bank(cast.street) == Decimal("100.00")
    assert bank(cast.district) == Decimal("300.00")  # 25% own + 5% held as payable upward
    payable = Balance.unscoped.get(org=cast.district, account=Account.PAYABLE_UP).amount
    assert payable == Decimal("-50.00")
    entry = Entry.unscoped.get()
    assert sum(p.amount for p in Posting.unscoped.filter(entry=entry)) == 0


def test_balances_roll_up_the_tree(cast):
    f.rules(cast)
    f.import_lines(cast, [f.line("甲", "1000", code=cast.employer_a.credit_code),
                          f.line("乙", "500", code=cast.employer_b.credit_code)])  # fmt: skip
    with acting(cast.district_admin):
        rows = {r["org"].code: r for r in selectors.balance_table(cast.district)}
    assert rows["D"]["rolled"] == Decimal("1500.00")
    assert rows["S1"]["rolled"] == Decimal("1050.00")  # street 150 + A 600 + B 300
    assert rows["S1"]["own"] == Decimal("150.00")
    with acting(cast.chair_a):  # chair A sees only its own subtree
        rows = {r["org"].code: r["rolled"] for r in selectors.balance_table(cast.union_a)}
    assert rows == {"A": Decimal("600.00"), "A1": Decimal("0.00")}


def test_reimporting_the_same_statement_posts_nothing(cast):
    f.rules(cast)
    lines = [f.line("x", "1000", serial="S-1", code=cast.employer_a.credit_code)]
    f.import_lines(cast, lines)
    again = f.import_lines(cast, lines)
    assert again == {"新导入": 0, "已导入过": 1, "已入账": 0, "待匹配": 0}
    assert Entry.unscoped.count() == 1
    assert bank(cast.union_a) == Decimal("600.00")


def test_a_statement_line_is_unique_in_the_database(cast):
    f.import_lines(cast, [f.line("某公司", "10", serial="DUP")])
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.unscoped.create(org=cast.district, channel="tax", serial="DUP",
                                      paid_on=f.TODAY, period=f.TODAY, payer_name="x", payer_key="x",
                                      amount=Decimal(1), import_token=ledger.new_token())  # fmt: skip


def test_unknown_payer_is_matched_once_and_remembered(cast):
    f.rules(cast)
    counts = f.import_lines(
        cast, [f.line("甲机械（代缴）", "200"), f.line("甲机械（代缴）", "300")]
    )
    assert counts["待匹配"] == 2
    with acting(cast.district_admin):
        assert [p["payer_name"] for p in selectors.unmatched_lines()] == ["甲机械（代缴）"]
        first = StatementLine.unscoped.filter(payer_name="甲机械（代缴）").first()
        assert (
            remittances.match_payer(actor=cast.district_admin, line=first, employer=cast.employer_a)
            == 2
        )
    assert bank(cast.union_a) == Decimal("300.00")
    assert PayerAlias.unscoped.get().employer == cast.employer_a
    # next month the same payer posts at once
    assert f.import_lines(cast, [f.line("甲机械 （代缴）", "100")])["已入账"] == 1
    assert bank(cast.union_a) == Decimal("360.00")


def test_match_refuses_an_employer_outside_scope(cast):
    f.import_lines(cast, [f.line("不明单位", "50")], org=cast.union_b)
    line = StatementLine.unscoped.get()
    with acting(cast.chair_b), pytest.raises(ValidationError):
        remittances.match_payer(actor=cast.chair_b, line=line, employer=cast.employer_a)


def test_staff_may_not_import_statements(cast):
    with acting(cast.staff_a), pytest.raises(PermissionDenied):
        remittances.import_statement_lines(actor=cast.staff_a, org=cast.union_a, channel="tax",
                                           lines=[f.line("x", "1")])  # fmt: skip


def test_employer_without_union_pays_preparatory_funds_to_its_street(cast):
    from gonghui.orgs.models import Employer

    f.rules(cast)
    bare = Employer.unscoped.create(org=cast.street, name="未建会公司", credit_code=cast.employer_a.credit_code[:-2] + "99",
                                    industry="retail", ownership="private")  # fmt: skip
    f.import_lines(cast, [f.line("未建会公司", "1000")])
    line = StatementLine.unscoped.get()
    assert (line.employer, line.kind, line.status) == (bare, "prep", LineStatus.POSTED)
    assert bank(cast.street) == Decimal("600.00")
    assert Balance.unscoped.get(org=cast.street, account=Account.PREP_INCOME).amount == Decimal(
        "-600.00"
    )


def test_sharing_rule_versions_apply_by_payment_date(cast):
    f.rules(cast)
    with acting(cast.district_admin):
        ledger.add_sharing_rule(actor=cast.district_admin, kind="funds", valid_from=datetime.date(2026, 3, 1),
                                grassroots=Decimal(50), street=Decimal(20), district=Decimal(25), upper=Decimal(5))  # fmt: skip
    f.import_lines(cast, [
        f.line("a", "100", code=cast.employer_a.credit_code, paid_on=datetime.date(2026, 2, 10)),
        f.line("a", "100", code=cast.employer_a.credit_code, paid_on=datetime.date(2026, 3, 10)),
    ])  # fmt: skip
    assert bank(cast.union_a) == Decimal("110.00")


def test_sharing_rule_must_sum_to_100_and_only_district_sets_it(cast):
    with acting(cast.district_admin), pytest.raises(ValidationError):
        ledger.add_sharing_rule(actor=cast.district_admin, kind="funds", valid_from=f.TODAY,
                                grassroots=Decimal(60), street=Decimal(10), district=Decimal(10), upper=Decimal(5))  # fmt: skip
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        ledger.add_sharing_rule(actor=cast.chair_a, kind="funds", valid_from=f.TODAY,
                                grassroots=Decimal(100), street=0, district=0, upper=0)  # fmt: skip


def test_reversal_mirrors_the_entry_once_and_the_line_can_be_matched_again(cast):
    f.rules(cast)
    f.import_lines(cast, [f.line("x", "1000", code=cast.employer_a.credit_code)])
    entry = Entry.unscoped.get()
    with acting(cast.district_admin):
        ledger.reverse_entry(actor=cast.district_admin, entry=entry, reason="错认单位")
        with pytest.raises(ValidationError):
            ledger.reverse_entry(actor=cast.district_admin, entry=entry, reason="再来")
    assert bank(cast.union_a) == Decimal("0.00") and bank(cast.district) == Decimal("0.00")
    line = StatementLine.unscoped.get()
    assert line.status == LineStatus.REVERSED
    with acting(cast.district_admin):
        remittances.match_payer(actor=cast.district_admin, line=line, employer=cast.employer_b)
    assert bank(cast.union_b) == Decimal("600.00")
    assert Entry.unscoped.count() == 3


def test_ledger_rows_are_append_only(cast):
    f.import_lines(cast, [f.line("x", "10", code=cast.employer_a.credit_code)])
    posting = Posting.unscoped.first()
    posting.amount = Decimal(1)
    with pytest.raises(RuntimeError):
        posting.save()
    with pytest.raises(RuntimeError):
        posting.delete()


def test_arrears_by_street_and_reminders_go_to_the_outbox(cast):
    f.payroll(cast, cast.employer_a, "100000")  # 2,000 a month
    f.payroll(cast, cast.employer_b, "50000", phone="")
    f.import_lines(
        cast,
        [f.line("x", "2000", code=cast.employer_a.credit_code, period=datetime.date(2026, 1, 1))],
    )
    with acting(cast.district_admin):
        rows = selectors.arrears_rows(2026, 3)
        assert {(r.employer.name, r.owed) for r in rows} == {
            (cast.employer_a.name, Decimal("4000.00")),
            ("乙物流有限公司", Decimal("3000.00")),
        }
        assert [s.code for s, _r, _t in selectors.arrears_by_street(rows)] == ["S1"]
        sent, skipped = remittances.send_arrears_reminders(
            actor=cast.district_admin,
            employers=[cast.employer_a, cast.employer_b],
            year=2026,
            month=3,
        )
        assert (sent, skipped) == (1, 1)
        again = remittances.send_arrears_reminders(
            actor=cast.district_admin, employers=[cast.employer_a], year=2026, month=3
        )
        assert again == (0, 1)  # within the reminder gap
    message = SmsMessage.unscoped.get()
    assert message.phone == "13900000001" and message.params["owed"] == "4,000.00"


def test_reconciliation_lists_what_does_not_match(cast):
    f.payroll(cast, cast.employer_a, "100000")
    f.import_lines(cast, [f.line("x", "1500", code=cast.employer_a.credit_code), f.line("谁", "9")])
    with acting(cast.district_admin):
        report = selectors.reconciliation(2026, 3)
    assert [line.payer_name for line in report["unmatched"]] == ["谁"]
    assert [(d["employer"], d["difference"]) for d in report["differences"]] == [
        (cast.employer_a, Decimal("-500.00"))
    ]
    assert report["unbalanced"] == [] and report["drift"] == []


def test_transfer_down_and_up_are_posted_once_per_voucher(cast):
    f.rules(cast)
    with acting(cast.district_admin):
        ledger.record_transfer(actor=cast.district_admin, payer=cast.district, payee=cast.union_a,
                               amount=Decimal("500"), on=f.TODAY, memo="困难职工补助", reference="B-1")  # fmt: skip
        with pytest.raises(ValidationError):
            ledger.record_transfer(actor=cast.district_admin, payer=cast.district, payee=cast.union_a,
                                   amount=Decimal("500"), on=f.TODAY, memo="", reference="B-1")  # fmt: skip
        with pytest.raises(ValidationError):  # sideways is neither down nor up
            ledger.record_transfer(actor=cast.district_admin, payer=cast.union_a, payee=cast.union_b,
                                   amount=Decimal("1"), on=f.TODAY, memo="", reference="B-2")  # fmt: skip
    with acting(cast.chair_a):
        ledger.record_transfer(actor=cast.chair_a, payer=cast.union_a, payee=cast.street,
                               amount=Decimal("100"), on=f.TODAY, memo="", reference="B-3")  # fmt: skip
    assert bank(cast.union_a) == Decimal("400.00")
    assert bank(cast.district) == Decimal("-500.00") and bank(cast.street) == Decimal("100.00")


def test_dues_roll_from_roster_with_bands_and_payment_posts(cast):
    from tests.life.factories import make_member

    f.rules(cast)
    low, high = (
        make_member(cast.union_a, "甲低薪", login=False),
        make_member(cast.group_a, "甲高薪", login=False),
    )
    with acting(cast.chair_a):
        dues.set_dues_rate(actor=cast.chair_a, org=cast.union_a, rate_pct=Decimal("0.5"),
                           bands_text="3000 0.2", valid_from=datetime.date(2026, 1, 1))  # fmt: skip
        dues.set_dues_base(actor=cast.chair_a, member=low, wage=Decimal("2800"))
        dues.set_dues_base(actor=cast.chair_a, member=high, wage=Decimal("8000"))
        roll, n = dues.generate_roll(actor=cast.chair_a, org=cast.union_a, month=f.TODAY)
        assert n == 2
        assert dues.generate_roll(actor=cast.chair_a, org=cast.union_a, month=f.TODAY)[1] == 0
        amounts = {x.member.name: x.amount for x in roll.lines.all()}
        assert amounts == {"甲低薪": Decimal("5.60"), "甲高薪": Decimal("40.00")}
        assert dues.mark_dues_paid(actor=cast.chair_a, lines=list(roll.lines.all())) == 2
        assert dues.mark_dues_paid(actor=cast.chair_a, lines=list(roll.lines.all())) == 0
        assert list(selectors.dues_arrears()) == []
    assert bank(cast.union_a) == Decimal("45.60")


def test_dues_bands_must_ascend(cast):
    with pytest.raises(ValidationError):
        dues.parse_bands("5000 0.4\n3000 0.3")
    with pytest.raises(ValidationError):
        dues.parse_bands("abc")


def test_expense_needs_a_second_person_a_receipt_and_budget(cast):
    line = f.budget(cast, "1000")
    e = f.expense(cast, line, "800")
    with acting(cast.staff_a), pytest.raises(PermissionDenied):  # staff cannot approve at all
        books.approve_expense(actor=cast.staff_a, expense=e)
    own = f.expense(cast, line, "100")
    own.recorded_by = cast.chair_a
    own.save()
    with acting(cast.chair_a), pytest.raises(PermissionDenied):  # the recorder may not approve
        books.approve_expense(actor=cast.chair_a, expense=own)
    bare = f.expense(cast, line, "50", receipt=False)
    with acting(cast.chair_a):
        with pytest.raises(ValidationError):
            books.approve_expense(actor=cast.chair_a, expense=bare)
        books.approve_expense(actor=cast.chair_a, expense=e)
        over = f.expense(cast, line, "300")
        with pytest.raises(ValidationError):
            books.approve_expense(actor=cast.chair_a, expense=over)
    e.refresh_from_db()
    assert e.status == ExpenseStatus.APPROVED and e.approved_by == cast.chair_a
    assert bank(cast.union_a) == Decimal("-800.00")


def test_database_refuses_the_recorder_as_approver(cast):
    e = f.expense(cast, f.budget(cast))
    e.approved_by = cast.staff_a
    with pytest.raises(IntegrityError), transaction.atomic():
        e.save()


def test_expense_only_against_an_approved_budget(cast):
    draft = f.budget(cast, approve=False)
    with acting(cast.staff_a), pytest.raises(ValidationError):
        books.record_expense(actor=cast.staff_a, budget_line=draft, spent_on=f.TODAY, payee="x",
                             purpose="y", amount=Decimal(1))  # fmt: skip


def test_receipt_content_and_size_are_checked(cast):
    e = f.expense(cast, f.budget(cast), receipt=False)
    with acting(cast.staff_a):
        with pytest.raises(ValidationError, match="内容"):
            books.attach_receipt(actor=cast.staff_a, expense=e,
                                 upload=SimpleUploadedFile("a.pdf", b"MZ\x90\x00evil", "application/pdf"))  # fmt: skip
        with pytest.raises(ValidationError):
            books.attach_receipt(actor=cast.staff_a, expense=e,
                                 upload=SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream"))  # fmt: skip
        big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024), "application/pdf")
        with pytest.raises(ValidationError, match="MB"):
            books.attach_receipt(actor=cast.staff_a, expense=e, upload=big)


def test_audit_review_needs_answers_before_it_concludes(cast):
    with acting(cast.reviewer):
        review = books.open_review(actor=cast.reviewer, org=cast.union_a, year=2026)
        finding = books.add_finding(actor=cast.reviewer, review=review, text="差旅报销缺审批单")
        with pytest.raises(ValidationError):
            books.conclude_review(actor=cast.reviewer, review=review, opinion="基本合规")
    with acting(cast.chair_a):
        with pytest.raises(PermissionDenied):
            books.add_finding(actor=cast.chair_a, review=review, text="自己审自己")
        books.answer_finding(actor=cast.chair_a, finding=finding, answer="已补齐")
    with acting(cast.reviewer):
        books.conclude_review(actor=cast.reviewer, review=review, opinion="基本合规")
    review.refresh_from_db()
    assert review.status == "concluded"


def test_annual_report_figures(cast):
    f.rules(cast)
    f.import_lines(cast, [f.line("x", "10000", code=cast.employer_a.credit_code)])
    line = f.budget(cast, "5000")
    e = f.expense(cast, line, "1200")
    with acting(cast.chair_a):
        books.approve_expense(actor=cast.chair_a, expense=e)
        r = selectors.annual_report(cast.union_a, 2026)
    assert r["income"] == [("经费收入", Decimal("6000.00"))]
    assert (r["spending"], r["budget"], r["closing"]) == (
        Decimal("1200.00"),
        Decimal("5000.00"),
        Decimal("4800.00"),
    )


def test_a_missing_level_passes_its_share_up(cast):
    from gonghui.orgs.models import Employer

    # no rule set: the default gives the grassroots level 60%, which the street holds
    bare = Employer.unscoped.create(org=cast.street, name="未建会商店", credit_code=cast.employer_a.credit_code[:-2] + "77",
                                    industry="retail", ownership="private")  # fmt: skip
    f.import_lines(cast, [f.line(bare.name, "100")])
    assert bank(cast.street) == Decimal("70.00") and bank(cast.district) == Decimal("30.00")
