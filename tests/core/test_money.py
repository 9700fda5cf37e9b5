"""One money rule for forms, the API and import cells: Decimal, half up to cents (issue 20)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.assistance.services import parse_amount
from gonghui.core.money import parse_money, to_cents
from gonghui.core.text.normalize import parse_decimal
from gonghui.innovation.services import _money as innovation_money


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1.005", "1.01"),
        ("1.004", "1.00"),
        ("2.675", "2.68"),  # 2.675 as a float is 2.67499…: read as text, never through float
        ("1,234.5", "1234.50"),
        ("¥１２３４", "1234.00"),
        ("88元", "88.00"),
        (" 0 ", "0.00"),
        (1708.1, "1708.10"),
        (Decimal("0.125"), "0.13"),
    ],
)
def test_every_money_reader_rounds_half_up_to_cents(typed, cents):
    assert parse_money(typed) == Decimal(cents)
    assert parse_decimal(typed) == (Decimal(cents), None)
    assert parse_amount(typed, "amount") == Decimal(cents)
    assert innovation_money(typed, "amount") == Decimal(cents)
    assert str(parse_money(typed)) == cents  # never 1708.10000000000 on a page


def test_to_cents_rounds_half_up():
    assert to_cents("0.005") == Decimal("0.01")
    assert to_cents(Decimal("-0.005")) == Decimal("-0.01")


def test_blank_is_zero_unless_the_caller_says_otherwise():
    assert parse_money("") == Decimal("0.00")
    assert parse_money(None, blank=None) is None


@pytest.mark.parametrize("typed", ["abc", "1.2.3", "1e5", "¥"])
def test_unreadable_money_names_the_field(typed):
    with pytest.raises(ValidationError) as caught:
        parse_money(typed, field="amount")
    assert caught.value.message_dict == {"amount": ["金额格式不正确"]}


def test_negative_money_only_where_allowed():
    with pytest.raises(ValidationError) as caught:
        parse_money("-5", field="amount")
    assert caught.value.message_dict == {"amount": ["金额不能为负数"]}
    assert parse_money("-5.005", allow_negative=True) == Decimal("-5.01")
