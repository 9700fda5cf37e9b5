"""The streaming .xlsx reader gives the cells calamine gives (dates as Excel serial numbers),
for workbooks written by xlsxwriter (shared and inline strings) and by openpyxl."""

import datetime
import io

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from gonghui.core.imports import reading
from gonghui.core.imports.reading import ReadError, iter_table
from gonghui.core.imports.xlsx_stream import iter_xlsx

ROWS = [
    ["姓名", "身份证号", "数值", "日期", "布尔"],
    ["张三 & <李>", "110101199003070038", 12.5, datetime.date(2020, 1, 5), True],
    [],
    ["王五", "3.2010219900101E+17", 320102199001011234, None, False],
    ["a\"b'c", "", 3, "2020年1月5日", None],
]


def _xlsxwriter(constant_memory):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": constant_memory})
    sheet = book.add_worksheet("名册")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for i, row in enumerate(ROWS):
        for j, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(i, j, datetime.datetime.combine(value, datetime.time()), dates)
            elif value is not None:
                sheet.write(i, j, value)
    book.close()
    return buffer.getvalue()


def _openpyxl():
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row or [None])
    book.save(buffer)
    return buffer.getvalue()


def _trimmed(rows):
    result = []
    for row in rows:
        row = [None if c == "" else c for c in row]
        while row and row[-1] is None:
            row.pop()
        result.append(row)
    return result


@pytest.mark.parametrize(
    "data",
    [_xlsxwriter(False), _xlsxwriter(True), _openpyxl()],
    ids=["shared-strings", "inline-strings", "openpyxl"],
)
def test_streamed_rows_equal_calamine_rows_with_dates_as_serial_numbers(data):
    expected = _trimmed(
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    )
    expected[1][3] = 43835.0  # 2020-01-05 as Excel stores it
    assert _trimmed(iter_xlsx(io.BytesIO(data))) == expected


def test_large_sheets_are_streamed_and_broken_ones_are_a_clear_error(monkeypatch):
    monkeypatch.setattr(reading, "STREAM_XLSX_ROWS", 2)
    rows = list(iter_table(io.BytesIO(_xlsxwriter(True)), "roster.xlsx"))
    assert rows[1][:2] == ["张三 & <李>", "110101199003070038"] and rows[2] == []
    data = bytearray(_xlsxwriter(False))
    with pytest.raises(ReadError):
        list(iter_table(io.BytesIO(bytes(data[: len(data) // 2])), "roster.xlsx"))
