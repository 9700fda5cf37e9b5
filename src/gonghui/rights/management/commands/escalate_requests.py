"""``gonghui escalate_requests`` reminds and escalates worker requests by hand; the worker runs
the same job every 15 minutes (``core/scheduling.py``)."""

from django.core.management.base import BaseCommand

from gonghui.rights import services


class Command(BaseCommand):
    help = "提醒即将到期的职工诉求，并将逾期未答复的诉求升级至上级工会"

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="交给后台任务队列执行（默认立即执行）"
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from gonghui.rights.tasks import escalate_requests

            result = escalate_requests.enqueue()
            self.stdout.write(f"已加入任务队列：{result.id}")
            return
        reminded = services.send_reminders()
        escalated = services.escalate_overdue()
        self.stdout.write(f"提醒 {reminded} 件，升级 {escalated} 件")
