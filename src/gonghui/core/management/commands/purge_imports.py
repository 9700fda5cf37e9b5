"""``gonghui purge_imports``: delete uploaded import files and their stored rows past the keep
period (setting ``core.import_keep_days``), and mark jobs whose worker died as failed."""

from django.core.management.base import BaseCommand

from gonghui.core.imports import services


class Command(BaseCommand):
    help = "删除超过保留期限的导入文件及其中的行；把处理进程已中断的导入标为失败"

    def handle(self, *args, **options):
        orphans = services.recover_orphans()
        purged = services.purge_old_jobs()
        self.stdout.write(f"purged {purged} import jobs; marked {orphans} orphaned jobs failed")
