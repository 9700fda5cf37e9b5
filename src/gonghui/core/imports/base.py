"""The import framework: importers declare columns, validate rows and commit them.

An importer reads a table (``reading.read_table``), maps source headers to its columns, parses and
validates every row (row number, column and a Chinese reason for each problem; warnings kept apart
from errors), offers a preview, then commits all rows or none, or only the valid rows with the
rest returned as an error workbook. Importing the same file twice changes nothing: ``commit``
upserts and counts unchanged rows.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gonghui.core.text.normalize import clean_text, to_halfwidth

# Keys of the counts an importer's commit() returns: kept in Chinese in the job's result and
# translated where the page shows them ({% translate action %}).
CREATED, UPDATED, UNCHANGED = gettext_noop("新增"), gettext_noop("更新"), gettext_noop("未变化")


@dataclass
class Column:
    key: str
    label: str
    required: bool = False
    parser: object = None  # callable(text) -> (value, error)
    aliases: tuple = ()
    choices: tuple = ()  # labels offered as a drop-down in the template
    help: str = ""
    example: str = ""
    keep_raw: bool = False  # hand the raw cell (not text) to the parser (dates, numbers)
    codes: tuple = ()  # coded column: ((code, Chinese label), ...); wordings via the importer


def wording_key(text):
    """A cell's wording as looked up in an alias table: half-width, no spaces, lower case."""
    return "".join(to_halfwidth(str(text)).split()).lower()


@dataclass
class Issue:
    row: int
    column: str
    message: str
    level: str = "error"

    def as_dict(self):
        return {
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "level": self.level,
        }


@dataclass(slots=True)
class Row:
    number: int  # row number in the source file (1-based, as Excel shows it)
    raw: dict  # column key -> raw cell
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    action: str = ""  # create / update / unchanged / transfer ...
    unknown: list = field(default_factory=list)  # (column key, wording) the tables do not know

    @property
    def ok(self):
        return not self.errors

    def error(self, column, message):
        self.errors.append(Issue(self.number, column, message))

    def warn(self, column, message):
        self.warnings.append(Issue(self.number, column, message, "warning"))


def cell_text(value):
    """A cell as normalised text: half-width, trimmed; numbers as Excel shows them."""
    if type(value) is str:  # the usual cell (a CSV has nothing else)
        return clean_text(to_halfwidth(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"  # i18n: data
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).upper()
    if isinstance(value, int):
        return str(value)
    return clean_text(to_halfwidth(str(value)))


def _has_text(raw):
    """True for a text cell ``cell_text`` would not leave empty: printable (no zero-width marks
    or odd spaces, which cleaning removes) and not only spaces."""
    return type(raw) is str and raw.isprintable() and bool(raw) and not raw.isspace()


class Importer:
    """Subclass per kind of record; register with ``registry.register``."""

    do_not_call_in_templates = True
    key = ""
    label = ""
    permission = ""
    columns: list = []
    description = ""

    def __init__(self, ctx):
        self.ctx = ctx  # ImportContext: actor, org, job options
        self._wordings = {}

    # --- coded columns: values as people write them ------------------------------------------

    def vocabulary(self, column):
        """``{wording_key: code}`` of a coded column: its labels and codes, plus the importer's
        alias table (override ``aliases``)."""
        if column.key not in self._wordings:
            table = {}
            for code, label in column.codes:
                table[wording_key(code)] = code
                table[wording_key(label)] = code
            for wording, code in self.aliases(column).items():
                table.setdefault(wording_key(wording), code)
            self._wordings[column.key] = table
        return self._wordings[column.key]

    def aliases(self, column):
        """``{wording: code}`` beyond the labels (override: e.g. a district's alias table)."""
        return {}

    def value_mapping(self):
        """``{column key: {wording_key: code or ""}}`` chosen for this import (unknown values
        mapped once in the preview, or sent with an API call)."""
        options = getattr(self.ctx, "options", None) or {}
        return options.get("value_mapping") or {}

    def code_of(self, column, text):
        """``(code, known)`` for a cell of a coded column: ``known`` is False for a wording
        neither the table nor this import's value mapping knows (the code is then None)."""
        key = wording_key(text)
        code = self.vocabulary(column).get(key)
        if code is not None:
            return code, True
        chosen = self.value_mapping().get(column.key, {})
        if key in chosen:
            return (chosen[key] or None), True
        return None, False

    def label_of(self, column, code):
        for value, label in column.codes:
            if value == code:
                return str(label)
        return code

    @classmethod
    def column_options(cls, key):
        """``[(code, Chinese label)]`` of a coded column (for the preview's value mapping)."""
        for column in cls.columns:
            if column.key == key:
                return [(code, str(label)) for code, label in column.codes]
        return []

    def column(self, key):
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def heading(self, key):
        """The heading of column ``key``: an issue names its column by it (``row.error``)."""
        return self.column(key).label

    # --- validation -------------------------------------------------------------------------

    # Parsers of this importer depend on the cell alone (no state): a text cell seen before in
    # the job is read from a memo (dates, codes and employers repeat across a roster). Coded
    # columns and columns without a parser are always memoised: their reading depends only on
    # the cell and the job (its vocabulary and value mapping).
    pure_parsers = False
    MEMO_LIMIT = 50_000  # distinct cells remembered per column

    def _parse_plan(self):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = [
                (
                    column,
                    column.key,
                    {}
                    if column.codes or column.parser is None or self.pure_parsers
                    else None,  # None: parse every cell
                )
                for column in self.columns
            ]
        return plan

    def parse(self, row):
        """Parse every mapped column of ``row`` (required, then the column's parser)."""
        cells, values = row.raw, row.values
        limit = self.MEMO_LIMIT
        for column, key, memo in self._parse_plan():
            raw = cells.get(key)
            if memo is not None and type(raw) is str:
                found = memo.get(raw)
                if found is None:
                    found = self._parse_cell(column, raw)
                    if len(memo) < limit:
                        memo[raw] = found
            else:
                found = self._parse_cell(column, raw)
            value, error, unknown = found
            values[key] = value
            if error:
                row.error(column.label, error)
            elif unknown:
                row.unknown.append((key, unknown))
                row.warn(
                    column.label,
                    _("“{text}”不是已知的写法：请在预览中把它对应到一个选项，否则该项留空").format(
                        text=unknown
                    ),
                )

    def _parse_cell(self, column, raw):
        """``(value, error, unknown wording)`` of one cell of ``column``."""
        if column.keep_raw and column.parser is not None and not column.codes and _has_text(raw):
            value, error = column.parser(raw)  # the raw cell is all the parser needs
            return value, error, None
        text = cell_text(raw)
        if not text:
            return None, (_("必填，不能为空") if column.required else None), None
        if column.codes:
            code, known = self.code_of(column, text)
            return code, None, (None if known else text)
        if column.parser is None:
            return text, None, None
        value, error = column.parser(raw if column.keep_raw else text)
        return value, error, None

    def check_row(self, row):
        """Cross-field rules of one row (override)."""

    def check_batch(self, rows):
        """Rules across rows and against the database, for a batch (override): duplicates in
        the file, existing records (sets ``row.action``)."""

    def validate(self, rows):
        for row in rows:
            self.parse(row)
            self.check_row(row)  # runs whatever else is wrong: one pass lists every problem
        self.check_batch(rows)
        return rows

    # --- commit -------------------------------------------------------------------------------

    def commit(self, rows):
        """Write the valid ``rows`` (inside the caller's transaction); return counts by action."""
        raise NotImplementedError  # each importer writes its own records

    # --- template -----------------------------------------------------------------------------

    def template_rows(self):
        """Example rows for the downloadable template."""
        return [[column.example for column in self.columns]]
