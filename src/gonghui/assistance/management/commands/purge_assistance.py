"""``gonghui purge_assistance`` (by hand; the worker runs it nightly) purges the personal data of
closed hardship files whose keep date (closing date + ``assistance.retention_years``) has
passed."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from gonghui.assistance import retention

LABELS = {
    "files": "档案",
    "household": "家庭成员",
    "incomes": "其他收入",
    "costs": "刚性支出",
    "declarations": "财产申报",
    "attachments": "申请材料",
    "visits": "入户核查与回访",
    "objections": "公示异议",
    "overrides": "排除规则放行",
    "reviews": "年审记录",
    "flags": "重复与异常提示",
    "entitlements_anonymised": "匿名化的救助名单",
    "payments_kept": "保留的发放记录",
    "timeline_reasons_cleared": "清除的办理理由",
}


class Command(BaseCommand):
    help = "清除保存期满的困难职工档案中的个人信息（发放台账保留并匿名化）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="只统计将要清除的数量，不做任何修改"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="交给后台任务队列执行（默认立即执行）"
        )
        parser.add_argument("--date", help="按该日期判断是否期满（YYYY-MM-DD，默认今天）")

    def handle(self, *args, dry_run=False, enqueue=False, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
        if enqueue:
            if today is not None:
                raise CommandError("--date 不能与 --enqueue 同时使用")
            from gonghui.assistance.tasks import purge_assistance

            result = purge_assistance.enqueue(dry_run=dry_run)
            self.stdout.write(f"已加入任务队列：{result.id}")
            return
        totals = retention.purge_due(today=today, dry_run=dry_run)
        head = "试运行（未做修改）：将清除" if dry_run else "已清除"
        self.stdout.write(f"{head} {totals['files']} 份档案的个人信息")
        for key, value in totals.items():
            if key != "files":
                self.stdout.write(f"  {LABELS.get(key, key)}：{value}")
