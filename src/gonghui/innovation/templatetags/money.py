"""``{{ value|yuan }}`` → ¥180,000.00 (``yuan:0`` for whole yuan); empty for None."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value, places=2):
    if value is None or value == "":
        return ""
    try:
        return f"¥{Decimal(value):,.{int(places)}f}"
    except (InvalidOperation, ValueError, TypeError):
        return value
