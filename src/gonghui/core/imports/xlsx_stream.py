"""Reading a large .xlsx sheet as a stream, row by row, in little memory.

calamine (``reading.iter_table``) loads a whole sheet into memory: about 1 GB for a million
roster rows, over the import's memory budget (DESIGN.md §5: 600 MB). An .xlsx sheet is a zipped
XML file; this reader decompresses it in chunks and cuts it into ``<row>`` elements with
regular expressions (the XML that spreadsheet programs write is regular: ``<row r="2"><c r="B2"
t="s"><v>7</v></c>…</row>``), so memory stays flat whatever the number of rows.

Cells come back as calamine gives them, except that a date cell is its Excel serial number (a
float): the importers' date parsers read serial numbers. Shared strings are read once into a
list; inline strings, numbers, booleans, formula results and errors are handled; rows missing
from the XML (blank rows) come back as empty lists, so row numbers stay Excel's.
"""

import re
import zipfile
from html import unescape

CHUNK = 1 << 20
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>|<(?:\w+:)?t\s*/>", re.S)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_ROW_END = re.compile(rb"</(?:\w+:)?row>|<(?:\w+:)?row\b[^>]*/>")
_SI = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si\s*/>", re.S)
_COLUMN = re.compile(rb"[A-Z]+")


class XlsxStreamError(Exception):
    """The package is not an .xlsx this reader understands (the caller falls back)."""


def _attrs(raw):
    return {k.split(b":")[-1]: v for k, v in _ATTR.findall(raw)}


def _text(raw):
    raw = _PHONETIC.sub(b"", raw)
    return unescape(b"".join(m.group(1) or b"" for m in _TEXT.finditer(raw)).decode("utf-8"))


def _column_index(ref):
    letters = _COLUMN.match(ref)
    if not letters:
        return None
    index = 0
    for char in letters.group():
        index = index * 26 + char - 64
    return index - 1


def _first_sheet(archive):
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError as exc:
        raise XlsxStreamError("no workbook") from exc
    sheet = re.search(rb"<(?:\w+:)?sheet\b([^>]*)/?>", workbook)
    if sheet is None:
        raise XlsxStreamError("no sheet")
    rel_id = _attrs(sheet.group(1)).get(b"id")
    for tag in re.finditer(rb"<(?:\w+:)?Relationship\b([^>]*)/?>", rels):
        attrs = _attrs(tag.group(1))
        if attrs.get(b"Id") == rel_id:
            target = attrs.get(b"Target", b"").decode()
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if path in names:
                return path
    raise XlsxStreamError("sheet not found")


def _shared_strings(archive):
    try:
        data = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return []
    return [_text(m.group(1)) if m.group(1) is not None else "" for m in _SI.finditer(data)]


def _value(attrs, body, shared):
    kind = attrs.get(b"t", b"n")
    if kind == b"inlineStr":
        return _text(body)
    found = _VALUE.search(body)
    if found is None:
        return None
    text = found.group(1)
    if kind == b"s":
        return shared[int(text)]
    if kind in (b"str", b"d"):
        return unescape(text.decode("utf-8"))
    if kind == b"b":
        return text.strip() == b"1"
    if kind == b"e":
        return unescape(text.decode("utf-8"))
    return float(text)  # as calamine gives numbers


def _row_cells(body, shared):
    cells = []
    for match in _CELL.finditer(body or b""):
        attrs = _attrs(match.group(1))
        position = _column_index(attrs[b"r"]) if b"r" in attrs else len(cells)
        if position is None:
            position = len(cells)
        value = _value(attrs, match.group(2) or b"", shared)
        if position >= len(cells):
            cells.extend([None] * (position - len(cells)))
            cells.append(value)
        else:
            cells[position] = value
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def iter_xlsx(handle):
    """Rows of the workbook's first sheet as lists of cell values, streamed."""
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile as exc:
        raise XlsxStreamError("not a zip") from exc
    with archive:
        shared = _shared_strings(archive)
        number = 0
        with archive.open(_first_sheet(archive)) as sheet:
            buffer = b""
            while True:
                chunk = sheet.read(CHUNK)
                buffer += chunk
                ends = [m.end() for m in _ROW_END.finditer(buffer)]
                cut = ends[-1] if ends else 0
                if not chunk:
                    cut = len(buffer)
                for match in _ROW.finditer(buffer, 0, cut):
                    attrs = _attrs(match.group(1))
                    at = int(attrs[b"r"]) if b"r" in attrs else number + 1
                    while number + 1 < at:  # blank rows are left out of the XML
                        number += 1
                        yield []
                    number = at
                    yield _row_cells(match.group(2), shared)
                buffer = buffer[cut:]
                if not chunk:
                    return
