"""The one .xlsx reader (lxml iterparse) reads workbooks in the shapes Excel, WPS and LibreOffice
write, gives what calamine gives for ordinary files, and refuses zip bombs and over-wide rows."""

import datetime
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from gonghui.core.imports import xlsx_stream
from gonghui.core.imports.reading import ReadError, iter_table
from gonghui.core.imports.xlsx_stream import iter_xlsx

ROWS = [
    ["姓名", "身份证号", "数值", "日期", "布尔"],
    ["张三 & <李>", "110101199003070038", 12.5, datetime.date(2020, 1, 5), True],
    [],
    ["王五", "3.2010219900101E+17", 320102199001011234, None, False],
    ["a\"b'c", "", 3, "2020年1月5日", None],
]


def _xlsxwriter(constant_memory, date1904=False):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": constant_memory, "date_1904": date1904})
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


def _openpyxl(date1904=False):
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    if date1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
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


EXPECTED = [
    ["姓名", "身份证号", "数值", "日期", "布尔"],
    ["张三 & <李>", "110101199003070038", 12.5, datetime.date(2020, 1, 5), True],
    [],
    ["王五", "3.2010219900101E+17", pytest.approx(3.2010219900101e17, rel=1e-14), None, False],
    ["a\"b'c", None, 3.0, "2020年1月5日"],
]


@pytest.mark.parametrize(
    "data",
    [_xlsxwriter(False), _xlsxwriter(True), _openpyxl()],
    ids=["shared-strings", "inline-strings", "openpyxl"],
)
def test_rows_equal_calamine_rows(data):
    calamine = _trimmed(
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    )
    streamed = _trimmed(iter_xlsx(io.BytesIO(data)))
    assert streamed == EXPECTED
    assert streamed == calamine


@pytest.mark.parametrize("data", [_xlsxwriter(False, True), _openpyxl(True)], ids=["xw", "op"])
def test_1904_dates_are_not_shifted(data):
    rows = list(iter_xlsx(io.BytesIO(data)))
    assert rows[1][3] == datetime.date(2020, 1, 5)


CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _package(sheet, shared=None, styles=None, workbook_pr="", prefix=""):
    p = f"{prefix}:" if prefix else ""
    ns = f"xmlns{':' + prefix if prefix else ''}='{MAIN}'"
    workbook = (
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        f"<{p}workbook {ns} xmlns:r='{RELS}'>{workbook_pr}"
        f"<{p}sheets><{p}sheet name='Sheet1' sheetId='1' r:id='rId1'/></{p}sheets></{p}workbook>"
    )
    rels = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        "<Relationship Id='rId1' Type='x' Target='worksheets/sheet1.xml'/></Relationships>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CT)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared:
            archive.writestr("xl/sharedStrings.xml", shared)
        if styles:
            archive.writestr("xl/styles.xml", styles)
    return buffer.getvalue()


def test_wps_shape_single_quoted_attributes_rich_text_and_phonetic_runs():
    shared = (
        f"<sst xmlns='{MAIN}' count='3' uniqueCount='3'>"
        "<si><t>姓名</t></si>"
        "<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space='preserve'>三 </t></r>"
        "<rPh sb='0' eb='1'><t>ちょう</t></rPh></si>"
        "<si><t/></si></sst>"
    )
    sheet = (
        f"<worksheet xmlns='{MAIN}'><sheetData>"
        "<row r='1'><c r='A1' t='s'><v>0</v></c><c r='C1' t='inlineStr'><is><t>备注</t></is></c></row>"
        "<row r='3' spans='1:3'><c r='A3' t='s'><v>1</v></c><c r='B3' t='s'><v>2</v></c>"
        "<c r='C3' t='str'><f>A3</f><v>张三 </v></c></row>"
        "</sheetData></worksheet>"
    )
    rows = list(iter_xlsx(io.BytesIO(_package(sheet, shared))))
    assert rows == [["姓名", None, "备注"], [], ["张三 ", "", "张三 "]]


def test_prefixed_namespace_cells_without_references_and_a_merged_title_row():
    sheet = (
        f"<x:worksheet xmlns:x='{MAIN}'><x:sheetData>"
        "<x:row r='1'><x:c r='A1' t='inlineStr'><x:is><x:t>2024年会员名册</x:t></x:is></x:c></x:row>"
        "<x:row><x:c t='inlineStr'><x:is><x:t>姓名</x:t></x:is></x:c>"
        "<x:c t='inlineStr'><x:is><x:t>入会日期</x:t></x:is></x:c></x:row>"
        "<x:row><x:c t='inlineStr'><x:is><x:t>李四</x:t></x:is></x:c><x:c s='1'><x:v>43835</x:v></x:c></x:row>"
        "</x:sheetData><x:mergeCells count='1'><x:mergeCell ref='A1:B1'/></x:mergeCells></x:worksheet>"
    )
    styles = (
        f"<styleSheet xmlns='{MAIN}'><numFmts count='1'>"
        "<numFmt numFmtId='176' formatCode='yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;'/>"
        "</numFmts><cellXfs count='2'><xf numFmtId='0'/><xf numFmtId='176'/></cellXfs></styleSheet>"
    )
    rows = list(iter_xlsx(io.BytesIO(_package(sheet, styles=styles, prefix="x"))))
    assert rows == [["2024年会员名册"], ["姓名", "入会日期"], ["李四", datetime.date(2020, 1, 5)]]


def test_libreoffice_shape_1904_flag_and_builtin_date_style():
    sheet = (
        f"<worksheet xmlns='{MAIN}'><sheetData>"
        "<row r='1'><c r='A1' s='1' t='n'><v>42369</v></c><c r='B1' t='n'><v>42369</v></c>"
        "<c r='C1' t='b'><v>0</v></c><c r='D1' t='e'><v>#N/A</v></c></row>"
        "</sheetData></worksheet>"
    )
    styles = f"<styleSheet xmlns='{MAIN}'><cellXfs><xf numFmtId='0'/><xf numFmtId='14'/></cellXfs></styleSheet>"
    rows = list(
        iter_xlsx(
            io.BytesIO(_package(sheet, styles=styles, workbook_pr="<workbookPr date1904='true'/>"))
        )
    )
    assert rows == [[datetime.date(2020, 1, 1), 42369.0, False, "#N/A"]]


def test_a_zip_bomb_is_refused_with_a_chinese_message(monkeypatch):
    monkeypatch.setattr(xlsx_stream, "MAX_UNCOMPRESSED", 1 << 20)
    filler = "<row><c t='inlineStr'><is><t>" + "x" * 1000 + "</t></is></c></row>"
    sheet = f"<worksheet xmlns='{MAIN}'><sheetData>" + filler * 3000 + "</sheetData></worksheet>"
    data = _package(sheet)
    assert len(data) < 100_000  # 3 MB of XML in a small file
    with pytest.raises(ReadError) as error:
        list(iter_table(io.BytesIO(data), "roster.xlsx"))
    assert "文件解压后超过 1 MB 上限" in str(error.value)


def test_a_sheet_larger_than_the_other_parts_may_be_is_read_as_a_stream(monkeypatch):
    """The sheet streams (a 1,048,576-row roster is ~570 MB of XML): only the parts kept in
    memory — shared strings, styles, the workbook — have the smaller bound."""
    monkeypatch.setattr(xlsx_stream, "MAX_PART", 1 << 20)
    filler = "<row><c t='inlineStr'><is><t>" + "x" * 1000 + "</t></is></c></row>"
    sheet = f"<worksheet xmlns='{MAIN}'><sheetData>" + filler * 3000 + "</sheetData></worksheet>"
    rows = list(iter_table(io.BytesIO(_package(sheet)), "roster.xlsx"))
    assert len(rows) == 3000 and rows[-1] == ["x" * 1000]
    shared = f"<sst xmlns='{MAIN}'>" + ("<si><t>" + "z" * 1000 + "</t></si>") * 2000 + "</sst>"
    small = f"<worksheet xmlns='{MAIN}'><sheetData><row><c t='s'><v>0</v></c></row></sheetData></worksheet>"
    with pytest.raises(ReadError) as error:
        list(iter_table(io.BytesIO(_package(small, shared=shared)), "roster.xlsx"))
    assert "文件解压后超过 1 MB 上限" in str(error.value)


def test_a_row_beyond_the_column_limit_is_refused():
    cells = "".join("<c t='inlineStr'><is><t>a</t></is></c>" for _ in range(2001))
    sheet = f"<worksheet xmlns='{MAIN}'><sheetData><row r='1'>{cells}</row></sheetData></worksheet>"
    with pytest.raises(ReadError) as error:
        list(iter_table(io.BytesIO(_package(sheet)), "roster.xlsx"))
    assert str(error.value) == "第 1 行超过 2000 列上限，请删除多余的列后重试"


def test_entities_are_not_expanded():
    sheet = (
        "<?xml version='1.0'?><!DOCTYPE w [<!ENTITY a 'aaaaaaaaaa'>"
        "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
        f"<worksheet xmlns='{MAIN}'><sheetData><row r='1'><c t='inlineStr'><is><t>&b;</t></is></c>"
        "</row></sheetData></worksheet>"
    )
    rows = list(iter_table(io.BytesIO(_package(sheet)), "roster.xlsx"))
    assert rows[0] in ([], [""], [None])


def test_broken_files_are_a_clear_error():
    data = bytearray(_xlsxwriter(False))
    with pytest.raises(ReadError) as error:
        list(iter_table(io.BytesIO(bytes(data[: len(data) // 2])), "roster.xlsx"))
    assert str(error.value).startswith("文件无法读取")
