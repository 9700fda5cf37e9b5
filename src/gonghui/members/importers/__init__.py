"""Importers of the members module: the roster importer (会员名册) and the parsers of its columns. Every name stays importable from ``gonghui.members.importers``."""

from .columns import (  # noqa: F401
    ETHNICITY_CODES,
    INLINE_KEYS,
    _codes,
    _date,
    _id_number,
    _labels,
    _phone,
    _safe,
)
from .roster import (  # noqa: F401
    MemberImporter,
)
