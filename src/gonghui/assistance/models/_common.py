"""Shared field settings and normalisers of the assistance models."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gonghui.core.text.idnumbers import normalize_id_number

MONEY = {"max_digits": 12, "decimal_places": 2}
PURGED_NAME = _("（个人信息已按期清除）")
USER = settings.AUTH_USER_MODEL


def normalize_account(value):
    return "".join(ch for ch in str(value) if ch.isalnum()).upper()


def _norm_id(value):
    return normalize_id_number(value) or str(value).strip().upper()
