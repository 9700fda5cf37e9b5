"""Roster import through the API: files over the background threshold (the
``IMPORT_BACKGROUND_ROWS`` setting, lowered here) answer 202 at once and are validated (and
committed) by the task queue; ``GET /imports/{id}`` reports progress until finished."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import ImportJob
from gonghui.members.api import import_in_background
from gonghui.members.models import Member

from .helpers import new_id

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _csv(good=4, bad=0):
    lines = ["姓名,身份证号,手机号"]
    lines += [f"后台{i}号,{new_id()},1380000{i:04d}" for i in range(good)]
    lines += [f"错行{i}号,123,1380001{i:04d}" for i in range(bad)]
    return ("\n".join(lines) + "\n").encode()


def _post(client, data, commit=""):
    return client.post(
        "/api/v1/members/imports",
        {"file": SimpleUploadedFile("名册.csv", data), "org_code": "A", "commit": commit},
    )


def test_large_file_is_accepted_and_imported_in_the_background(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client = login(cast.chair_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(client, _csv(good=4, bad=1), commit="valid")
    body = response.json()
    assert response.status_code == 202, body
    assert body["status"] == "validating" and body["background"] is True
    assert body["finished"] is False and body["total_rows"] >= 5
    assert len(callbacks) == 1  # the task is enqueued only once the upload is committed
    status = client.get(f"/api/v1/members/imports/{body['id']}").json()
    assert status["status"] == "done" and status["finished"] is True
    assert status["progress_percent"] == 100
    assert status["total_rows"] == status["done_rows"] == 5
    assert status["result"]["counts"] == {"新增": 4}
    assert status["issues"][0]["row"] == 6 and status["issues"][0]["column"] == "身份证号"
    assert Member.unscoped.filter(name__startswith="后台").count() == 4


def test_progress_is_reported_while_the_task_waits_and_runs(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    settings.TASKS = DUMMY_TASKS  # a queue nobody works: the job waits
    client = login(cast.chair_a)
    with django_capture_on_commit_callbacks(execute=True):
        body = _post(client, _csv(good=6)).json()
    waiting = client.get(f"/api/v1/members/imports/{body['id']}").json()
    assert waiting["status"] == "validating" and waiting["finished"] is False
    assert waiting["done_rows"] == 0 and waiting["total_rows"] == 7  # estimate: lines in file
    assert waiting["progress_percent"] == 0
    # Half-way (as the validation task reports it batch by batch).
    ImportJob.unscoped.filter(pk=body["id"]).update(done_rows=3)
    assert client.get(f"/api/v1/members/imports/{body['id']}").json()["progress_percent"] == 42
    # A worker picks the task up: validated, not committed (no commit was asked for).
    import_in_background.call(body["id"], "")
    done = client.get(f"/api/v1/members/imports/{body['id']}").json()
    assert done["status"] == "validated" and done["finished"] is True
    assert done["total_rows"] == done["done_rows"] == done["valid_rows"] == 6
    assert not Member.unscoped.filter(name__startswith="后台").exists()
    # Committing a large validated job goes to the background too.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/members/imports/{body['id']}/commit?mode=all")
    assert response.status_code == 202 and response.json()["status"] == "committing"
    assert ImportJob.unscoped.get(pk=body["id"]).status == ImportJob.Status.COMMITTING


def test_background_commit_all_refuses_a_file_with_errors(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    client = login(cast.chair_a)
    with django_capture_on_commit_callbacks(execute=True):
        body = _post(client, _csv(good=3, bad=1), commit="all").json()
    status = client.get(f"/api/v1/members/imports/{body['id']}").json()
    assert status["status"] == "failed" and status["finished"] is True
    assert "未导入任何数据" in status["message"]
    assert not Member.unscoped.filter(name__startswith="后台").exists()


def test_small_file_keeps_the_synchronous_answer(cast, login, settings):
    settings.IMPORT_BACKGROUND_ROWS = 50
    response = _post(login(cast.chair_a), _csv(good=2), commit="all")
    body = response.json()
    assert response.status_code == 201, body
    assert body["status"] == "done" and body["background"] is False and body["finished"]
    assert body["progress_percent"] == 100 and body["result"]["counts"] == {"新增": 2}


def test_bad_commit_mode_is_refused_before_anything_is_stored(cast, login, settings):
    settings.IMPORT_BACKGROUND_ROWS = 3
    response = _post(login(cast.chair_a), _csv(good=4), commit="everything")
    assert response.status_code == 422
    assert not ImportJob.unscoped.exists()


def test_other_union_cannot_follow_the_job(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    settings.TASKS = DUMMY_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        body = _post(login(cast.chair_a), _csv(good=4)).json()
    assert login(cast.chair_b).get(f"/api/v1/members/imports/{body['id']}").status_code == 404


def test_openapi_documents_the_background_answer():
    from gonghui.api import api

    operation = api.get_openapi_schema()["paths"]["/api/v1/members/imports"]["post"]
    assert {201, 202} <= {int(code) for code in operation["responses"]}
    assert "202" in operation["description"] and "后台" in operation["summary"]


def test_inputs_are_bounded(cast, login):
    client = login(cast.chair_a)
    response = client.post(
        "/api/v1/members/imports",
        {"file": SimpleUploadedFile("名册.csv", _csv(good=1)), "org_code": "A" * 51},
    )
    assert response.status_code == 422
    assert client.get("/api/v1/members/imports/" + "9" * 65).status_code in (404, 422)
    assert client.post(
        f"/api/v1/members/imports/{'0' * 32}/commit?mode={'x' * 11}"
    ).status_code in (
        404,
        422,
    )
    assert client.get("/api/v1/members/imports/not-a-uuid").status_code in (404, 422)
