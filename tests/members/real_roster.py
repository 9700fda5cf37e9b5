"""A roster as unions really keep it (issue #13): Chinese headers, the wordings staff write
(合同制, 高中, 硕士, 外卖骑手, 党员, M/F/1/2 …), full-width digits, lowercase x, ID numbers Excel
turned into numbers, mixed date styles, duplicates — as a GB18030 CSV and as an .xlsx.

``ROWS`` are the data rows (sheet row = index + 2); ``BAD`` maps the sheet rows that are truly
wrong to the one error each must get (column, start of the message). Every other row is valid.
"""

import csv
import datetime
import io

import openpyxl

from gonghui.core.text.idnumbers import make_id_number

HEADERS = [
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "民族",
    "学历",
    "用工形式",
    "政治面貌",
    "工作单位",
    "入会日期",
]

GENDERS = [
    ("男", "M"),
    ("女", "F"),
    ("M", "M"),
    ("F", "F"),
    ("1", "M"),
    ("2", "F"),
    ("男性", "M"),
    ("女性", "F"),
]
ETHNICITIES = [
    ("汉", "汉族"),
    ("汉族", "汉族"),
    ("回族", "回族"),
    ("满", "满族"),
    ("维族", "维吾尔族"),
]
EDUCATION = [
    ("高中", "senior"),
    ("中专", "senior"),
    ("职高", "senior"),
    ("技校", "senior"),
    ("大专", "college"),
    ("专科", "college"),
    ("本科", "bachelor"),
    ("大学本科", "bachelor"),
    ("学士", "bachelor"),
    ("硕士", "postgraduate"),
    ("博士", "postgraduate"),
    ("研究生", "postgraduate"),
    ("初中", "junior"),
    ("高中/中专/技校", "senior"),
]
EMPLOYMENT = [
    ("合同制", "regular"),
    ("合同工", "regular"),
    ("正式工", "regular"),
    ("劳动合同", "regular"),
    ("劳动合同制", "regular"),
    ("派遣", "dispatch"),
    ("劳务派遣", "dispatch"),
    ("外包", "other"),
    ("临时工", "other"),
    ("灵活就业", "new_form"),
    ("快递员", "new_form"),
    ("外卖骑手", "new_form"),
    ("网约车司机", "new_form"),
    ("农民工", "migrant"),
    ("退休返聘", "retired_reemployed"),
]
POLITICAL = [
    ("中共党员", "cpc"),
    ("党员", "cpc"),
    ("预备党员", "cpc_probation"),
    ("团员", "league"),
    ("共青团员", "league"),
    ("群众", "masses"),
    ("无党派", "independent"),
    ("民盟", "democratic"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _date_text(day, style):
    return [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}/{day.month:02d}/{day.day:02d}",
    ][style % 5]


def _id_with_x(born, start):
    for seq in range(start, start + 400):
        number = make_id_number("320102", born, seq)
        if number.endswith("X"):
            return number
    raise AssertionError("no ID with X")


def build(count=166, offset=0):
    """``offset``: rows above the header row (a title row) in the file.

    ``(rows, expected, bad)``: rows as cell lists (strings; ``xlsx_rows`` turns some into
    dates and numbers), the expected member fields of each good row by ID, the bad rows."""
    rows, expected, bad = [], {}, {}
    for i in range(count):
        word_gender, gender = GENDERS[i % len(GENDERS)]
        born = datetime.date(1965 + i % 35, 1 + i % 12, 1 + i % 27)
        if i % 23 == 5:
            id_number = _id_with_x(born, i).lower()  # lowercase x
            gender = "M" if int(id_number[16]) % 2 else "F"
            word_gender = "男" if gender == "M" else "女"
        else:
            id_number = make_id_number("320102", born, i % 400, gender)
        ethnicity_word, ethnicity = ETHNICITIES[i % len(ETHNICITIES)]
        education_word, education = EDUCATION[i % len(EDUCATION)]
        employment_word, employment = EMPLOYMENT[i % len(EMPLOYMENT)]
        political_word, political = POLITICAL[i % len(POLITICAL)]
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[i % len(GIVEN)]
        phone = f"139{i:08d}"
        shown_phone = phone.translate(FULLWIDTH) if i % 4 == 1 else phone
        joined = datetime.date(2010 + i % 14, 1 + i % 12, 1 + (i * 3) % 28)
        rows.append(
            [
                name,
                word_gender,
                id_number.translate(FULLWIDTH) if i % 11 == 3 else id_number,
                shown_phone,
                ethnicity_word,
                education_word,
                employment_word,
                political_word,
                "",
                _date_text(joined, i),
            ]
        )
        expected[id_number.upper()] = {
            "name": name,
            "gender": gender,
            "ethnicity": ethnicity,
            "education": education,
            "employment_form": employment,
            "political_status": political,
            "phone": phone,
            "join_date": joined,
        }

    if count <= 100:  # a short roster of good rows only
        return rows, expected, bad

    # The truly bad rows (each keeps a staff wording such as 合同制: it must not hide them).
    def spoil(index, column, value, error):
        row = rows[index]
        expected.pop(_half(row[2]).upper(), None)
        row[HEADERS.index(column)] = value
        bad[index + 2] = error

    spoil(10, "身份证号", "3.20102198801E+17", ("身份证号", "身份证号被 Excel 转成了数字"))
    spoil(20, "身份证号", "3.20102197502E+17", ("身份证号", "身份证号被 Excel 转成了数字"))
    spoil(
        30,
        "身份证号",
        rows[30][2][:-1] + ("1" if rows[30][2][-1] != "1" else "2"),
        ("身份证号", "校验位（最后一位）不符"),
    )
    future = datetime.date.today() + datetime.timedelta(days=40)
    spoil(40, "入会日期", future.isoformat(), ("入会日期", "入会日期晚于今天"))
    spoil(50, "手机号", "1391234", ("手机号", ""))
    spoil(60, "姓名", "", ("姓名", "必填，不能为空"))
    row70 = rows[70]
    spoil(
        70,
        "性别",
        "女" if row70[1] in ("男", "M", "1", "男性") else "男",
        ("性别", "性别与身份证号不符"),
    )
    # duplicates: a later row repeats an earlier row's ID number
    for index, first in ((80, 2), (90, 3), (100, 4)):
        expected.pop(_half(rows[index][2]).upper(), None)
        rows[index][1], rows[index][2] = rows[first][1], rows[first][2]
        bad[index + 2] = ("身份证号", f"与第 {first + 2 + offset} 行的身份证号重复")
    return rows, expected, bad


def _half(text):
    return str(text).translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def gb18030_csv(rows):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return text.getvalue().encode("gb18030")


def xlsx(rows, title="2024年度工会会员名册"):
    """As staff save it from Excel: a merged title row, the header, IDs as text except the ones
    Excel turned into numbers, join dates as real dates in every other row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(HEADERS)
    for i, row in enumerate(rows):
        cells = list(row)
        if "E+17" in str(cells[2]):
            cells[2] = float(cells[2])
        joined = cells[-1]
        if i % 2 == 0 and joined and "-" in joined and len(joined) == 10:
            cells[-1] = datetime.date.fromisoformat(joined)
            sheet.append(cells)
            sheet.cell(sheet.max_row, len(HEADERS)).number_format = "yyyy-mm-dd"
            continue
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
