"""Reading uploaded tables: .xlsx streamed with lxml (``xlsx_stream``), the old binary .xls
with calamine, .csv in UTF-8, UTF-8 with BOM or GB18030.

Returns rows as lists of cells (dates as dates and numbers as numbers, so an ID number that
Excel stored as a number is seen as one).
"""

import codecs
import csv
import io
import re
import zipfile

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

SNIFF_BYTES = 1 << 16


class ReadError(Exception):
    """The file cannot be read as a table; the message is for the user (Chinese)."""


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030 编码"))


def _as_file(source):
    return io.BytesIO(source) if isinstance(source, bytes | bytearray) else source


def csv_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030, judged from the first bytes of the file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise ReadError(_("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030 编码")) from None


def iter_csv(handle):
    """Rows of a CSV file read as a stream (never the whole file in memory at once)."""
    head = handle.read(SNIFF_BYTES)
    encoding = csv_encoding(head)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    sample = text.read(4096)
    text.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(text, dialect)
    except UnicodeDecodeError as exc:
        raise ReadError(
            _(
                "CSV 文件中途出现无法识别的字符：文件的编码不一致，请整体另存为 UTF-8 或 GB18030 编码"
            )
        ) from exc
    except csv.Error as exc:
        raise ReadError(_("CSV 文件格式有误：{exc}").format(exc=exc)) from exc
    finally:
        text.detach()  # the caller owns (and closes) the binary file


def iter_table(source, filename: str):
    """Rows of the first sheet (or the CSV) as lists of cell values, streamed. ``source`` is
    the file's bytes or a binary file object (kept open by the caller while rows are read)."""
    name = filename.lower()
    handle = _as_file(source)
    if name.endswith(".csv"):
        return iter_csv(handle)
    if name.endswith((".xlsx", ".xlsm")):
        return _streamed_xlsx(handle)
    if name.endswith(".xls"):
        try:
            workbook = CalamineWorkbook.from_filelike(handle)
            sheet = workbook.get_sheet_by_index(0)
            return _guarded(sheet.iter_rows())
        except Exception as exc:  # calamine raises its own error types
            raise ReadError(_("文件无法读取：不是有效的 Excel 文件，或文件已损坏")) from exc
    raise ReadError(_("不支持的文件类型：请上传 .xlsx、.xls 或 .csv 文件"))


def _streamed_xlsx(handle):
    from .xlsx_stream import XlsxStreamError, iter_xlsx

    try:
        yield from iter_xlsx(handle)
    except (XlsxStreamError, ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:
        raise ReadError(
            getattr(exc, "user_message", "")
            or _("文件无法读取：Excel 文件内容有损坏或格式不受支持，可另存为 .xlsx 或 .csv 后重试")
        ) from exc


def _guarded(rows):
    try:
        yield from rows
    except Exception as exc:
        raise ReadError(_("文件读取中断：Excel 文件内容有损坏")) from exc


def read_table(data: bytes, filename: str):
    """All rows as a list (small files and previews)."""
    return list(iter_table(data, filename))


def _non_empty(row):
    return [c for c in row if c not in (None, "") and str(c).strip()]


def find_header_row(rows, known_labels, scan=10):
    """Index of the header row: the first of the first ``scan`` rows that names at least two
    known columns, else the first with the most non-empty cells (skips merged title rows)."""
    known = {label.strip() for label in known_labels}
    best, best_count = 0, -1
    for index, row in enumerate(rows[:scan]):
        cells = [str(c).strip() for c in row if c not in (None, "")]
        if sum(1 for c in cells if c in known) >= 2:
            return index
        if len(cells) > best_count:
            best, best_count = index, len(cells)
    return best


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')


def estimate_rows(source, filename: str) -> int:
    """Roughly how many rows the file has, without parsing it into Python objects (a CSV's
    line count; an .xlsx sheet's declared dimension)."""
    handle = _as_file(source)
    name = filename.lower()
    try:
        if name.endswith(".csv"):
            handle.seek(0)
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
            return lines
        if name.endswith((".xlsx", ".xlsm")):
            with zipfile.ZipFile(handle) as archive:
                sheets = sorted(
                    n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")
                )
                if sheets:
                    with archive.open(sheets[0]) as sheet:
                        found = _DIMENSION.search(sheet.read(SNIFF_BYTES))
                    if found:
                        return int(found.group(1))
        handle.seek(0)
        sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0)
        return sheet.total_height
    except Exception:  # unreadable files are reported when read
        return 0
    finally:
        handle.seek(0)
