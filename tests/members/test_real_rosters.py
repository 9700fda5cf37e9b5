"""Issue #13: real rosters import with the wordings staff write, unknown wordings are mapped once
and remembered per union, the API uses only the mappings it is given (or the union's), and an
import can never damage the roster."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core import config
from gonghui.core.access import assignments_of
from gonghui.core.imports import services as imports
from gonghui.core.models import AuditEvent, ImportJob, ImportValueMapping
from gonghui.core.text.idnumbers import make_id_number
from gonghui.members.models import Member
from tests.conftest import acting

from . import real_roster
from .test_import import commit, ident, upload

pytestmark = pytest.mark.django_db

CODED = {"性别", "民族", "学历", "用工形式", "政治面貌"}


def errors_by_row(job):
    found = {}
    for issue in job.issues:
        if issue["level"] == "error":
            found.setdefault(issue["row"], []).append((issue["column"], issue["message"]))
    return found


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_real_roster_gets_no_error_for_any_wording_and_every_real_problem(cast, kind):
    rows, expected, bad = real_roster.build(offset=0 if kind == "csv" else 1)
    if kind == "csv":
        job = upload(cast.chair_a, cast.union_a, real_roster.gb18030_csv(rows), "名册.csv")
        offset = 0
    else:
        job = upload(cast.chair_a, cast.union_a, real_roster.xlsx(rows), "名册.xlsx")
        offset = 1  # the merged title row above the header
    assert job.status == ImportJob.Status.VALIDATED, job.message
    assert job.result["unknown_values"] == []
    found = errors_by_row(job)
    assert sorted(found) == sorted(row + offset for row in bad)
    for row, (column, start) in bad.items():
        assert len(found[row + offset]) == 1, found[row + offset]
        assert found[row + offset][0][0] == column
        assert found[row + offset][0][1].startswith(start)
    wording_issues = [i for i in job.issues if i["column"] in CODED and i["row"] - offset != 72]
    assert wording_issues == []
    assert job.total_rows == 166 and job.valid_rows == 156 and job.error_rows == 10

    done = commit(cast.chair_a, job)
    assert done.result["counts"] == {"新增": 156}
    members = {m.id_number: m for m in Member.unscoped.filter(org=cast.union_a)}
    assert len(members) == len(expected) == 156
    for id_number, fields in expected.items():
        member = members[id_number]
        got = {key: getattr(member, key) for key in fields}
        assert got == fields, id_number

    before = list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at"))
    data = real_roster.gb18030_csv(rows) if kind == "csv" else real_roster.xlsx(rows)
    again = commit(cast.chair_a, upload(cast.chair_a, cast.union_a, data, f"名册.{kind}"))
    assert again.result["counts"] == {"未变化": 156}
    assert list(Member.unscoped.order_by("pk").values_list("pk", "version", "updated_at")) == before


def test_the_alias_table_is_district_data_edited_on_the_settings_page(cast, login):
    client = login(cast.district_admin)
    page = client.get("/settings/members.import_value_aliases/")
    assert page.status_code == 200
    assert "用工形式：劳动合同制=合同制、合同工" in page.content.decode()
    refused = client.post(
        "/settings/members.import_value_aliases/",
        {"value": "用工形式：长期工=长工\n工种：焊工=电焊", "note": "试"},
    )
    body = refused.content.decode()
    assert "“用工形式”没有选项“长期工”" in body and "没有名为“工种”的选项列" in body
    table = config.get("members.import_value_aliases") + "\n用工形式：劳动合同制=长期工\n"
    saved = client.post(
        "/settings/members.import_value_aliases/", {"value": table, "note": "本区写法"}
    )
    assert saved.status_code == 302
    data = f"姓名,身份证号,用工形式\n张三,{ident(1)},长期工\n".encode()
    job = upload(cast.chair_a, cast.union_a, data)
    assert job.issues == [] and job.preview[0]["cells"][8] == "劳动合同制"


def test_unknown_values_are_offered_once_mapped_and_remembered_for_the_union(cast):
    data = (
        "姓名,身份证号,用工形式,学历\n"
        f"张三,{ident(1)},驻场,本科\n李四,{ident(2)},驻场,中技校\n王五,{ident(3)},合同制,中技校\n"
    ).encode()
    job = upload(cast.chair_a, cast.union_a, data)
    assert job.valid_rows == 3 and job.error_rows == 0 and job.warning_rows == 3
    assert job.result["unknown_values"] == [
        {
            "column": "employment_form",
            "label": "用工形式",
            "values": [{"value": "驻场", "count": 2}],
        },
        {"column": "education", "label": "学历", "values": [{"value": "中技校", "count": 2}]},
    ]
    with acting(cast.chair_a):
        job = imports.save_value_mapping(
            actor=cast.chair_a,
            job=job,
            choices={"employment_form": {"驻场": "劳务派遣"}, "学历": {"中技校": "高中/中专/技校"}},
        )
        job = imports.validate_job(job)
    assert job.warning_rows == 0 and job.result["unknown_values"] == []
    assert [p["cells"][6:9] for p in job.preview] == [
        ["本科", "", "劳务派遣"],
        ["高中/中专/技校", "", "劳务派遣"],
        ["高中/中专/技校", "", "劳动合同制"],
    ]
    saved = ImportValueMapping.unscoped.get(org=cast.union_a, importer="members")
    assert saved.mapping == {
        "employment_form": {"驻场": "dispatch"},
        "education": {"中技校": "senior"},
    }
    next_time = upload(cast.chair_a, cast.union_a, data)
    assert next_time.options["value_mapping_source"] == "union"
    assert next_time.warning_rows == 0
    other_union = upload(cast.chair_b, cast.union_b, data)
    assert other_union.warning_rows == 3  # union B's files are its own business
    done = commit(cast.chair_a, next_time)
    assert done.result["counts"] == {"新增": 3}
    assert Member.unscoped.get(name="李四").employment_form == "dispatch"


def _error_workbook_of(job):
    importer, rows = imports.error_rows_now(job)
    return imports.error_workbook(importer, rows)


def test_reuploading_an_unedited_error_workbook_changes_nothing(cast):
    """The evidence of #13.4: the error workbook's duplicate row (重复人, same ID as 杜刚) once
    renamed the member on re-upload ("更新：1")."""
    id_number = ident(7)
    data = f"姓名,身份证号,手机号\n杜刚,{id_number},13900000001\n重复人,{id_number},\n".encode()
    first = upload(cast.chair_a, cast.union_a, data)
    with acting(cast.chair_a):
        workbook = _error_workbook_of(ImportJob.objects.get(pk=first.pk))
    assert commit(cast.chair_a, first).result["counts"] == {"新增": 1}
    member = Member.unscoped.get(name="杜刚")
    job = upload(cast.chair_a, cast.union_a, workbook, "错误行-名册.xlsx")
    assert job.result["conflicts"] == [
        {
            "row": 2,
            "applied": False,
            "fields": [{"field": "name", "label": "姓名", "before": "杜刚", "after": "重复人"}],
        }
    ]
    assert job.preview[0]["action_label"] == "身份不一致（未更新）"
    done = commit(cast.chair_a, job)
    assert done.result["counts"] == {"身份不一致未更新": 1}
    member.refresh_from_db()
    assert (member.name, member.version) == ("杜刚", 1)

    # Ticked, the change is applied and audited with before and after.
    job = upload(cast.chair_a, cast.union_a, workbook, "错误行-名册.xlsx")
    with acting(cast.chair_a):
        imports.choose_conflicts(actor=cast.chair_a, job=job, rows=["2"])
        job = imports.validate_job(ImportJob.objects.get(pk=job.pk))
    assert job.result["conflicts"][0]["applied"] is True
    assert commit(cast.chair_a, job).result["counts"] == {"更新": 1}
    member.refresh_from_db()
    assert member.name == "重复人"
    event = AuditEvent.objects.filter(action="members.member.update").latest("pk")
    assert event.changes["name"] == ["杜刚", "重复人"]
    assert event.extra["identity_conflict"] is True


def test_the_api_uses_only_the_mappings_it_is_sent_or_the_unions(cast, login):
    client = login(cast.chair_a)
    # The web page remembers chair A's column mapping for these headers: 备注 -> 姓名 (odd).
    headers = "备注,证件,用工形式\n"
    data = (headers + f"张三,{ident(1)},驻场\n").encode()
    with acting(cast.chair_a):
        web = imports.start_import(
            actor=cast.chair_a,
            assignment=assignments_of(cast.chair_a)[0],
            importer_key="members",
            org=cast.union_a,
            upload=SimpleUploadedFile("r.csv", data),
        )
        imports.save_mapping(
            actor=cast.chair_a,
            job=web,
            mapping={"备注": "name", "证件": "id_number", "用工形式": "employment_form"},
        )
    plain = client.post(
        "/api/v1/members/imports", {"file": SimpleUploadedFile("r.csv", data), "org_code": "A"}
    )
    body = plain.json()
    assert plain.status_code == 400 or body["mapping_source"] == "headers"
    sent = client.post(
        "/api/v1/members/imports",
        {
            "file": SimpleUploadedFile("r.csv", data),
            "org_code": "A",
            "mapping": json.dumps({"备注": "姓名", "证件": "身份证号", "用工形式": "用工形式"}),
            "value_mapping": json.dumps({"用工形式": {"驻场": "劳务派遣"}}),
        },
    )
    body = sent.json()
    assert sent.status_code == 201, body
    assert body["mapping_source"] == "request" and body["value_mapping_source"] == "request"
    assert body["mapping"] == {"备注": "name", "证件": "id_number", "用工形式": "employment_form"}
    assert body["value_mapping"] == {"employment_form": {"驻场": "dispatch"}}
    assert body["error_rows"] == 0 and body["warning_rows"] == 0


def test_the_api_applies_identity_conflicts_only_when_asked(cast, login):
    client = login(cast.chair_a)
    id_number = ident(9)
    upload_ok = commit(
        cast.chair_a,
        upload(cast.chair_a, cast.union_a, f"姓名,身份证号\n杜刚,{id_number}\n".encode()),
    )
    assert upload_ok.result["counts"] == {"新增": 1}
    data = f"姓名,身份证号\n杜钢,{id_number}\n".encode()
    kept = client.post(
        "/api/v1/members/imports",
        {"file": SimpleUploadedFile("r.csv", data), "org_code": "A", "commit": "all"},
    ).json()
    assert kept["result"]["counts"] == {"身份不一致未更新": 1}
    member = Member.unscoped.get(org=cast.union_a)
    assert member.name == "杜刚"
    applied = client.post(
        "/api/v1/members/imports",
        {
            "file": SimpleUploadedFile("r.csv", data),
            "org_code": "A",
            "commit": "all",
            "update_conflicts": "true",
        },
    ).json()
    assert applied["update_conflicts"] is True and applied["result"]["counts"] == {"更新": 1}
    member.refresh_from_db()
    assert member.name == "杜钢"


def test_page_and_api_give_the_same_verdicts_for_the_same_file(cast, login):
    rows, _expected, _bad = real_roster.build()
    data = real_roster.gb18030_csv(rows)
    page_job = upload(cast.chair_a, cast.union_a, data)
    api = (
        login(cast.chair_a)
        .post(
            "/api/v1/members/imports",
            {"file": SimpleUploadedFile("名册.csv", data), "org_code": "A"},
        )
        .json()
    )
    assert api["issues"] == page_job.issues
    assert (api["valid_rows"], api["error_rows"]) == (page_job.valid_rows, page_job.error_rows)


def test_header_only_and_too_wide_files_get_a_chinese_answer(cast, login):
    client = login(cast.chair_a)
    header_only = client.post(
        "/imports/members/",
        {"file": SimpleUploadedFile("r.csv", "姓名,身份证号\n".encode()), "org_code": "A"},
    )
    assert "文件中没有数据行" in header_only.content.decode()
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"] + [f"列{i}" for i in range(1998)])
    book.active.append(
        ["张三", make_id_number("320102", __import__("datetime").date(1990, 1, 1), 1)]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    wide = client.post(
        "/imports/members/",
        {"file": SimpleUploadedFile("r.xlsx", buffer.getvalue()), "org_code": "A"},
    )
    assert wide.status_code == 200
    assert (
        "文件有 2000 列，超过 300 列的上限：请只保留要导入的列后重新上传" in wide.content.decode()
    )


def test_commit_progress_moves_while_the_commit_runs(cast, monkeypatch):
    """The commit runs in one transaction; what the polling page reads (``live_done_rows`` of
    a freshly loaded job) must move batch by batch, not stay at 0 until the end."""
    rows, _expected, _bad = real_roster.build(50)
    job = upload(cast.chair_a, cast.union_a, real_roster.gb18030_csv(rows))
    from gonghui.core.imports.services import committing

    monkeypatch.setattr(committing, "BATCH", 20)  # the commit's own module reads it
    seen = []
    report = imports.report_progress

    def watched(job, done):
        report(job, done)
        seen.append(imports.live_done_rows(ImportJob.unscoped.get(pk=job.pk)))

    monkeypatch.setattr(committing, "report_progress", watched)
    done = commit(cast.chair_a, job)
    assert done.result["counts"] == {"新增": 50}
    assert seen == [20, 40, 50]


def test_progress_with_the_database_cache_skips_it_inside_the_commit(cast, settings, monkeypatch):
    """Without Redis the default cache is the database's: inside the commit's transaction its
    rows would be as invisible as the job's (and wait for the batch being written), so the
    progress goes to the var-dir file only, and the polling page still sees it move."""
    from django.core.cache import caches

    from gonghui.core.imports.services import committing

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gonghui_cache",
        },
    }
    rows, _expected, _bad = real_roster.build(30)
    job = upload(cast.chair_a, cast.union_a, real_roster.gb18030_csv(rows))
    monkeypatch.setattr(committing, "BATCH", 20)
    seen, cached = [], []
    report = imports.report_progress

    def watched(job, done):
        report(job, done)
        seen.append(imports.live_done_rows(ImportJob.unscoped.get(pk=job.pk)))
        cached.append(caches["default"].get(f"gonghui:import:{job.pk}:done"))

    monkeypatch.setattr(committing, "report_progress", watched)
    done = commit(cast.chair_a, job)
    assert done.result["counts"] == {"新增": 30}
    assert seen == [20, 30] and cached == [None, None]
    caches["default"].clear()
