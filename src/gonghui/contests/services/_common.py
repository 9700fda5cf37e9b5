"""Shared helpers of the contests writes."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.core.scoping import org_in_scope

from ..models import (
    Conflict,
)

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _in_scope(org):
    # Something outside the active subtree does not exist for this user.
    if not org_in_scope(org):
        raise Http404


# What a score column (max_digits=14, decimal_places=2) can hold.
VALUE_LIMIT = Decimal("1000000000000")


def _decimal(value, field):
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("请输入数字")}) from None
    if not number.is_finite() or abs(number) >= VALUE_LIMIT:
        raise ValidationError({field: _("数值超出可记录的范围")})
    return number


def has_conflict(user, *, team=None, contestant=None):
    if team is not None:
        return Conflict.objects.filter(team=team, user=user).exists()
    return Conflict.objects.filter(contestant=contestant, user=user).exists()
