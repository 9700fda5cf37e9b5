"""``gonghui worker``: the django-tasks database worker plus the clock thread of
``core.scheduling`` (heartbeat, lost-task reaper, scheduled jobs).

Run as many as the load needs, on as many machines: each due scheduled job is enqueued once, each
task is claimed by one worker (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL), and the tasks
of a worker that dies are marked failed once its lease runs out."""

from django_tasks_db.management.commands import db_worker

from gonghui.core import scheduling


class Command(db_worker.Command):
    help = "运行后台任务与定时任务（心跳、失联任务回收、按时间表排队）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="只运行任务，不排队定时任务（心跳与失联任务回收照常）",
        )

    def handle(self, *args, schedule=True, worker_id, **options):
        # the first beat before any task is claimed: a claimed task always has a live lease
        scheduling.beat(worker_id)
        clock = scheduling.Clock(worker_id, schedule=schedule)
        clock.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            clock.stop()
            clock.join(timeout=5)
            scheduling.sign_off(worker_id)
