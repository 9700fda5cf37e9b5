import time

from django.core.management.base import BaseCommand

from gonghui.reports.services import recompute_all


class Command(BaseCommand):
    help = "Recompute the kept statistics (subtree totals for every organisation)."

    def handle(self, *args, **options):
        started = time.monotonic()
        n = recompute_all()
        self.stdout.write(f"{n} 个组织的统计已更新（{time.monotonic() - started:.1f} 秒）")
