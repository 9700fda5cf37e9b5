"""A background import speaks the language of the person who uploaded the file, not the
worker's: the rows' reasons, the failure message, and the messages of a job whose worker died or
that was abandoned are worded in the uploader's language (a job from before has none: the
default, Chinese)."""

import datetime
import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from gonghui.core.imports import services, tasks
from gonghui.core.models import ImportJob
from gonghui.core.text.idnumbers import make_id_number
from gonghui.members.api import import_in_background

pytestmark = pytest.mark.django_db

EN, ZH = "en", "zh-hans"
GOOD = make_id_number("320102", datetime.date(1990, 3, 7), 1, "M")
OTHER = make_id_number("320102", datetime.date(1991, 4, 8), 2, "M")
# Row 2 has no name (an error); row 3 says its sex in words nobody knows (a warning).
ROSTER = f"姓名,身份证号,性别\n,{GOOD},男\n王五,{OTHER},外星\n".encode()
REASONS = {
    EN: [
        (2, "姓名", "error", "Required; cannot be empty"),
        (
            3,
            "性别",
            "warning",
            '"外星" is not a known wording: map it to an option in the preview, or the cell is '
            "left empty",
        ),
    ],
    ZH: [
        (2, "姓名", "error", "必填，不能为空"),
        (3, "性别", "warning", "“外星”不是已知的写法：请在预览中把它对应到一个选项，否则该项留空"),
    ],
}
REFUSED = {
    EN: "Row 2 has errors (1 rows with errors in all); nothing was imported",
    ZH: "第 2 行有错误（共 1 行有错误），未导入任何数据",
}
ORPHANED = {
    EN: 'The background worker stopped; this import wrote nothing. Click "Retry" to validate '
    "again, then commit",
    ZH: "后台处理进程中断，本次导入没有写入任何数据：请点“重试”重新校验后再提交",
}
ABANDONED = {
    EN: "Not committed within the keeping period: abandoned and the file deleted",
    ZH: "超过保留期限未提交，已放弃并删除文件",
}
CRASHED = {
    EN: "Background processing failed: upload again or contact the administrator",
    ZH: "后台处理出错，请重新上传或联系管理员",
}


@pytest.fixture(autouse=True)
def _chinese_again_afterwards():
    """A request in English leaves English active in this thread: the next test reads Chinese."""
    with translation.override(ZH):
        yield


def _other(language):
    return ZH if language == EN else EN


def _upload(client, language):
    response = client.post(
        "/imports/members/",
        {"file": SimpleUploadedFile("名册.csv", ROSTER), "org_code": "A"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.unscoped.latest("created_at")


def _as_the_worker(language, task, *args):
    """Run ``task`` the way ``gonghui worker`` does: in the worker's own language, here
    ``language`` (the worker's default is Chinese; the other one proves the job decides)."""
    with translation.override(language):
        task.call(*args)


def _reasons(job):
    job.refresh_from_db()
    return sorted((i["row"], i["column"], i["level"], i["message"]) for i in job.issues)


def test_background_validation_words_the_reasons_in_the_english_uploaders_language(cast, login):
    job = _upload(login(cast.chair_a), EN)
    assert job.language == EN
    _as_the_worker(ZH, tasks.validate_import, str(job.pk))
    assert _reasons(job) == REASONS[EN]
    assert job.status == ImportJob.Status.VALIDATED


def test_background_validation_words_the_reasons_in_the_chinese_uploaders_language(cast, login):
    job = _upload(login(cast.chair_a), ZH)
    assert job.language == ZH
    _as_the_worker(EN, tasks.validate_import, str(job.pk))
    assert _reasons(job) == REASONS[ZH]


@pytest.mark.parametrize("language", [EN, ZH])
def test_a_refused_background_commit_says_why_in_the_uploaders_language(cast, login, language):
    job = _upload(login(cast.chair_a), language)
    _as_the_worker(_other(language), tasks.validate_import, str(job.pk))
    _as_the_worker(_other(language), tasks.commit_import, str(job.pk), "all")
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportJob.Status.FAILED, REFUSED[language])
    assert _reasons(job) == REASONS[language]


def test_a_job_handed_to_the_worker_again_speaks_the_language_of_who_handed_it(
    cast, login, settings
):
    """Uploaded in Chinese, then validated and committed from the English pages: the worker
    words it in English, as the same steps done at once (a small file) would be."""
    client = login(cast.chair_a)
    job = _upload(client, ZH)
    settings.IMPORT_BACKGROUND_ROWS = 0  # every file goes to the worker
    form = client.get(f"/imports/job/{job.id}/map/").context["form"]
    mapping = {name: form.fields[name].initial or "" for name in form.fields}
    client.post(f"/imports/job/{job.id}/map/", mapping, HTTP_ACCEPT_LANGUAGE=EN)
    job.refresh_from_db()
    assert job.language == EN
    _as_the_worker(ZH, tasks.validate_import, str(job.pk))
    assert _reasons(job) == REASONS[EN]

    ImportJob.unscoped.filter(pk=job.pk).update(language=ZH)  # as if uploaded and validated so
    client.post(f"/imports/job/{job.id}/commit/", {"mode": "all"}, HTTP_ACCEPT_LANGUAGE=EN)
    job.refresh_from_db()
    assert (job.status, job.language) == (ImportJob.Status.COMMITTING, EN)
    _as_the_worker(ZH, tasks.commit_import, str(job.pk), "all")
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportJob.Status.FAILED, REFUSED[EN])


@pytest.mark.parametrize("language", [EN, ZH])
def test_an_api_import_in_the_background_speaks_the_callers_language(
    cast, login, settings, language
):
    settings.IMPORT_BACKGROUND_ROWS = 0  # every file goes to the worker
    response = login(cast.chair_a).post(
        "/api/v1/members/imports",
        {"file": SimpleUploadedFile("名册.csv", ROSTER), "org_code": "A", "commit": "all"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 202, response.content.decode()[:2000]
    job = ImportJob.unscoped.get(pk=response.json()["id"])
    assert job.language == language
    _as_the_worker(_other(language), import_in_background, str(job.pk), "all")
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportJob.Status.FAILED, REFUSED[language])
    assert _reasons(job) == REASONS[language]


@pytest.mark.parametrize("language", [EN, ZH])
def test_an_api_import_that_crashes_in_the_background_says_so_in_the_callers_language(
    cast, login, settings, language
):
    settings.IMPORT_BACKGROUND_ROWS = 0
    response = login(cast.chair_a).post(
        "/api/v1/members/imports",
        {"file": SimpleUploadedFile("名册.csv", ROSTER), "org_code": "A"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    job = ImportJob.unscoped.get(pk=response.json()["id"])
    job.file.storage.delete(job.file.name)  # the worker cannot read the upload
    with pytest.raises(FileNotFoundError):
        _as_the_worker(_other(language), import_in_background, str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportJob.Status.FAILED, CRASHED[language])


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _jobs_in_each_language(client):
    """A job uploaded in English, one in Chinese, and one from before jobs kept a language."""
    jobs = {EN: _upload(client, EN), ZH: _upload(client, ZH), "": _upload(client, ZH)}
    ImportJob.unscoped.filter(pk=jobs[""].pk).update(language="")
    return jobs


@pytest.mark.parametrize("worker_language", [ZH, EN])
def test_a_job_whose_worker_died_is_marked_failed_in_its_uploaders_language(
    cast, login, worker_language
):
    jobs = _jobs_in_each_language(login(cast.chair_a))
    ImportJob.unscoped.filter(pk__in=[j.pk for j in jobs.values()]).update(
        status=ImportJob.Status.VALIDATING, worker=f"{os.uname().nodename}:{_dead_pid()}"
    )
    with translation.override(worker_language):
        assert services.recover_orphans() == 3
    messages = {
        language: ImportJob.unscoped.get(pk=job.pk).message for language, job in jobs.items()
    }
    assert messages == {EN: ORPHANED[EN], ZH: ORPHANED[ZH], "": ORPHANED[ZH]}


@pytest.mark.parametrize("worker_language", [ZH, EN])
def test_an_abandoned_job_says_so_in_its_uploaders_language(cast, login, worker_language):
    jobs = _jobs_in_each_language(login(cast.chair_a))
    with translation.override(worker_language):
        assert services.purge_old_jobs(now=timezone.now() + datetime.timedelta(days=8)) == 3
    found = {language: ImportJob.unscoped.get(pk=job.pk) for language, job in jobs.items()}
    assert {language: (job.status, job.message) for language, job in found.items()} == {
        EN: (ImportJob.Status.CANCELLED, ABANDONED[EN]),
        ZH: (ImportJob.Status.CANCELLED, ABANDONED[ZH]),
        "": (ImportJob.Status.CANCELLED, ABANDONED[ZH]),
    }
