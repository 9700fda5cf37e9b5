"""Reading an .xlsx sheet as a stream, row by row, with a real XML parser (lxml ``iterparse``).

Used for every .xlsx, whatever its size, so small and large files read the same. Each ``<row>``
element is cleared once read, so memory stays flat. The package is untrusted: the decompressed
size of every part read is bounded (a zip bomb is refused, not inflated), and so is the number of
cells of one row and the text of one cell.

What the spreadsheet programs write is understood by the parser, not by patterns: shared strings,
inline strings and rich text (phonetic runs left out), single- or double-quoted attributes, any
namespace prefix, the strict OOXML namespace, cells without ``r`` references, and blank rows left
out of the XML (they come back as empty lists, so row numbers stay Excel's). A number in a cell
whose style is a date format comes back as a ``datetime`` (``date`` when it has no time), counted
from the workbook's own epoch (1900, or 1904 when the workbook says ``date1904``).
"""

import datetime
import re
import zipfile

from django.utils.translation import gettext as _
from lxml import etree

# Bytes the sheet may decompress to. It is read as a stream (each row cleared once read), so
# this bounds the work a file can cause, not memory: Excel's 1,048,576 rows of an 11-column
# roster written with inline strings (xlsxwriter's constant-memory mode, many HR systems) are
# ~570 MB of XML (71 MB zipped), over the 512 MB this limit used to be for every part.
MAX_UNCOMPRESSED = 2 << 30
# Bytes any other part may decompress to: the shared strings are kept in memory and the small
# parts (workbook, relationships, styles) are parsed whole.
MAX_PART = 512 << 20
MAX_ROW_CELLS = 2000  # cells in one row
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell's text

_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_RELS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_BUILTIN_DATE_FORMATS = {
    *range(14, 23),
    *range(27, 37),
    *range(45, 48),
    *range(50, 59),
}
_DATE_TOKENS = re.compile(r"[ymdhs]", re.I)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_EPOCH_1900 = datetime.datetime(1899, 12, 30)
_EPOCH_1904 = datetime.datetime(1904, 1, 1)
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False}


class XlsxStreamError(Exception):
    """The package is not an .xlsx this reader understands; ``user_message`` (Chinese) says why
    when the reason is one the user can act on."""

    def __init__(self, message, user_message=""):
        super().__init__(message)
        self.user_message = user_message


class TooLarge(XlsxStreamError):
    pass


class _Bounded:
    """A file-like view of a zip member that refuses to give more than ``limit`` bytes."""

    def __init__(self, raw, limit, name):
        self.raw, self.limit, self.name, self.read_bytes = raw, limit, name, 0

    def read(self, size=-1):
        chunk = self.raw.read(size if size and size > 0 else 1 << 16)
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise TooLarge(
                f"{self.name} decompresses beyond {self.limit} bytes",
                _(
                    "文件解压后超过 {value} MB 上限（可能是异常或被篡改的文件），请删除多余内容或拆分后重试"
                ).format(value=self.limit >> 20),
            )
        return chunk


_LOCAL_NAMES = {}  # "{namespace}name" -> "name": a sheet has a handful of distinct tags


def _local(tag):
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[tag] = name
    return name


def _open(archive, name, limit):
    return _Bounded(archive.open(name), limit, name)


def _parse(archive, name, limit):
    """A small part (workbook, relationships, styles) parsed whole, within ``limit``."""
    with archive.open(name) as raw:
        data = _Bounded(raw, limit, name).read(limit + 1)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XlsxStreamError(f"{name}: {exc}") from exc


def _first_sheet(archive, limit):
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise XlsxStreamError("no workbook")
    workbook = _parse(archive, "xl/workbook.xml", limit)
    date1904 = False
    rel_id = None
    for element in workbook.iter():
        name = _local(element.tag)
        if name == "workbookPr":
            date1904 = element.get("date1904", "0").lower() in ("1", "true")
        elif name == "sheet" and rel_id is None:
            rel_id = element.get(f"{{{_RELS}}}id") or element.get(f"{{{_STRICT_RELS}}}id")
    if rel_id is None:
        raise XlsxStreamError("no sheet")
    path = None
    if "xl/_rels/workbook.xml.rels" in names:
        rels = _parse(archive, "xl/_rels/workbook.xml.rels", limit)
        for element in rels.iter():
            if _local(element.tag) == "Relationship" and element.get("Id") == rel_id:
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                break
    if path not in names:
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        if not sheets:
            raise XlsxStreamError("sheet not found")
        path = sheets[0]
    return path, date1904


def _text_of(element):
    """The text of a string item: its ``t`` runs, phonetic (``rPh``) runs left out."""
    if len(element) == 1 and _local(element[0].tag) == "t":  # plain text, the usual item
        return (element[0].text or "")[:MAX_CELL_CHARS]
    parts = []
    for child in element.iter("{*}t"):
        if child.text:
            parent = child.getparent()
            if parent is not element and _local(parent.tag) == "rPh":
                continue
            parts.append(child.text)
    return "".join(parts)[:MAX_CELL_CHARS]


def _shared_strings(archive, limit):
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    with archive.open("xl/sharedStrings.xml") as raw:
        for _event, element in etree.iterparse(
            _Bounded(raw, limit, "sharedStrings"), events=("end",), tag="{*}si", **_PARSER_OPTIONS
        ):
            strings.append(_text_of(element))
            element.clear()
    return strings


def _is_date_format(code):
    code = _QUOTED.sub("", code or "")
    return bool(_DATE_TOKENS.search(code)) and "General" not in code


def _date_styles(archive, limit):
    """Indexes of the cell formats (``s`` attribute) that show a date."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    styles = _parse(archive, "xl/styles.xml", limit)
    custom = {}
    date_styles = set()
    for element in styles.iter():
        if _local(element.tag) == "numFmt":
            try:
                custom[int(element.get("numFmtId", "-1"))] = element.get("formatCode", "")
            except ValueError:
                continue
    for element in styles.iter():
        if _local(element.tag) != "cellXfs":
            continue
        for index, xf in enumerate(x for x in element if _local(x.tag) == "xf"):
            try:
                fmt = int(xf.get("numFmtId", "0"))
            except ValueError:
                continue
            if fmt in _BUILTIN_DATE_FORMATS or (fmt in custom and _is_date_format(custom[fmt])):
                date_styles.add(index)
        break
    return frozenset(date_styles)


def _column_index(ref):
    index = 0
    for char in ref:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
    return index - 1 if index else None


def _as_date(serial, epoch):
    moment = epoch + datetime.timedelta(days=serial)
    if epoch is _EPOCH_1900 and serial < 61:  # Excel's phantom 1900-02-29
        moment += datetime.timedelta(days=1)
    if moment.hour == moment.minute == moment.second == moment.microsecond == 0:
        return moment.date()
    return moment


class _Sheet:
    COLUMN_MEMO = 16_384  # Excel's widest sheet (XFD)

    def __init__(self, shared, date_styles, epoch):
        self.shared, self.date_styles, self.epoch = shared, date_styles, epoch
        self.columns = {}  # a reference's letters ("AB" of "AB12") -> column index

    def column(self, ref):
        letters = ref.rstrip("0123456789")
        index = self.columns.get(letters, -1)
        if index == -1:
            index = _column_index(letters)
            if len(self.columns) < self.COLUMN_MEMO:
                self.columns[letters] = index
        return index

    def value(self, cell):
        kind = cell.get("t", "n")
        # A cell's few children (value, formula, inline string) read directly: ``find`` with
        # a namespace wildcard costs ~1.3 µs a call, several times the loop (a 1M-row sheet
        # has ten million cells).
        if kind == "inlineStr":
            for child in cell:
                if _local(child.tag) == "is":
                    return _text_of(child)
            return ""
        text = None
        for child in cell:
            if _local(child.tag) == "v":
                text = child.text or ""
                break
        if text is None:
            return None
        if kind == "s":
            try:
                return self.shared[int(text)]
            except (ValueError, IndexError) as exc:
                raise XlsxStreamError("bad shared string index") from exc
        if kind in ("str", "e", "d"):
            return text[:MAX_CELL_CHARS]
        if kind == "b":
            return text.strip() in ("1", "true")
        try:
            number = float(text)
        except ValueError:
            return text[:MAX_CELL_CHARS]
        style = cell.get("s")
        if style is not None and self.date_styles and style.isdigit():
            if int(style) in self.date_styles:
                try:
                    return _as_date(number, self.epoch)
                except (OverflowError, ValueError):
                    return number
        return number

    def cells(self, row):
        cells = []
        for cell in row.iterchildren("{*}c"):
            ref = cell.get("r")
            position = self.column(ref) if ref else None
            if position is None:
                position = len(cells)
            if position >= MAX_ROW_CELLS:
                raise TooLarge(
                    "row too wide",
                    _("第 {value} 行超过 {MAX_ROW_CELLS} 列上限，请删除多余的列后重试").format(
                        value=row.get("r") or "?", MAX_ROW_CELLS=MAX_ROW_CELLS
                    ),
                )
            value = self.value(cell)
            if position >= len(cells):
                cells.extend([None] * (position - len(cells)))
                cells.append(value)
            else:
                cells[position] = value
        while cells and cells[-1] in (None, ""):
            cells.pop()
        return cells


def iter_xlsx(handle, max_uncompressed=None):
    """Rows of the workbook's first sheet as lists of cell values, streamed."""
    max_uncompressed = max_uncompressed or MAX_UNCOMPRESSED
    part_limit = min(max_uncompressed, MAX_PART)
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise XlsxStreamError(
            "not a zip", _("文件无法读取：不是有效的 Excel 文件，或文件已损坏")
        ) from exc
    with archive:
        sheet_name, date1904 = _first_sheet(archive, part_limit)
        shared = _shared_strings(archive, part_limit)
        sheet = _Sheet(
            shared,
            _date_styles(archive, part_limit),
            _EPOCH_1904 if date1904 else _EPOCH_1900,
        )
        number = 0
        with archive.open(sheet_name) as raw:
            source = _Bounded(raw, max_uncompressed, sheet_name)
            try:
                for _event, row in etree.iterparse(
                    source, events=("end",), tag="{*}row", **_PARSER_OPTIONS
                ):
                    at = row.get("r")
                    at = int(at) if at and at.isdigit() else number + 1
                    while number + 1 < at:  # blank rows are left out of the XML
                        number += 1
                        yield []
                    number = max(at, number + 1) if at <= number else at
                    yield sheet.cells(row)
                    row.clear()
                    parent = row.getparent()
                    if parent is not None:
                        while row.getprevious() is not None:
                            del parent[0]
            except etree.XMLSyntaxError as exc:
                raise XlsxStreamError(f"sheet: {exc}") from exc
