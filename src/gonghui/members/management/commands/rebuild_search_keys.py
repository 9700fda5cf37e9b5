"""``gonghui rebuild_search_keys``: rebuild the member search index from the roster."""

import time

from django.core.management.base import BaseCommand

from gonghui.core.scoping import scopes_disabled
from gonghui.members import search


class Command(BaseCommand):
    help = "重建会员检索索引（姓名片段、拼音、首字母、身份证号和手机号尾号）"

    def handle(self, *args, **options):
        started = time.monotonic()
        with scopes_disabled():
            written = search.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"已重建 {written} 名会员的检索索引：{time.monotonic() - started:.1f} 秒"
            )
        )
