"""Reading uploaded tables: .xlsx and .xls with calamine, .csv in UTF-8, UTF-8 with BOM or GB18030.

Returns rows as lists of cells (calamine keeps dates as dates and numbers as numbers, so an ID
number that Excel stored as a number is seen as one).
"""

import csv
import io

from python_calamine import CalamineWorkbook


class ReadError(Exception):
    """The file cannot be read as a table; the message is for the user (Chinese)."""


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030 编码")


def iter_table(data: bytes, filename: str):
    """Rows of the first sheet (or the CSV) as lists of cell values, streamed."""
    name = filename.lower()
    if name.endswith(".csv"):
        text = decode_csv(data)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        return csv.reader(io.StringIO(text), dialect)
    if name.endswith((".xlsx", ".xls", ".xlsm")):
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = workbook.get_sheet_by_index(0)
            return _guarded(sheet.iter_rows())
        except Exception as exc:  # calamine raises its own error types
            raise ReadError("文件无法读取：不是有效的 Excel 文件，或文件已损坏") from exc
    raise ReadError("不支持的文件类型：请上传 .xlsx、.xls 或 .csv 文件")


def _guarded(rows):
    try:
        yield from rows
    except Exception as exc:
        raise ReadError("文件读取中断：Excel 文件内容有损坏") from exc


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


def estimate_rows(data: bytes, filename: str) -> int:
    """Roughly how many rows the file has, without parsing it into Python objects."""
    if filename.lower().endswith(".csv"):
        return data.count(b"\n")
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        return sheet.total_height
    except Exception:  # unreadable files are reported when read
        return 0
