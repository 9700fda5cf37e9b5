"""Issue #12, findings 7 and 9 for imports: uploads are sniffed and size-limited with a Chinese
message, stored 0600 in 0700 directories, the job's stored rows are encrypted, file and rows are
deleted after the keep period, zip bombs and over-wide rows are refused, and a job whose worker
died is marked failed (retryable) instead of "running" for ever."""

import datetime
import io
import os
import stat
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from gonghui.core.access import assignments_of
from gonghui.core.imports import services, tasks, xlsx_stream
from gonghui.core.models import ImportJob
from gonghui.core.text.idnumbers import make_id_number
from tests.conftest import acting

pytestmark = pytest.mark.django_db

ID = make_id_number("320102", datetime.date(1990, 3, 7), 11, "M")
PHONE = "13912345678"
ROSTER = f"姓名,身份证号,手机号\n甲工会张三,{ID},{PHONE}\n".encode()


def _start(cast, data, name="名册.csv"):
    with acting(cast.chair_a):
        return services.start_import(
            actor=cast.chair_a,
            assignment=assignments_of(cast.chair_a)[0],
            importer_key="members",
            org=cast.union_a,
            upload=SimpleUploadedFile(name, data),
        )


def test_a_renamed_program_is_refused_by_its_content(cast, login):
    response = login(cast.chair_a).post(
        "/imports/members/",
        {"file": SimpleUploadedFile("名册.xlsx", b"MZ\x90\x00" + b"\x00" * 200), "org_code": "A"},
    )
    assert response.status_code == 200
    assert "文件内容不是 .xlsx 格式（可能是改了扩展名的其他文件）" in response.content.decode()
    assert ImportJob.unscoped.count() == 0


def test_uploads_are_size_limited_per_kind(cast, login, monkeypatch):
    monkeypatch.setitem(services.UPLOAD_LIMITS, ".csv", 1 << 20)
    big = ROSTER + b"x" * (2 << 20)
    response = login(cast.chair_a).post(
        "/imports/members/", {"file": SimpleUploadedFile("名册.csv", big), "org_code": "A"}
    )
    assert ".csv 文件不能超过 1 MB，请拆分后分批导入" in response.content.decode()
    assert ImportJob.unscoped.count() == 0


def test_stored_uploads_are_private_and_job_rows_encrypted(cast, settings):
    job = services.validate_job(_start(cast, ROSTER))
    path = job.file.path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert job.preview[0]["raw"]["id_number"] == ID  # the job still reads them
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT options, preview, result FROM core_importjob WHERE id = %s",
            [job.pk.hex if connection.vendor == "sqlite" else job.pk],
        )
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert ID not in stored and PHONE not in stored and "甲工会张三" not in stored


def test_file_and_rows_are_deleted_after_the_keep_period(cast):
    job = services.validate_job(_start(cast, ROSTER))
    with acting(cast.chair_a):
        job = services.commit_job(ImportJob.objects.get(pk=job.pk), "all")
    assert job.status == ImportJob.Status.DONE
    abandoned = services.validate_job(_start(cast, ROSTER))
    path = job.file.path
    assert services.purge_old_jobs(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert services.purge_old_jobs(now=timezone.now() + datetime.timedelta(days=8)) == 2
    assert not os.path.exists(path)
    job.refresh_from_db()
    assert (job.preview, job.issues, job.result) == (
        [],
        [],
        {"counts": {"新增": 1}, "errors": 0, "committed_mode": "all"},
    )
    assert not job.file and job.purged_at is not None
    abandoned.refresh_from_db()
    assert abandoned.status == ImportJob.Status.CANCELLED
    assert abandoned.message == "超过保留期限未提交，已放弃并删除文件"


def _bomb():
    row = "<row><c t='inlineStr'><is><t>" + "0" * 5000 + "</t></is></c></row>"
    sheet = (
        "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        "<sheetData>" + row * 2000 + "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/workbook.xml",
            "<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main' "
            "xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
            "<sheets><sheet name='a' sheetId='1' r:id='rId1'/></sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
            "<Relationship Id='rId1' Type='x' Target='worksheets/sheet1.xml'/></Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_with_a_chinese_message(cast, login, monkeypatch):
    monkeypatch.setattr(xlsx_stream, "MAX_UNCOMPRESSED", 4 << 20)
    data = _bomb()
    assert len(data) < 100_000  # 10 MB of XML in a small file
    # The upload reads only the head of the sheet; reading on stops at the bound.
    job = _start(cast, data, "名册.xlsx")
    job.mapping = {job.headers[0]: "name"}
    job = services.validate_job(job)
    assert job.status == ImportJob.Status.FAILED
    assert job.message.startswith("文件解压后超过 4 MB 上限")


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_job_whose_worker_died_is_marked_failed_and_can_be_retried(cast, login):
    job = _start(cast, ROSTER)
    ImportJob.unscoped.filter(pk=job.pk).update(
        status=ImportJob.Status.COMMITTING, worker=f"{os.uname().nodename}:{_dead_pid()}"
    )
    alive = _start(cast, ROSTER)
    ImportJob.unscoped.filter(pk=alive.pk).update(
        status=ImportJob.Status.VALIDATING, worker=f"{os.uname().nodename}:{os.getpid()}"
    )
    elsewhere = _start(cast, ROSTER)
    ImportJob.unscoped.filter(pk=elsewhere.pk).update(
        status=ImportJob.Status.VALIDATING,
        worker="other-host:1",
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=31),
    )
    # The next worker to take an import task first marks the orphans.
    tasks.validate_import.call(str(_start(cast, ROSTER).pk))
    job.refresh_from_db()
    alive.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (job.status, job.message) == (ImportJob.Status.FAILED, services.ORPHAN_MESSAGE)
    assert elsewhere.status == ImportJob.Status.FAILED
    assert alive.status == ImportJob.Status.VALIDATING
    client = login(cast.chair_a)
    page = client.get(f"/imports/job/{job.pk}/").content.decode()
    assert services.ORPHAN_MESSAGE in page and 'id="retry-import"' in page
    client.post(f"/imports/job/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED and job.valid_rows == 1


def test_sqlite_connections_wait_for_the_lock():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has row locks")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20000
