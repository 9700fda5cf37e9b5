"""The worker's schedule, heartbeat and lost-task reaper (core/scheduling.py).

The multi-process proof (two app servers and two workers on one PostgreSQL database) is
tests/scale/test_multiprocess.py; here the rules, on the test database."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from gonghui.core import scheduling
from gonghui.core.models import ScheduledJob, SmsMessage, WorkerHeartbeat
from gonghui.rights.models import WorkerRequest
from tests.rights.helpers import aware, file_request

pytestmark = pytest.mark.django_db

NOW = aware(datetime.date(2026, 10, 14), hour=1)  # 01:00 Beijing time, a Wednesday

INTERVAL_JOBS = ["core.resend_stuck_sms", "rights.escalate_requests"]


def test_the_schedule_names_every_periodic_job():
    assert {name: (job.every, job.daily_at) for name, job in scheduling.JOBS.items()} == {
        "rights.escalate_requests": (datetime.timedelta(minutes=15), None),
        "core.resend_stuck_sms": (datetime.timedelta(minutes=10), None),
        "reports.refresh_stats": (None, datetime.time(2, 0)),
        "assistance.purge": (None, datetime.time(3, 0)),
        "core.purge_imports": (None, datetime.time(3, 30)),
        "core.clear_sessions": (None, datetime.time(4, 0)),
        "core.prune_task_results": (None, datetime.time(4, 30)),
        "life.remind_notices": (None, datetime.time(8, 30)),
        "workplace.remind_commitments": (None, datetime.time(8, 45)),
        "funds.remind_arrears": (None, datetime.time(9, 0)),
    }
    from django.utils.module_loading import import_string

    for job in scheduling.JOBS.values():
        assert hasattr(import_string(job.task), "enqueue"), job.task


def test_interval_jobs_run_at_once_and_daily_jobs_at_their_hour():
    assert scheduling.enqueue_due("w1", now=NOW) == INTERVAL_JOBS
    rows = {row.name: row for row in ScheduledJob.objects.all()}
    assert len(rows) == 10
    assert rows["rights.escalate_requests"].next_run_at == NOW + datetime.timedelta(minutes=15)
    assert rows["rights.escalate_requests"].runs == 1
    assert rows["rights.escalate_requests"].last_worker_id == "w1"
    assert rows["reports.refresh_stats"].next_run_at == aware(datetime.date(2026, 10, 14), 2)
    assert rows["reports.refresh_stats"].runs == 0
    assert rows["core.prune_task_results"].next_run_at == timezone.make_aware(
        datetime.datetime(2026, 10, 14, 4, 30)
    )


def test_a_due_run_is_enqueued_once():
    assert scheduling.enqueue_due("w1", now=NOW) == INTERVAL_JOBS
    # a second worker at the same moment finds nothing due
    assert scheduling.enqueue_due("w2", now=NOW) == []
    assert scheduling.enqueue_due("w2", now=NOW + datetime.timedelta(minutes=9)) == []
    later = NOW + datetime.timedelta(minutes=10)
    assert scheduling.enqueue_due("w2", now=later) == ["core.resend_stuck_sms"]
    assert ScheduledJob.objects.get(name="core.resend_stuck_sms").runs == 2
    assert ScheduledJob.objects.get(name="rights.escalate_requests").runs == 1


def test_daily_job_runs_once_after_missed_days():
    scheduling.enqueue_due("w1", now=NOW)
    three_days_later = NOW + datetime.timedelta(days=3)  # 17 Oct 01:00: three 02:00s missed
    assert scheduling.enqueue_due("w1", now=three_days_later) == [
        "assistance.purge",
        "core.clear_sessions",
        "core.prune_task_results",
        "core.purge_imports",
        "core.resend_stuck_sms",
        "funds.remind_arrears",
        "life.remind_notices",
        "reports.refresh_stats",
        "rights.escalate_requests",
        "workplace.remind_commitments",
    ]
    stats = ScheduledJob.objects.get(name="reports.refresh_stats")
    assert stats.runs == 1
    assert stats.next_run_at == aware(datetime.date(2026, 10, 17), 2)


def test_the_schedule_escalates_overdue_requests(cast):
    req, _ = file_request(cast, now=aware(datetime.date(2020, 1, 6)))
    scheduling.enqueue_due("w1")
    req = WorkerRequest.objects.get(pk=req.pk)
    assert req.org == cast.street
    assert req.escalation_count == 1


def test_run_now_makes_a_job_due():
    scheduling.enqueue_due("w1", now=NOW)
    scheduling.run_now("reports.refresh_stats", now=NOW)
    assert scheduling.enqueue_due("w1", now=NOW) == ["reports.refresh_stats"]
    with pytest.raises(LookupError):
        scheduling.run_now("no.such.job")


def test_stuck_text_messages_are_queued_again(cast, monkeypatch):
    from gonghui.core import notify, tasks

    queued = []
    monkeypatch.setattr(notify, "_enqueue", lambda pk, delay_seconds=0: queued.append(pk))
    old = SmsMessage.unscoped.create(
        org=cast.union_a, org_path=cast.union_a.path, phone="13800001111", template_key="x"
    )
    fresh = SmsMessage.unscoped.create(
        org=cast.union_a, org_path=cast.union_a.path, phone="13800002222", template_key="x"
    )
    sent = SmsMessage.unscoped.create(
        org=cast.union_a,
        org_path=cast.union_a.path,
        phone="13800003333",
        template_key="x",
        status="sent",
    )
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    SmsMessage.unscoped.filter(pk__in=[old.pk, sent.pk]).update(updated_at=long_ago)
    assert tasks.resend_stuck_sms.call() == {"requeued": 1}
    assert queued == [old.pk]
    assert fresh.pk not in queued
    # touched: the next sweep leaves it alone
    assert tasks.resend_stuck_sms.call() == {"requeued": 0}


def test_old_finished_task_results_are_pruned():
    from gonghui.core import tasks

    now = timezone.now()
    keep = _result(TaskResultStatus.SUCCESSFUL, finished_at=now - datetime.timedelta(days=29))
    _result(TaskResultStatus.SUCCESSFUL, finished_at=now - datetime.timedelta(days=31))
    _result(TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(days=40))
    waiting = _result(TaskResultStatus.READY)
    assert tasks.prune_task_results.call() == {"deleted": 2}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {keep.pk, waiting.pk}


# ------------------------------------------------------------------------ heartbeat and reaper


def _result(status, *, worker_ids=(), started_at=None, finished_at=None, args=()):
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=status,
        args_kwargs={"args": list(args), "kwargs": {}},
        task_path="gonghui.reports.tasks.refresh_stats",
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=list(worker_ids),
        started_at=started_at,
        finished_at=finished_at,
    )


def test_a_task_of_a_lost_worker_is_marked_failed(settings):
    settings.WORKER_LEASE_SECONDS = 60
    now = timezone.now()
    minutes = datetime.timedelta(minutes=1)
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=now - 5 * minutes)
    WorkerHeartbeat.objects.create(worker_id="alive", seen_at=now - datetime.timedelta(seconds=5))
    lost = _result(
        TaskResultStatus.RUNNING, worker_ids=["dead"], started_at=now - 6 * minutes, args=[7]
    )
    busy = _result(TaskResultStatus.RUNNING, worker_ids=["alive"], started_at=now - 30 * minutes)
    # a worker that never beat (a plain db_worker) gets a full lease from the task's start
    just_started = _result(
        TaskResultStatus.RUNNING,
        worker_ids=["plain"],
        started_at=now - datetime.timedelta(seconds=10),
    )
    unbeaten = _result(
        TaskResultStatus.RUNNING, worker_ids=["plain2"], started_at=now - 2 * minutes
    )
    done = _result(TaskResultStatus.SUCCESSFUL, worker_ids=["dead"], started_at=now - 9 * minutes)

    seen = []
    scheduling.task_lost.connect(
        lambda sender, **kw: seen.append((kw["task_path"], kw["args"], kw["worker_id"])),
        weak=False,
        dispatch_uid="test-lost",
    )
    try:
        assert sorted(scheduling.reap_lost_tasks(now)) == sorted([str(lost.pk), str(unbeaten.pk)])
    finally:
        scheduling.task_lost.disconnect(dispatch_uid="test-lost")
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        lost.pk: TaskResultStatus.FAILED,
        busy.pk: TaskResultStatus.RUNNING,
        just_started.pk: TaskResultStatus.RUNNING,
        unbeaten.pk: TaskResultStatus.FAILED,
        done.pk: TaskResultStatus.SUCCESSFUL,
    }
    lost.refresh_from_db()
    assert lost.exception_class_path == "gonghui.core.scheduling.WorkerLost"
    assert "后台进程 dead 已失联" in lost.traceback
    assert lost.finished_at == now
    assert sorted(seen) == [
        ("gonghui.reports.tasks.refresh_stats", [], "plain2"),
        ("gonghui.reports.tasks.refresh_stats", [7], "dead"),
    ]
    # a second reaper finds nothing more to do
    assert scheduling.reap_lost_tasks(now) == []


def test_beat_and_sign_off():
    scheduling.beat("w9", now=NOW)
    row = WorkerHeartbeat.objects.get()
    assert (row.worker_id, row.seen_at, row.started_at) == ("w9", NOW, NOW)
    later = NOW + datetime.timedelta(seconds=10)
    scheduling.beat("w9", now=later)
    row.refresh_from_db()
    assert (row.seen_at, row.started_at) == (later, NOW)
    scheduling.sign_off("w9")
    assert not WorkerHeartbeat.objects.exists()


def test_heartbeats_of_long_gone_workers_are_forgotten():
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="gone", seen_at=now - datetime.timedelta(days=2))
    WorkerHeartbeat.objects.create(worker_id="recent", seen_at=now - datetime.timedelta(hours=3))
    scheduling.reap_lost_tasks(now)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]


def test_worker_command_is_the_scheduling_worker():
    from django.core.management import get_commands

    assert get_commands()["run_worker"] == "gonghui.core"
