"""Helpers shared by the writes on hardship files."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..enums import FileStatus

EDITABLE = frozenset({FileStatus.DRAFT})


def _today():
    return timezone.localdate()


def parse_amount(value, field="monthly_income"):
    """A non-negative amount in yuan with at most two decimals, as a Decimal."""
    try:
        amount = Decimal(str(value).strip().replace(",", "") or "0")
    except InvalidOperation:
        raise ValidationError({field: "金额格式不正确"}) from None
    if amount < 0 or amount.as_tuple().exponent < -2 or not amount.is_finite():
        raise ValidationError({field: "金额须为不小于 0 的数，最多两位小数"})
    return amount.quantize(Decimal("0.01"))


def _require_editable(file):
    if file.status not in EDITABLE:
        raise ValidationError("档案已提交，不能修改；如需修改请先退回")
