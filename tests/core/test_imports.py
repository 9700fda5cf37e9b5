"""The import framework, through the organisation and employer importers and the pages."""

import io
import re

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent, ImportJob, ImportMapping
from gonghui.orgs.models import Employer, Org
from tests.conftest import _ck

pytestmark = pytest.mark.django_db


def _xlsx(rows, title=None):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    offset = 0
    if title:
        sheet.merge_range(0, 0, 0, len(rows[0]) - 1, title)
        offset = 1
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.write(i + offset, j, value)
    book.close()
    return buffer.getvalue()


def _upload(client, key, name, data, org="A"):
    response = client.post(
        f"/imports/{key}/", {"file": SimpleUploadedFile(name, data), "org_code": org}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.unscoped.latest("created_at")


def _map_and_validate(client, job):
    form = client.get(f"/imports/job/{job.id}/map/").context["form"]
    data = {name: form.fields[name].initial or "" for name in form.fields}
    response = client.post(f"/imports/job/{job.id}/map/", data)
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def _code(n):
    body = f"91320102MA{n:07d}"
    return body + _ck(body)


EMPLOYER_HEADER = ["企业名称", "统一社会信用代码", "行业", "经济类型", "人数"]


def test_employer_import_with_title_row_errors_fix_commit_and_reimport(cast, login):
    client = login(cast.chair_a)
    rows = [
        EMPLOYER_HEADER,
        ["甲工会一号公司", _code(11), "制造业", "民营", "12"],
        [
            "甲工会二号公司",
            _code(12)[:-1] + "0" if _code(12)[-1] != "0" else _code(12)[:-1] + "1",
            "制造业",
            "民营",
            "5",
        ],
        [
            "甲工会三号公司",
            "９１３２０１０２ＭＡ０００００１３" + _ck("91320102MA0000013"),
            "信息传输、软件和信息技术服务业",
            "外资",
            "1,200",
        ],
        ["甲工会四号公司", _code(14), "不存在的行业", "民营", ""],
    ]
    job = _upload(client, "employers", "单位.xlsx", _xlsx(rows, title="2026 年单位名册"))
    assert job.header_row == 2
    assert job.mapping == {
        "企业名称": "name",
        "统一社会信用代码": "credit_code",
        "行业": "industry",
        "经济类型": "ownership",
        "人数": "headcount",
    }
    job = _map_and_validate(client, job)
    assert (job.valid_rows, job.error_rows) == (2, 2), job.issues
    messages = {(i["row"], i["column"]): i["message"] for i in job.issues}
    assert "校验" in messages[(4, "统一社会信用代码")]
    assert "可选值" in messages[(6, "行业")]
    page = client.get(f"/imports/job/{job.id}/").content.decode()
    assert "第 6 行" in page or "6" in page

    # fix row 6 in place, download the remaining error rows, commit the valid ones
    client.post(f"/imports/job/{job.id}/fix/6/", {"industry": "制造业"})
    job.refresh_from_db()
    assert (job.valid_rows, job.error_rows) == (3, 1)
    errors = client.get(f"/imports/job/{job.id}/errors.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(errors.content)).get_sheet_by_index(0)
    data = sheet.to_python()
    assert data[0][-1] == "错误原因" and data[1][0] == 4 and "校验" in data[1][-1]
    client.post(f"/imports/job/{job.id}/commit/", {"mode": "valid"})
    job.refresh_from_db()
    assert job.status == "done"
    assert job.result["counts"] == {"新增": 3, "更新": 0, "未变化": 0}
    assert Employer.unscoped.filter(name__startswith="甲工会").count() == 4
    assert Employer.unscoped.get(name="甲工会三号公司").headcount == 1200
    assert AuditEvent.unscoped.filter(action="employers.import.commit").exists()

    # the same file again: the mapping is remembered and nothing changes
    assert ImportMapping.objects.filter(user=cast.chair_a, importer="employers").exists()
    again = _upload(client, "employers", "单位.xlsx", _xlsx(rows, title="2026 年单位名册"))
    assert again.options["mapping_remembered"] is True
    again = _map_and_validate(client, again)
    client.post(f"/imports/job/{again.id}/commit/", {"mode": "valid"})
    again.refresh_from_db()
    assert again.result["counts"]["新增"] == 0
    assert Employer.unscoped.filter(name__startswith="甲工会").count() == 4


def test_all_or_nothing_refuses_when_any_row_is_bad(cast, login):
    client = login(cast.chair_a)
    csv = (
        "单位名称,统一社会信用代码,行业,经济类型\n"
        f"甲工会好公司,{_code(21)},制造业,民营\n甲工会坏公司,123,制造业,民营\n"
    ).encode("gb18030")
    job = _map_and_validate(client, _upload(client, "employers", "单位.csv", csv))
    assert job.error_rows == 1
    from gonghui.core.imports.services import commit_job
    from tests.conftest import acting

    with acting(cast.chair_a):
        commit_job(job, "all")
    job.refresh_from_db()
    assert job.status == "failed" and "未导入任何数据" in job.message
    assert not Employer.unscoped.filter(name="甲工会好公司").exists()


def test_org_import_creates_children_in_file_order(cast, login):
    client = login(cast.chair_a)
    csv = (
        "\ufeff上级组织代码,组织代码,组织名称,组织类型\n"
        "A,A7,甲工会七组,工会小组/分会\nA7,A71,甲工会七组一分会,工会小组/分会\n"
        "B,B9,乙的小组,工会小组/分会\n"
    ).encode()
    job = _map_and_validate(client, _upload(client, "orgs", "组织.csv", csv))
    assert job.error_rows == 1  # B is outside chair-a's scope
    assert any("找不到该上级组织" in i["message"] for i in job.issues)
    client.post(f"/imports/job/{job.id}/commit/", {"mode": "valid"})
    assert Org.objects.get_parent(Org.objects.get(code="A71")).code == "A7"
    assert not Org.objects.filter(code="B9").exists()


def test_template_has_chinese_headers_and_dropdowns(cast, login):
    response = login(cast.chair_a).get("/imports/employers/template.xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    headers = sheet.to_python()[0]
    assert headers[:2] == ["单位名称 *", "统一社会信用代码 *"]
    assert re.search(rb"dataValidation", _unzip(response.content, "xl/worksheets/sheet1.xml"))


def _unzip(data, name):
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_unreadable_file_gets_a_chinese_error(cast, login):
    response = login(cast.chair_a).post(
        "/imports/employers/",
        {"file": SimpleUploadedFile("x.xlsx", b"not a workbook"), "org_code": "A"},
    )
    assert response.status_code == 200
    assert "文件内容不是 .xlsx 格式（可能是改了扩展名的其他文件）" in response.content.decode()


def test_rows_skip_blank_rows_and_pad_short_ones():
    from types import SimpleNamespace

    from gonghui.core.imports.services import _rows

    job = SimpleNamespace(header_row=1)
    cells = [
        ["姓名", "单位", "电话"],
        ["张三", "甲厂", "138"],
        ["", " ", None],  # blank: skipped
        [" ", "乙厂"],  # first cell blank, the row is not: kept, its missing cell is None
        [0, None, None],  # a number is not blank
        ["\u3000", "", ""],  # the ideographic space is blank too
    ]
    rows = list(_rows(cells, job, [("name", 0), ("phone", 2)], {"4": {"phone": "139"}}))
    assert [(r.number, r.raw) for r in rows] == [
        (2, {"name": "张三", "phone": "138"}),
        (4, {"name": " ", "phone": "139"}),
        (5, {"name": 0, "phone": None}),
    ]
