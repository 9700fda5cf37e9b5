"""Daily: text the unions that have not yet confirmed or replied to a notice due soon."""

from django.core.management.base import BaseCommand

from gonghui.life.services.notices import send_notice_reminders


class Command(BaseCommand):
    help = "向临近回复截止日仍未回复通知的工会发送短信提醒"

    def handle(self, *args, **options):
        sent = send_notice_reminders()
        self.stdout.write(f"queued {sent} reminder(s)")
