"""Cell parsers shared by the importers of several apps (``Column(parser=...)``): each takes the
raw cell and answers ``(value, None)`` or ``(None, Chinese reason)``."""

from django.utils.translation import gettext as _

from gonghui.core.text.normalize import parse_date


def parse_day(raw):
    """A date cell (2026-03-15, 2026/3/15, 2026年3月15日 or an Excel date)."""
    value, error = parse_date(raw)
    if error or value is None:
        return None, _("无法识别的日期，请写成 2026-03-15")
    return value, None
