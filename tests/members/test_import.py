import datetime
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.access import assignments_of
from gonghui.core.imports import services as imports
from gonghui.core.imports.base import Row
from gonghui.core.imports.services import ImportContext
from gonghui.core.models import ImportJob
from gonghui.core.text.idnumbers import compute_check_digit, make_id_number
from gonghui.members.importers import MemberImporter
from gonghui.members.models import Member, MemberTally, Transfer, TransferStatus
from tests.conftest import acting

from .helpers import add_member

pytestmark = pytest.mark.django_db

BAD_DATE = "32010219900230007" + compute_check_digit("32010219900230007")
HEADER = "姓名,身份证号,性别,手机号,入会日期,用工形式,学历\n"


def ident(seq, born=datetime.date(1990, 3, 7), gender="M"):
    return make_id_number("320102", born, seq, gender)


def upload(user, org, data, name="名册.csv"):
    with acting(user):
        job = imports.start_import(
            actor=user,
            assignment=assignments_of(user)[0],
            importer_key="members",
            org=org,
            upload=SimpleUploadedFile(name, data),
        )
        return imports.validate_job(job)


def commit(user, job, mode="valid"):
    with acting(user):
        return imports.commit_job(ImportJob.objects.get(pk=job.pk), mode)


def issues_by_row(job):
    found = {}
    for issue in job.issues:
        found.setdefault(issue["row"], []).append(
            (issue["level"], issue["column"], issue["message"])
        )
    return found


def messy_csv():
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    good, dup = ident(1), ident(2)
    rows = [
        f"王芳,{ident(3, gender='F')},女,+86 139 1234 5678,2020.1.5,劳动合同制,本科",  # 2 ok
        f"张伟,{good[:-1]}{'0' if good[-1] != '0' else '1'},男,13912345679,2020-01-05,,",  # 3
        "李强,3.20102199003E+17,男,13912345680,2020/01/05,,",  # 4 number
        f"赵六,{good[:17]},男,13912345681,,,",  # 5 seventeen
        "孙七,320102900307001,男,13912345682,,,",  # 6 fifteen
        f",{ident(4)},男,13912345683,,,",  # 7 no name
        f"周八,{ident(5)},女,13912345684,,,",  # 8 gender contradicts
        f"吴九,{ident(6)},男,1391234568,,,",  # 9 short phone
        f"郑十,{ident(7)},男,13912345686,{future},,",  # 10 future join
        f"钱一,{ident(8, born=datetime.date(2012, 1, 1))},男,13912345687,2024-01-01,,",  # 11 <16
        f"冯二,{dup},男,13912345688,2020年1月5日,,",  # 12 ok
        f"陈三,{dup.lower()},男,13912345689,43835,,",  # 13 duplicate of 12
        f"褚四,{BAD_DATE},男,13912345690,,,",  # 14 impossible birth date
        f"卫五,{ident(9)},男,13912345691,,外星人,",  # 15 unknown wording: offered for mapping
    ]
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8-sig")


def test_messy_file_names_row_column_and_reason(cast):
    job = upload(cast.chair_a, cast.union_a, messy_csv())
    found = issues_by_row(job)
    errors = {
        row: [(c, m) for level, c, m in items if level == "error"] for row, items in found.items()
    }
    assert job.valid_rows == 3 and job.error_rows == 11
    assert errors[3][0][0] == "身份证号" and "校验位" in errors[3][0][1]
    assert "Excel" in errors[4][0][1]
    assert "17 位" in errors[5][0][1]
    assert "15 位" in errors[6][0][1]
    assert errors[7][0] == ("姓名", "必填，不能为空")
    assert errors[8][0][0] == "性别" and "不符" in errors[8][0][1]
    assert errors[9][0][0] == "手机号" and "11 位" in errors[9][0][1]
    assert errors[10][0] == ("入会日期", "入会日期晚于今天")
    assert errors[11][0][0] == "入会日期" and "未满 16 周岁" in errors[11][0][1]
    assert errors[13][0] == ("身份证号", "与第 12 行的身份证号重复")
    assert "不存在" in errors[14][0][1]
    assert errors[15] == []
    assert found[15] == [
        (
            "warning",
            "用工形式",
            "“外星人”不是已知的写法：请在预览中把它对应到一个选项，否则该项留空",
        )
    ]
    assert job.result["unknown_values"] == [
        {
            "column": "employment_form",
            "label": "用工形式",
            "values": [{"value": "外星人", "count": 1}],
        }
    ]


def test_commit_valid_rows_then_reimport_changes_nothing(cast):
    job = upload(cast.chair_a, cast.union_a, messy_csv())
    job = commit(cast.chair_a, job)
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.result["counts"] == {"新增": 3} and job.result["errors"] == 11
    assert "error_file" in job.result
    assert sum(MemberTally.objects.values_list("count", flat=True)) == 3
    wang = Member.unscoped.get(name="王芳")
    assert (wang.phone, wang.join_date, wang.gender) == (
        "13912345678",
        datetime.date(2020, 1, 5),
        "F",
    )
    assert Member.unscoped.get(name="冯二").join_date == datetime.date(2020, 1, 5)
    before = list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at"))
    again = commit(cast.chair_a, upload(cast.chair_a, cast.union_a, messy_csv()))
    assert again.result["counts"] == {"未变化": 3}
    assert list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at")) == before


def test_all_or_nothing_refuses_file_with_errors(cast):
    job = commit(cast.chair_a, upload(cast.chair_a, cast.union_a, messy_csv()), mode="all")
    assert job.status == ImportJob.Status.FAILED and "第 3 行" in job.message
    assert Member.unscoped.count() == 0


def test_member_of_other_union_becomes_transfer_request(cast):
    id_number = ident(20)
    member = add_member(cast.chair_b, cast.union_b, name="乙会员", id_number=id_number)
    data = (HEADER + f"乙会员,{id_number},男,,,,\n").encode()
    job = upload(cast.chair_a, cast.union_a, data)
    assert job.preview[0]["action"] == "transfer"
    assert any(i["level"] == "warning" and "会籍接转" in i["message"] for i in job.issues)
    job = commit(cast.chair_a, job)
    assert job.result["counts"] == {"会籍接转申请": 1}
    transfer = Transfer.unscoped.get()
    assert (transfer.member, transfer.from_org, transfer.to_org, transfer.status) == (
        member,
        cast.union_b,
        cast.union_a,
        TransferStatus.AWAITING_RELEASE,
    )
    member.refresh_from_db()
    assert member.org == cast.union_b
    again = commit(cast.chair_a, upload(cast.chair_a, cast.union_a, data))
    assert again.result["counts"] == {"未变化": 1} and Transfer.unscoped.count() == 1


def test_xlsx_with_title_row_number_ids_and_serial_dates(cast):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, 4, "华强公司新入职员工名单")
    sheet.write_row(1, 0, ["姓名", "身份证号码", "性别", "手机号码", "入会时间"])
    sheet.write_row(2, 0, ["王五", ident(30), "男", "13800000001"])
    sheet.write_number(2, 4, 43835)
    sheet.write_row(3, 0, ["马六", "", "男", "13800000002", "2020-01-05"])
    sheet.write_number(3, 1, float(ident(31)))
    book.close()
    job = upload(cast.chair_a, cast.union_a, buffer.getvalue(), name="hr.xlsx")
    assert job.header_row == 2
    assert job.valid_rows == 1 and job.error_rows == 1
    assert issues_by_row(job)[4][0][1] == "身份证号"
    job = commit(cast.chair_a, job)
    assert Member.unscoped.get(name="王五").join_date == datetime.date(2020, 1, 5)


def test_template_has_chinese_headers(cast, login):
    response = login(cast.chair_a).get("/imports/members/template.xlsx")
    assert response.status_code == 200
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert rows.to_python()[0][:2] == ["姓名 *", "身份证号 *"]


cells = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates().map(str),
    st.sampled_from(["男", "女", "x", "13800138000", "110101199003070038", "2020.1.5"]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.lists(
        st.fixed_dictionaries({c.key: cells for c in MemberImporter.columns}),
        min_size=1,
        max_size=5,
    )
)
def test_hypothesis_bad_rows_never_crash_and_name_row_and_column(cast, raw):
    labels = {c.label for c in MemberImporter.columns}
    job = ImportJob(org=cast.union_a, created_by=cast.chair_a, options={})
    importer = MemberImporter(ImportContext(job))
    rows = [Row(number=i + 2, raw=r) for i, r in enumerate(raw)]
    with acting(cast.chair_a):
        importer.validate(rows)
    for row in rows:
        assert row.ok or row.errors
        for issue in row.errors + row.warnings:
            assert issue.row == row.number
            assert issue.column in labels
            assert issue.message and not issue.message.isascii()


def test_the_transfer_an_import_asks_for_reads_in_the_readers_language(cast):
    """The request's reason and, once released, the member's history name the import in the
    reader's language (they were kept in the words of whoever imported)."""
    from django.utils import translation

    from gonghui.members import services
    from gonghui.members.models import EventKind

    id_number = ident(21)
    member = add_member(cast.chair_b, cast.union_b, name="乙会员", id_number=id_number)
    with translation.override("zh-hans"):
        commit(
            cast.chair_a,
            upload(cast.chair_a, cast.union_a, (HEADER + f"乙会员,{id_number},男,,,,\n").encode()),
        )
    transfer = Transfer.unscoped.get()
    with translation.override("en"):
        assert transfer.reason_text == "Roster import"
    with acting(cast.chair_b):
        services.confirm_transfer(actor=cast.chair_b, transfer=transfer)
    event = member.events.get(kind=EventKind.TRANSFER_IN)
    with translation.override("en"):
        assert event.note_text == f"Transferred to: {cast.union_a.name}; Roster import"
    with translation.override("zh-hans"):
        assert event.note_text == f"转往：{cast.union_a.name}；名册导入"
