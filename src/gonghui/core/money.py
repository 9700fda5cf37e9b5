"""Money read from people: one parser for forms, the API and import cells.

The rule (issue 20): an amount is yuan as ``Decimal`` (never float arithmetic), read from
"1,234.50", "¥1234.5", "1234.5元", full-width digits or an Excel number, and rounded
**half up to cents**: ``1.005`` is ¥1.01, ``1.004`` is ¥1.00 (the way people round money by
hand and the way the bank statements the staff compare with are printed). Negative amounts are
refused unless the caller allows them (reversals). Import cells use
``core.text.normalize.parse_decimal`` (the same reading and rounding, as ``(value, error)``).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from gonghui.core.text.normalize import parse_decimal

CENT = Decimal("0.01")


def to_cents(value) -> Decimal:
    """``value`` (Decimal, int or numeric text) rounded half up to cents."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(value, *, field="amount", allow_negative=False, blank=Decimal("0.00")) -> Decimal:
    """An amount typed into a form or sent to the API, as a Decimal in cents.

    Blank (``None`` or empty text) gives ``blank``. Unreadable text or a refused negative
    raises ``ValidationError({field: <Chinese message>})``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return blank
    number, error = parse_decimal(value, places=2, allow_negative=True)
    if error or number is None:
        raise ValidationError({field: gettext("金额格式不正确")})
    if number < 0 and not allow_negative:
        raise ValidationError({field: gettext("金额不能为负数")})
    return number
