"""Helpers shared by the writes on hardship files."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.money import parse_money
from gonghui.core.versions import require_current_version

from ..enums import FileStatus
from ..models import normalize_account

EDITABLE = frozenset({FileStatus.DRAFT})


def _today():
    return timezone.localdate()


def parse_amount(value, field="monthly_income"):
    """A non-negative amount in yuan, rounded half up to cents (core/money.py)."""
    return parse_money(value, field=field)


def _require_editable(file):
    if file.status not in EDITABLE:
        raise ValidationError(_("档案已提交，不能修改；如需修改请先退回"))


def save_account_holder(
    actor, obj, action, *, version, stale, bank_name, bank_account, then=None, **fields
):
    """Save an edit of a record paid into a bank account (a hardship file, a jobless worker):
    a stale ``version`` is refused with the message ``stale``, the account is normalised, the
    ``fields`` are set and the version bumped; ``then(obj)`` recomputes what follows from the
    edit. Audited as ``action`` with the changes and whether the account changed (never the
    account itself)."""
    require_current_version(obj, version, stale)
    before = audit.snapshot(obj)
    bank_account = normalize_account(bank_account or "")
    account_changed = bank_account != obj.bank_account
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.bank_name, obj.bank_account = bank_name, bank_account
    obj.version += 1
    obj.save()
    if then is not None:
        then(obj)
    audit.record_edit(actor, action, obj, before, extra={"bank_account_changed": account_changed})
    return obj
