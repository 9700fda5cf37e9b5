"""Issue #13.6: the roster export is a file staff can reuse: dates are Excel dates, coded values
Chinese labels, ID numbers text, no cell a formula; imported back it changes nothing."""

import datetime
import io

import openpyxl
import pytest

from gonghui.members.models import Member

from . import real_roster
from .test_import import commit, upload

pytestmark = pytest.mark.django_db


def test_export_reimports_as_a_no_op_with_dates_labels_and_text_ids(cast, login):
    rows, _expected, _bad = real_roster.build(40)
    done = commit(cast.chair_a, upload(cast.chair_a, cast.union_a, real_roster.gb18030_csv(rows)))
    assert done.result["counts"] == {"新增": 40}
    poisoned = Member.unscoped.filter(org=cast.union_a).order_by("pk").last()
    Member.unscoped.filter(pk=poisoned.pk).update(name='=HYPERLINK("http://x","点")')
    client = login(cast.chair_a)
    data = client.get("/members/export.xlsx", {"reveal": "1", "sort": ""}).content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header == [
        "会员证号",
        "姓名",
        "性别",
        "民族",
        "出生日期",
        "身份证号",
        "手机号",
        "学历",
        "政治面貌",
        "用工形式",
        "工作单位",
        "所在工会",
        "入会日期",
        "会籍状态",
    ]
    by_name = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    first = by_name[rows[0][0]]
    member = Member.unscoped.get(card_number=first[0].value)
    assert first[4].value == datetime.datetime.combine(member.birth_date, datetime.time())
    assert first[4].is_date and first[12].is_date
    assert first[12].value.date() == member.join_date
    assert first[5].data_type == "s" and first[5].value == member.id_number
    assert [first[2].value, first[7].value, first[8].value, first[9].value] == [
        "男",
        "高中/中专/技校",
        "中共党员",
        "劳动合同制",
    ]
    cell = by_name['=HYPERLINK("http://x","点")'][1]
    assert cell.data_type == "s"  # text, not a live formula
    before = list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at"))
    again = commit(cast.chair_a, upload(cast.chair_a, cast.union_a, data, "会员名册.xlsx"))
    assert again.result["counts"] == {"未变化": 40}, again.issues[:5]
    assert list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at")) == before


def test_a_masked_export_reimported_leaves_phones_alone(cast, login):
    rows, _expected, _bad = real_roster.build(3)
    commit(cast.chair_a, upload(cast.chair_a, cast.union_a, real_roster.gb18030_csv(rows)))
    data = login(cast.staff_a).get("/members/export.xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert "*" in sheet.cell(2, 7).value
    job = upload(cast.chair_a, cast.union_a, data, "会员名册.xlsx")
    assert {i["column"] for i in job.issues} == {"身份证号"}  # the masked ID cannot identify


def test_political_status_is_shown_and_edited_on_the_member_pages(cast, login):
    rows, _expected, _bad = real_roster.build(3)
    commit(cast.chair_a, upload(cast.chair_a, cast.union_a, real_roster.gb18030_csv(rows)))
    member = Member.unscoped.get(name=rows[0][0])
    client = login(cast.chair_a)
    assert "中共党员" in client.get(f"/members/{member.pk}/").content.decode()
    form = client.get(f"/members/{member.pk}/edit/").content.decode()
    assert '<option value="cpc" selected>' in form
