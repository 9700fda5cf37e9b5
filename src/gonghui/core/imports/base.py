"""The import framework: importers declare columns, validate rows and commit them.

An importer reads a table (``reading.read_table``), maps source headers to its columns, parses and
validates every row (row number, column and a Chinese reason for each problem; warnings kept apart
from errors), offers a preview, then commits all rows or none, or only the valid rows with the
rest returned as an error workbook. Importing the same file twice changes nothing: ``commit``
upserts and counts unchanged rows.
"""

from dataclasses import dataclass, field

from gonghui.core.text.normalize import clean_text, to_halfwidth


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


@dataclass
class Row:
    number: int  # row number in the source file (1-based, as Excel shows it)
    raw: dict  # column key -> raw cell
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    action: str = ""  # create / update / unchanged / transfer ...

    @property
    def ok(self):
        return not self.errors

    def error(self, column, message):
        self.errors.append(Issue(self.number, column, message))

    def warn(self, column, message):
        self.warnings.append(Issue(self.number, column, message, "warning"))


def cell_text(value):
    """A cell as normalised text: half-width, trimmed; numbers as Excel shows them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).upper()
    if isinstance(value, int):
        return str(value)
    return clean_text(to_halfwidth(str(value)))


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

    def column(self, key):
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    # --- validation -------------------------------------------------------------------------

    def parse(self, row):
        """Parse every mapped column of ``row`` (required, then the column's parser)."""
        for column in self.columns:
            raw = row.raw.get(column.key)
            text = cell_text(raw)
            if not text:
                if column.required:
                    row.error(column.label, "必填，不能为空")
                row.values[column.key] = None
                continue
            if column.parser is None:
                row.values[column.key] = text
                continue
            value, error = column.parser(raw if column.keep_raw else text)
            if error:
                row.error(column.label, error)
            row.values[column.key] = value

    def check_row(self, row):
        """Cross-field rules of one row (override)."""

    def check_batch(self, rows):
        """Rules across rows and against the database, for a batch (override): duplicates in
        the file, existing records (sets ``row.action``)."""

    def validate(self, rows):
        for row in rows:
            self.parse(row)
            if row.ok:
                self.check_row(row)
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
