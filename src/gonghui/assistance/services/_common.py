"""Helpers shared by the writes on hardship files."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.money import parse_money

from ..enums import FileStatus

EDITABLE = frozenset({FileStatus.DRAFT})


def _today():
    return timezone.localdate()


def parse_amount(value, field="monthly_income"):
    """A non-negative amount in yuan, rounded half up to cents (core/money.py)."""
    return parse_money(value, field=field)


def _require_editable(file):
    if file.status not in EDITABLE:
        raise ValidationError(_("档案已提交，不能修改；如需修改请先退回"))
