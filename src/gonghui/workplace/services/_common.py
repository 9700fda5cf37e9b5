"""Checks shared by the services."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope
from gonghui.core.versions import require_current_version

ALLOWED_ATTACHMENTS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt"}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


EARLIEST, LATEST = datetime.date(1949, 10, 1), datetime.date(2199, 12, 31)
MAX_DELEGATES = 100_000


def _sane_dates(**dates):
    """Refuse dates no real record carries (and that would overflow deadline arithmetic)."""
    bad = {
        name: _("日期超出有效范围（1949—2199 年）")
        for name, value in dates.items()
        if value is not None and not EARLIEST <= value <= LATEST
    }
    if bad:
        raise ValidationError(bad)


def _today(today):
    return today or timezone.localdate()


def _require_employer_in_scope(employer):
    # An employer outside the acting scope is refused like any out-of-scope object.
    if employer is None or not org_in_scope(employer.org):
        raise PermissionDenied(_("单位不在您的管理范围内"))


def create_for_employer(model, action, *, actor, employer, **fields):
    """A new record of ``employer`` (its ``org`` the employer's union), created by ``actor``;
    audited as ``action``."""
    obj = model.objects.create(org=employer.org, employer=employer, created_by=actor, **fields)
    audit.record(actor, action, obj)
    return obj


def _check_version(obj, version):
    require_current_version(obj, version)
