from django.core.management.base import BaseCommand

from gonghui.core import demo


class Command(BaseCommand):
    help = "Load the fictional demo district (idempotent)."

    def handle(self, *args, **options):
        demo.load_demo()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 / demo data loaded"))
        self.stdout.write(f"\n演示账号（密码均为 {demo.DEMO_PASSWORD}）/ demo logins:")
        for username, full_name, role, code in demo.LOGINS:
            self.stdout.write(f"  {username:<10} {full_name}（{role}，组织 {code}）")
