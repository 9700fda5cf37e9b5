"""URL kwargs of union A's money objects for tests/test_url_scoping.py: chair_b (sibling
union B) gets 404 on every one of them."""

from gonghui.funds.models import Receipt, StatementLine
from gonghui.funds.services import books, dues
from tests.conftest import acting
from tests.funds import factories


def _entry(cast):
    factories.import_lines(
        cast, [factories.line(cast.employer_a.name, "1000", code=cast.employer_a.credit_code)]
    )
    return StatementLine.unscoped.get(payer_name=cast.employer_a.name)


def _entry_pk(cast):
    from gonghui.funds.models import Entry

    _entry(cast)
    return {"pk": Entry.unscoped.filter(org=cast.union_a).latest("pk").pk}


def _line_in_a(cast):
    # a line imported under union A is union A's (here an unknown payer)
    factories.import_lines(
        cast,
        [factories.line("甲工会不认识的付款人", "10")],
        user=cast.district_admin,
        org=cast.union_a,
    )
    return {"pk": StatementLine.unscoped.get(payer_name="甲工会不认识的付款人").pk}


def _match_in_a(cast):
    from gonghui.funds.models import PayerAlias
    from gonghui.funds.services import remittances

    line = StatementLine.unscoped.get(pk=_line_in_a(cast)["pk"])
    with acting(cast.district_admin):  # the match is kept with the union that imported the line
        remittances.match_payer(actor=cast.district_admin, line=line, employer=cast.employer_a)
    return {"pk": PayerAlias.unscoped.get(payer_key=line.payer_key).pk}


def _expense(cast):
    return factories.expense(cast, factories.budget(cast))


def _roll(cast):
    from tests.life.factories import make_member

    make_member(cast.union_a, "甲工会会员", login=False)
    with acting(cast.chair_a):
        roll, _n = dues.generate_roll(actor=cast.chair_a, org=cast.union_a, month=factories.TODAY)
    return roll


def _member(cast):
    from tests.life.factories import make_member

    return make_member(cast.union_a, "甲工会会员", login=False)


def _review(cast):
    with acting(cast.reviewer):
        return books.open_review(actor=cast.reviewer, org=cast.union_a, year=2026)


def _finding(cast):
    review = _review(cast)
    with acting(cast.reviewer):
        return books.add_finding(actor=cast.reviewer, review=review, text="甲工会发票不全")


def _pk(factory):
    return lambda cast: {"pk": factory(cast).pk}


SAMPLES = {
    "funds:entry": _entry_pk,
    "funds:entry_reverse": _entry_pk,
    "funds:match": _line_in_a,
    "funds:unmatch": _match_in_a,
    "funds:employer_edit": lambda cast: {
        "pk": factories.payroll(cast, cast.employer_a, "100000").employer_id
    },
    "funds:dues_roll": _pk(_roll),
    "funds:dues_pay": _pk(_roll),
    "funds:dues_base": _pk(_member),
    "funds:expense": _pk(_expense),
    "funds:expense_receipt": _pk(_expense),
    "funds:expense_approve": _pk(_expense),
    "funds:expense_reject": _pk(_expense),
    "funds:receipt": lambda cast: {"pk": Receipt.unscoped.get(expense=_expense(cast)).pk},
    "funds:review": _pk(_review),
    "funds:finding_add": _pk(_review),
    "funds:review_conclude": _pk(_review),
    "funds:finding_answer": _pk(_finding),
}

API_SAMPLES = {
    "/api/v1/funds/entries/{entry_id}": lambda cast: {"entry_id": _entry_pk(cast)["pk"]},
    "/api/v1/funds/entries/{entry_id}/reverse": lambda cast: {"entry_id": _entry_pk(cast)["pk"]},
    "/api/v1/funds/statement-lines/{line_id}/match": lambda cast: {
        "line_id": _line_in_a(cast)["pk"]
    },
}
