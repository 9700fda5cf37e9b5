"""Importers of the members module: the roster importer (会员名册) and the parsers of its columns. Every name stays importable from ``gonghui.members.importers``."""

from .columns import (  # noqa: F401
    COLUMN_OF_FIELD,
    CONFLICT_COLUMN,
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
